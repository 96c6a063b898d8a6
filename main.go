// Command bgkit configures, checks and triggers background work in mobile apps.
package main

import (
	"os"

	"github.com/bgkit/bgkit/cmd"
)

func main() { os.Exit(cmd.Main()) }
