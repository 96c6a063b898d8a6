//go:build ignore

// gen writes bgkit's npm packages; see internal/npmpkg. From the repository:
//
//	go run npm/gen.go -version 1.2.3 -dist dist -out dist/npm
//	go run npm/gen.go -version 1.2.3 -build -out dist/npm
package main

import (
	"os"

	"github.com/bgkit/bgkit/internal/npmpkg"
)

func main() { os.Exit(npmpkg.Main(os.Args[1:])) }
