package main

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/bgkit/bgkit/doctor"
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
