package doctor

import (
	"testing"

	"github.com/bgkit/bgkit/project"
)

func TestSinceHolds(t *testing.T) {
	bgLoc := since{From: "1.1.0"}
	rnbf3 := since{From: "3.0.1", Until: "4.0.0"}
	tests := []struct {
		s         since
		declared  string
		installed string
		want      tristate
	}{
		{bgLoc, "^1.0.0", "1.0.5", no},
		{bgLoc, "^1.0.0", "1.1.0", yes},
		{bgLoc, "^1.0.0", "", unknown},
		{bgLoc, "^1.1.0", "", yes},
		{bgLoc, "~1.0.2", "", no},
		{bgLoc, "1.0.5", "", no},
		{bgLoc, "dev", "", unknown},
		{bgLoc, "workspace:^", "", unknown},
		{bgLoc, "^2.0.0", "", yes},
		{rnbf3, "^3.1.0", "", yes},
		{rnbf3, "^3.1.0", "3.1.0", yes},
		{rnbf3, "^4.2.5", "", no},
		{rnbf3, "^2.7.0", "", no},
		{rnbf3, ">=3.0.0", "", unknown},
		{rnbf3, "3.x", "", unknown},
		{since{From: "0.6.0"}, "^0.5.0", "", no},
		{since{From: "0.6.0"}, "^0.5.0", "0.5.2", no},
		{since{From: "0.6.0"}, "^0.6.0", "", yes},
		{since{From: "0.6.0"}, "any", "", unknown},
	}
	for _, tt := range tests {
		l := libUse{Spec: &libSpec{Name: "x"}, Lib: project.Library{Name: "x", Version: tt.declared, Installed: tt.installed, InstalledFrom: "lock", File: "package.json", Line: 1}}
		if got, _ := tt.s.holds(l); got != tt.want {
			t.Errorf("%v holds for %q installed %q = %v, want %v", tt.s, tt.declared, tt.installed, got, tt.want)
		}
	}
}

func FuzzParseRange(f *testing.F) {
	for _, s := range []string{"^1.2.3", "~0.1", ">=2", "1.x", "1.2.*", "v1.0.0-beta.1", "dev"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lo, hi, ok := parseRange(s)
		if ok && hi != nil && cmpVersion(lo, hi) >= 0 {
			t.Fatalf("%q: empty range [%v, %v)", s, lo, hi)
		}
	})
}
