package project

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/bgkit/bgkit/project/jsobj"
)

// defaultWorkspaceDirs are where monorepos keep their apps when the root
// declares no workspaces.
var defaultWorkspaceDirs = []string{"apps/*", "packages/*", "mobile", "app", "client", "frontend"}

// Subprojects returns the folders under root (relative, slash-separated,
// sorted) that hold a project of their own: the package.json "workspaces"
// and pnpm-workspace.yaml "packages" globs, and the usual apps/*,
// packages/*, mobile and app folders. It lists at most one level per glob
// segment and never looks inside node_modules or hidden folders; Detect
// decides which of them are mobile projects.
func Subprojects(root string) []string {
	patterns := workspacePatterns(root)
	seen := map[string]bool{}
	var out []string
	for _, pat := range patterns {
		pat = strings.TrimPrefix(filepath.ToSlash(filepath.Clean(pat)), "./")
		if pat == "." || strings.HasPrefix(pat, "../") || strings.HasPrefix(pat, "!") || filepath.IsAbs(pat) {
			continue
		}
		// "apps/**" means the folders under apps/ too; bgkit looks one
		// level down only.
		pat = strings.ReplaceAll(pat, "**", "*")
		matches, _ := filepath.Glob(filepath.Join(root, filepath.FromSlash(pat)))
		for _, m := range matches {
			rel, err := filepath.Rel(root, m)
			if err != nil {
				continue
			}
			rel = filepath.ToSlash(rel)
			if seen[rel] || !wsUsable(rel) {
				continue
			}
			if st, err := os.Stat(m); err != nil || !st.IsDir() {
				continue
			}
			seen[rel] = true
			out = append(out, rel)
		}
	}
	sort.Strings(out)
	return out
}

// wsUsable rejects folders bgkit never reads (dependency and build trees,
// hidden folders).
func wsUsable(rel string) bool {
	for _, part := range strings.Split(rel, "/") {
		switch {
		case part == "node_modules", part == "Pods", part == "build", part == "DerivedData", strings.HasPrefix(part, "."):
			return false
		}
	}
	return true
}

// workspacePatterns reads the workspace globs of package.json and
// pnpm-workspace.yaml, or returns the usual folders.
func workspacePatterns(root string) []string {
	var pats []string
	if data, err := os.ReadFile(filepath.Join(root, "package.json")); err == nil && len(data) <= maxConfigSize {
		if n, err := jsobj.ParseValue(data); err == nil {
			ws := n.Get("workspaces")
			if ws != nil && ws.Kind == jsobj.Object {
				ws = ws.Get("packages") // yarn's {"packages": [...]}
			}
			for _, s := range ws.Strings() {
				pats = append(pats, s.Str)
			}
		}
	}
	if data, err := os.ReadFile(filepath.Join(root, "pnpm-workspace.yaml")); err == nil && len(data) <= maxConfigSize {
		in := false
		for _, line := range strings.Split(string(data), "\n") {
			line = strings.TrimRight(detYamlStripComment(strings.TrimRight(line, "\r")), " \t")
			if strings.TrimSpace(line) == "" {
				continue
			}
			if line[0] != ' ' && line[0] != '\t' && line[0] != '-' {
				in = strings.TrimSpace(line) == "packages:"
				continue
			}
			if t := strings.TrimSpace(line); in && strings.HasPrefix(t, "-") {
				pats = append(pats, detYamlUnquote(strings.TrimSpace(t[1:])))
			}
		}
	}
	return append(pats, defaultWorkspaceDirs...)
}
