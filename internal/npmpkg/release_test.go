package npmpkg

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// .goreleaser.yaml builds the binaries the npm packages hold: the same
// targets, and -X flags that name variables internal/buildinfo has.
func TestReleaseConfigMatches(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot, ".goreleaser.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := string(b)
	list := func(key string) []string {
		m := regexp.MustCompile(`(?m)^\s+` + key + `: \[([^\]]*)\]`).FindStringSubmatch(cfg)
		if m == nil {
			t.Fatalf(".goreleaser.yaml has no %s: [...] list", key)
		}
		var out []string
		for _, v := range strings.Split(m[1], ",") {
			out = append(out, strings.TrimSpace(v))
		}
		return out
	}
	goos, goarch := list("goos"), list("goarch")
	for _, p := range platforms {
		if !slices.Contains(goos, p.GOOS) || !slices.Contains(goarch, p.GOARCH) {
			t.Errorf("npm platform %s needs %s/%s, which .goreleaser.yaml does not build (goos %v, goarch %v)", p.Name, p.GOOS, p.GOARCH, goos, goarch)
		}
	}
	for _, g := range goos {
		for _, arch := range goarch {
			found := false
			for _, p := range platforms {
				found = found || p.GOOS == g && p.GOARCH == arch
			}
			if !found {
				t.Errorf(".goreleaser.yaml builds %s/%s, which no npm package holds", g, arch)
			}
		}
	}

	src, err := os.ReadFile(filepath.Join(repoRoot, "internal", "buildinfo", "buildinfo.go"))
	if err != nil {
		t.Fatal(err)
	}
	stamped := regexp.MustCompile(`-X `+regexp.QuoteMeta(buildinfo)+`\.(\w+)=`).FindAllStringSubmatch(cfg, -1)
	if len(stamped) != 3 {
		t.Errorf(".goreleaser.yaml stamps %d buildinfo variables, want version, commit and date", len(stamped))
	}
	for _, m := range stamped {
		if !regexp.MustCompile(`(?m)^\s+` + m[1] + `\s+string$`).Match(src) {
			t.Errorf(".goreleaser.yaml stamps buildinfo.%s, which internal/buildinfo does not declare as a string variable", m[1])
		}
	}
}
