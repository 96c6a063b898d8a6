// Package textdiff renders the unified diffs bgkit prints for --dry-run,
// --check and doctor --fix --dry-run, in the form git and patch(1) read.
package textdiff

import (
	"bytes"
	"strings"

	"github.com/aymanbagabas/go-udiff"
)

// Unified returns a unified diff of old and new for the file at path, with
// git-style a/ and b/ labels, or "" when the two are equal.
func Unified(path string, old, new []byte) string {
	if bytes.Equal(old, new) {
		return ""
	}
	if strings.HasPrefix(path, "/") {
		// git's a/ and b/ prefixes are for paths relative to a root; an
		// absolute path is labelled as it is ("a//tmp/x" helps nobody).
		return udiff.Unified(path, path, string(old), string(new))
	}
	return udiff.Unified("a/"+path, "b/"+path, string(old), string(new))
}

// Stat counts the lines a unified diff adds and removes.
func Stat(diff string) (added, removed int) {
	for _, line := range bytes.Split([]byte(diff), []byte("\n")) {
		switch {
		case bytes.HasPrefix(line, []byte("+++")), bytes.HasPrefix(line, []byte("---")):
		case bytes.HasPrefix(line, []byte("+")):
			added++
		case bytes.HasPrefix(line, []byte("-")):
			removed++
		}
	}
	return added, removed
}
