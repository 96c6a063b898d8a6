package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/bgkit/bgkit/doctor"
	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/project"
	"github.com/bgkit/bgkit/trigger"
	"github.com/bgkit/bgkit/trigger/ios"
)

// The README's rules table is the catalog's own markdown listing, so the
// documentation cannot drift from the rules that run.
func TestReadmeRulesTable(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	var table bytes.Buffer
	if err := doctor.WriteRules(&table, doctor.Catalog.Rules(), "markdown"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), table.String()) {
		t.Fatalf("README.md's rules table differs from the catalog; replace it with the output of\n  go run . doctor --list-rules --format markdown")
	}
}

// TestReadmeSetUpIsWalked keeps the README's set-up commands and the
// first-hour script together: every `go run . ARGS` there is run by
// testdata/script/first_hour.txtar (on a git copy of the examples, which
// must stay clean), so following the README never edits the repository.
func TestReadmeSetUpIsWalked(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	script, err := os.ReadFile("testdata/script/first_hour.txtar")
	if err != nil {
		t.Fatal(err)
	}
	_, setUp, ok := strings.Cut(string(readme), "## Set up\n")
	if !ok {
		t.Fatal("README.md has no ## Set up section")
	}
	_, block, _ := strings.Cut(setUp, "```sh\n")
	block, _, _ = strings.Cut(block, "```")
	n := 0
	for _, line := range strings.Split(block, "\n") {
		cmd, _, _ := strings.Cut(line, "#")
		args, ok := strings.CutPrefix(strings.TrimSpace(cmd), "go run . ")
		if !ok {
			continue
		}
		n++
		want := "bgkit " + strings.ReplaceAll(args, "-C examples/", "-C repo/examples/")
		if !strings.Contains(string(script), want+"\n") {
			t.Errorf("README's set-up runs `go run . %s`; first_hour.txtar does not run `%s`", args, want)
		}
	}
	if n == 0 {
		t.Fatal("no `go run .` command in README's set-up")
	}
}

// The Safety section's caps are the ones the code applies.
func TestReadmeSafetyLimits(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		fmt.Sprintf("Gradle files) | %d MiB |", fsutil.MaxEditSize>>20),
		fmt.Sprintf("(more stops the program, exit 2) | %d MiB |", trigger.MaxOutput>>20),
		fmt.Sprintf("APNs itself takes %d KiB) | %d KiB |", ios.MaxPayloadBytes>>10, 16*ios.MaxPayloadBytes>>10),
		fmt.Sprintf("(a monorepo) | %d folders deep,", project.MaxAppDepth),
	} {
		if !strings.Contains(string(readme), want) {
			t.Errorf("README.md's Safety section lacks %q", want)
		}
	}
}
