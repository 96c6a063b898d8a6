package project

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A number too large for a float64 is valid JSON: no problem is recorded.
func TestDetectHugeJSONNumber(t *testing.T) {
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "package.json"), []byte(`{"dependencies": {"expo": "~54.0.0"}, "n": 1e400}`), 0o644)
	os.WriteFile(filepath.Join(root, "app.json"), []byte(`{"expo": {"name": "a", "extra": {"big": 1e400}}}`), 0o644)
	p, err := Detect(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Problems) != 0 {
		t.Fatalf("problems: %+v", p.Problems)
	}
}

// A FIFO in a config file's place is a problem, found at once.
func TestDetectFIFOIsAProblem(t *testing.T) {
	root := t.TempDir()
	if err := mkfifo(filepath.Join(root, "package.json")); err != nil {
		t.Skip(err)
	}
	p, err := Detect(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Problems) != 1 || p.Problems[0].File != "package.json" || !strings.Contains(p.Problems[0].Msg, "not a regular file") {
		t.Fatalf("problems: %+v", p.Problems)
	}
}
