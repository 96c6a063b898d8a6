package project

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func wsWrite(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSubprojects(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"npm workspaces", map[string]string{
			"package.json":                  `{"private": true, "workspaces": ["mobile-apps/*", "tools/cli"]}`,
			"mobile-apps/shop/package.json": `{}`,
			"mobile-apps/crew/package.json": `{}`,
			"tools/cli/package.json":        `{}`,
			"node_modules/x/package.json":   `{}`,
		}, []string{"mobile-apps/crew", "mobile-apps/shop", "tools/cli"}},
		{"yarn workspaces object", map[string]string{
			"package.json":         `{"workspaces": {"packages": ["clients/**"]}}`,
			"clients/ios-app/x.md": ``,
		}, []string{"clients/ios-app"}},
		{"pnpm", map[string]string{
			"pnpm-workspace.yaml":  "packages:\n  - 'native/*' # the apps\n  - \"!native/skip\"\nonlyBuiltDependencies:\n  - esbuild\n",
			"native/one/app.json":  `{}`,
			"esbuild/package.json": `{}`,
		}, []string{"native/one"}},
		{"usual folders without a workspace file", map[string]string{
			"apps/mobile/pubspec.yaml": "name: x\n",
			"apps/.cache/x":            "",
			"mobile/package.json":      `{}`,
			"docs/readme.md":           "",
		}, []string{"apps/mobile", "mobile"}},
		{"workspace globs that leave the repository are ignored", map[string]string{
			"package.json": `{"workspaces": ["../elsewhere/*", "/abs/*", "."]}`,
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			wsWrite(t, root, tt.files)
			got := Subprojects(root)
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("Subprojects = %q, want %q", got, tt.want)
			}
		})
	}
}
