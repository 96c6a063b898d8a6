package project

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bgkit/bgkit/internal/fsutil"
)

// TestCacheRead: a file is read once whatever bound later reads ask for,
// unless the bound of the first read made it fail; a missing file stays
// missing; a nil Cache reads every time.
func TestCacheRead(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	big := filepath.Join(dir, "big")
	os.WriteFile(big, []byte(strings.Repeat("x", 100)), 0o644)
	reads := 0
	c := &Cache{ReadFile: func(p string, max int64) ([]byte, error) {
		reads++
		return fsutil.ReadFile(p, max)
	}}
	if _, err := c.read(big, 10); err == nil {
		t.Fatal("a 100-byte file read under a 10-byte bound")
	}
	if _, err := c.read(big, 10); err == nil || reads != 1 {
		t.Fatalf("second read under the same bound: err %v, %d reads", err, reads)
	}
	if data, err := c.read(big, 1000); err != nil || len(data) != 100 || reads != 2 {
		t.Fatalf("read under a larger bound: %d bytes, err %v, %d reads", len(data), err, reads)
	}
	if data, err := c.read(big, 200); err != nil || len(data) != 100 || reads != 2 {
		t.Fatalf("read again: %d bytes, err %v, %d reads", len(data), err, reads)
	}
	if _, err := c.read(big, 50); err == nil || reads != 3 {
		t.Fatalf("read under a bound smaller than the file: err %v, %d reads", err, reads)
	}
	missing := filepath.Join(dir, "missing")
	for range 2 {
		if _, err := c.read(missing, 10); !os.IsNotExist(err) {
			t.Fatalf("missing file: %v", err)
		}
	}
	if reads != 4 {
		t.Fatalf("%d reads, want 4", reads)
	}
	// Without a Cache, every read reads.
	var none *Cache
	os.WriteFile(missing, []byte("now"), 0o644)
	if data, err := none.read(missing, 10); err != nil || string(data) != "now" {
		t.Fatalf("nil Cache: %q, %v", data, err)
	}
}
