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
