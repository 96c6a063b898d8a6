package webbuild

import (
	"testing"

	"github.com/bgkit/bgkit/internal/testutil"
)

func TestResolve(t *testing.T) {
	tests := []struct {
		name       string
		files      map[string]string
		webDir     string
		src        string
		want       string
		unverified bool
	}{
		{"angular object asset", map[string]string{
			"angular.json":                  `{"projects":{"app":{"architect":{"build":{"options":{"assets":[{"glob":"background.js","input":"src/app/runners","output":"./runners"}]}}}}}}`,
			"src/app/runners/background.js": "x",
		}, "www", "runners/background.js", "src/app/runners/background.js", false},
		{"angular glob mismatch", map[string]string{
			"angular.json":                  `{"projects":{"app":{"architect":{"build":{"options":{"assets":[{"glob":"*.svg","input":"src/app/runners","output":"runners"}]}}}}}}`,
			"src/app/runners/background.js": "x",
		}, "www", "runners/background.js", "", false},
		{"angular string asset", map[string]string{
			"angular.json":             `{"projects":{"app":{"architect":{"build":{"options":{"assets":["src/assets"]}}}}}}`,
			"src/assets/runners/bg.js": "x",
		}, "www", "assets/runners/bg.js", "src/assets/runners/bg.js", false},
		{"cp file into webDir", map[string]string{
			"package.json":      `{"scripts":{"build":"react-scripts build && cp src/background.js build/background.js"}}`,
			"src/background.js": "x",
		}, "build", "background.js", "src/background.js", false},
		{"cp -r folder into webDir", map[string]string{
			"package.json":     `{"scripts":{"postbuild":"cp -r src/runners dist/"}}`,
			"src/runners/a.js": "x",
		}, "dist", "runners/a.js", "src/runners/a.js", false},
		{"vite public", map[string]string{"public/runners/bg.js": "x"}, "dist", "runners/bg.js", "public/runners/bg.js", false},
		{"sveltekit static", map[string]string{"static/bg.js": "x"}, "build", "bg.js", "static/bg.js", false},
		{"built output", map[string]string{"www/bg.js": "x"}, "www", "bg.js", "www/bg.js", false},
		{"node script", map[string]string{"package.json": `{"scripts":{"dev":"npm run build && node copy.js"}}`}, "www", "bg.js", "", true},
		{"vite copy plugin", map[string]string{"vite.config.ts": `import { viteStaticCopy } from 'vite-plugin-static-copy'`}, "dist", "bg.js", "", true},
		{"nothing", map[string]string{"package.json": `{"scripts":{"build":"vite build"}}`}, "dist", "bg.js", "", false},
		{"leaves webDir", map[string]string{"bg.js": "x"}, "www", "../bg.js", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Resolve(testutil.TempTree(t, tt.files), tt.webDir, tt.src)
			if r.File != tt.want {
				t.Errorf("File = %q (via %q), want %q; looked in %v", r.File, r.Via, tt.want, r.Looked)
			}
			if (r.Unverified != "") != tt.unverified {
				t.Errorf("Unverified = %q, want set: %v", r.Unverified, tt.unverified)
			}
			if r.File != "" && r.Via == "" {
				t.Error("found without saying how")
			}
		})
	}
}

func FuzzScriptCopies(f *testing.F) {
	f.Add("react-scripts build && cp src/background.js build/background.js", "build", "background.js")
	f.Add("cp -r a/* www/x", "www", "x/y.js")
	f.Fuzz(func(t *testing.T, script, webDir, asset string) {
		scriptCopies(t.TempDir(), webDir, asset, map[string]string{"build": script}, func(rel, via string) bool { return false })
	})
}
