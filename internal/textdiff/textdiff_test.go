package textdiff

import (
	"strings"
	"testing"
)

func TestUnified(t *testing.T) {
	if d := Unified("x", []byte("a\n"), []byte("a\n")); d != "" {
		t.Fatalf("equal inputs gave a diff: %q", d)
	}
	d := Unified("Info.plist", []byte("a\nb\n"), []byte("a\nnew\nb\n"))
	want := "--- a/Info.plist\n+++ b/Info.plist\n@@ -1,2 +1,3 @@\n a\n+new\n b\n"
	if d != want {
		t.Fatalf("diff:\n%s\nwant:\n%s", d, want)
	}
	if a, r := Stat(d); a != 1 || r != 0 {
		t.Fatalf("Stat = +%d -%d, want +1 -0", a, r)
	}
}

func TestUnifiedAbsolutePath(t *testing.T) {
	d := Unified("/tmp/x.xml", []byte("a\n"), []byte("b\n"))
	if !strings.HasPrefix(d, "--- /tmp/x.xml\n+++ /tmp/x.xml\n") {
		t.Fatalf("labels: %q", d)
	}
}

func TestColorize(t *testing.T) {
	d := Unified("Info.plist", []byte("a\n\told\n"), []byte("a\n\tnew\n"))
	got := Colorize(d)
	for _, want := range []string{
		"\x1b[1m--- a/Info.plist\x1b[0m\n",
		"\x1b[1m+++ b/Info.plist\x1b[0m\n",
		"\x1b[36m@@ -1,2 +1,2 @@\x1b[0m\n",
		" a\n",
		"\x1b[31m-\told\x1b[0m\n", // tabs kept as they are
		"\x1b[32m+\tnew\x1b[0m\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in %q", want, got)
		}
	}
	if Colorize("") != "" {
		t.Error("an empty diff gained bytes")
	}
}
