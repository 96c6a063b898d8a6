package trigger

import (
	"fmt"
	"strings"
	"testing"
)

func TestSplitShellExit(t *testing.T) {
	tests := []struct {
		in   string
		out  string
		code int
		ok   bool
	}{
		{"Running job [FORCED]\n__bgkit_exit:0\n", "Running job [FORCED]\n", 0, true},
		{"10__bgkit_exit:3\n", "10", 3, true},
		{"__bgkit_exit:127\r\n", "", 127, true},
		{"__bgkit_exit:255", "", 255, true},
		{"JOB #u0a1/1\n  Source:", "JOB #u0a1/1\n  Source:", 0, false},
		{"__bgkit_exit:\n", "__bgkit_exit:\n", 0, false},
		{"__bgkit_exit:3\nmore\n", "__bgkit_exit:3\nmore\n", 0, false},
		{"__bgkit_exit:+3\n", "__bgkit_exit:+3\n", 0, false},
		{"__bgkit_exit:256\n", "__bgkit_exit:256\n", 0, false},
	}
	for _, tt := range tests {
		out, code, ok := SplitShellExit([]byte(tt.in))
		if string(out) != tt.out || code != tt.code || ok != tt.ok {
			t.Errorf("SplitShellExit(%q) = %q, %d, %v; want %q, %d, %v", tt.in, out, code, ok, tt.out, tt.code, tt.ok)
		}
	}
}

func FuzzSplitShellExit(f *testing.F) {
	for _, s := range []string{"Running job\n__bgkit_exit:0\n", "__bgkit_exit:255\r\n", "x__bgkit_exit:3", "__bgkit_exit:", "__bgkit_exit:1__bgkit_exit:2\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		out, code, ok := SplitShellExit(in)
		if !ok {
			if string(out) != string(in) {
				t.Fatalf("not split, but the output changed: %q -> %q", in, out)
			}
			return
		}
		if code < 0 || code > 255 || !strings.HasPrefix(string(in), string(out)) {
			t.Fatalf("%q -> %q, %d", in, out, code)
		}
		rest := strings.TrimPrefix(string(in), string(out))
		if rest != fmt.Sprintf("%s%d", ShellExitMarker, code) && rest != fmt.Sprintf("%s%d\n", ShellExitMarker, code) && rest != fmt.Sprintf("%s%d\r\n", ShellExitMarker, code) {
			t.Fatalf("%q: the stripped part %q is not one exit-status line", in, rest)
		}
	})
}
