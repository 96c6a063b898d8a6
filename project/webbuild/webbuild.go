// Package webbuild finds where a file of a Capacitor app's web assets comes
// from: Capacitor copies webDir into the native apps, and the web build fills
// webDir from the app's sources (Angular "assets", the public/ folder of Vite,
// Create React App and Vue CLI, SvelteKit's static/, cp steps in package.json
// scripts). It reads configuration only; it never runs the build.
package webbuild

import (
	"encoding/json"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/internal/lazyre"
)

// Result says where the asset is, or why bgkit cannot tell.
type Result struct {
	// File is the asset's source file, relative to the root; "" when none
	// was found.
	File string
	// Via says how it reaches webDir ("angular.json assets (src/app/runners
	// -> runners)", "public/ (copied by Vite)", "built output").
	Via string
	// Looked lists the files tried, relative to the root.
	Looked []string
	// Unverified names build steps bgkit cannot read that may copy the
	// file (a node script, a bundler plugin); "" when every copy step is
	// understood.
	Unverified string
}

// maxConfig bounds what is read of one build config.
const maxConfig = 1 << 20

// Resolve finds the web asset at asset (a path inside webDir, as the runner's
// src is written) for the project at root.
func Resolve(root, webDir, asset string) Result {
	var r Result
	asset = strings.TrimPrefix(path.Clean(filepath.ToSlash(asset)), "/")
	if asset == "." || strings.HasPrefix(asset, "../") {
		return r
	}
	webDir = strings.TrimSuffix(strings.TrimPrefix(path.Clean(filepath.ToSlash(webDir)), "./"), "/")
	if webDir == "" || webDir == "." {
		webDir = "www"
	}
	try := func(rel, via string) bool {
		r.Looked = append(r.Looked, rel)
		if isFile(filepath.Join(root, filepath.FromSlash(rel))) {
			r.File, r.Via = rel, via
			return true
		}
		return false
	}
	// Copy steps first: they name the source, which the runner rules read.
	if angularAssets(root, asset, &r, try) {
		return r
	}
	scripts := readScripts(root)
	if scriptCopies(root, webDir, asset, scripts, try) {
		return r
	}
	for _, d := range []struct{ dir, why string }{
		{"public", "public/ (copied into the build output by Vite, Create React App, Vue CLI and Ionic)"},
		{"static", "static/ (copied into the build output by SvelteKit)"},
		{"src/assets", "src/assets/ (copied by Stencil and Ionic Angular)"},
	} {
		if d.dir == webDir {
			continue
		}
		if d.dir == "src/assets" && !strings.HasPrefix(asset, "assets/") {
			continue
		}
		rel := path.Join(d.dir, asset)
		if d.dir == "src/assets" {
			rel = path.Join("src", asset)
		}
		if try(rel, d.why) {
			return r
		}
	}
	// Built output and what Capacitor copied into the native apps.
	for _, d := range []struct{ dir, why string }{
		{webDir, "webDir " + webDir + " (built output)"},
		{"android/app/src/main/assets/public", "the Android app's copy of the web assets"},
		{"ios/App/App/public", "the iOS app's copy of the web assets"},
	} {
		if try(path.Join(d.dir, asset), d.why) {
			return r
		}
	}
	r.Unverified = unreadSteps(root, scripts)
	return r
}

// angularAssets follows angular.json's build "assets" entries.
func angularAssets(root, asset string, r *Result, try func(rel, via string) bool) bool {
	data := readSmall(filepath.Join(root, "angular.json"))
	if data == nil {
		return false
	}
	var cfg struct {
		Projects map[string]struct {
			Root      string `json:"root"`
			Architect map[string]struct {
				Options struct {
					Assets []json.RawMessage `json:"assets"`
				} `json:"options"`
			} `json:"architect"`
		} `json:"projects"`
	}
	if json.Unmarshal(data, &cfg) != nil {
		r.Unverified = "angular.json does not parse"
		return false
	}
	names := make([]string, 0, len(cfg.Projects))
	for n := range cfg.Projects {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		build, ok := cfg.Projects[n].Architect["build"]
		if !ok {
			continue
		}
		for _, raw := range build.Options.Assets {
			var s string
			if json.Unmarshal(raw, &s) == nil {
				// "src/assets" copies the folder (or file) under its base name.
				s = path.Clean(s)
				base := path.Base(s)
				if asset == base || strings.HasPrefix(asset, base+"/") {
					if try(path.Join(path.Dir(s), asset), "angular.json assets ("+s+")") {
						return true
					}
				}
				continue
			}
			var o struct{ Glob, Input, Output string }
			if json.Unmarshal(raw, &o) != nil || o.Input == "" {
				continue
			}
			out := strings.Trim(path.Clean("/"+o.Output), "/")
			rest := asset
			if out != "" {
				var ok bool
				if rest, ok = strings.CutPrefix(asset, out+"/"); !ok {
					continue
				}
			}
			if !globMatch(o.Glob, rest) {
				continue
			}
			in := strings.TrimPrefix(path.Clean(o.Input), "./")
			if try(path.Join(in, rest), "angular.json assets ("+in+" -> "+detOr(out, ".")+")") {
				return true
			}
		}
	}
	return false
}

// globMatch matches Angular's asset globs well enough: "**/*" and "**"
// match everything, other patterns match the whole path or its base name.
func globMatch(glob, p string) bool {
	switch glob {
	case "", "**", "**/*":
		return true
	}
	if g, ok := strings.CutPrefix(glob, "**/"); ok {
		m, _ := path.Match(g, path.Base(p))
		return m
	}
	m, _ := path.Match(glob, p)
	return m
}

func detOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func readScripts(root string) map[string]string {
	var pkg struct {
		Scripts map[string]string `json:"scripts"`
	}
	_ = json.Unmarshal(readSmall(filepath.Join(root, "package.json")), &pkg)
	return pkg.Scripts
}

var (
	cmdSplitRE = lazyre.New(`&&|\|\||;|\|`)
	copyCmds   = map[string]bool{"cp": true, "copy": true, "cpx": true, "copyfiles": true, "ncp": true, "cpy": true, "xcopy": true}
)

// scriptCopies follows cp-like commands of package.json scripts whose
// destination is in webDir.
func scriptCopies(root, webDir, asset string, scripts map[string]string, try func(rel, via string) bool) bool {
	names := make([]string, 0, len(scripts))
	for n := range scripts {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		for _, cmd := range cmdSplitRE.Get().Split(scripts[name], -1) {
			args := strings.Fields(cmd)
			if len(args) > 0 && (args[0] == "shx" || args[0] == "npx") {
				args = args[1:]
			}
			if len(args) < 3 || !copyCmds[args[0]] {
				continue
			}
			var paths []string
			for _, a := range args[1:] {
				if !strings.HasPrefix(a, "-") {
					paths = append(paths, path.Clean(strings.Trim(a, `'"`)))
				}
			}
			if len(paths) < 2 {
				continue
			}
			dest := paths[len(paths)-1]
			rel, ok := within(webDir, dest)
			if !ok {
				continue
			}
			via := "package.json scripts." + name + " (" + strings.TrimSpace(cmd) + ")"
			for _, src := range paths[:len(paths)-1] {
				src = strings.TrimSuffix(src, "/*")
				var cands []string
				switch {
				case rel == asset: // cp a/b.js www/b.js
					cands = append(cands, src)
				case rel == "" || strings.HasPrefix(asset, rel+"/"):
					rest := strings.TrimPrefix(strings.TrimPrefix(asset, rel), "/")
					// cp a/b.js www/dir/, cp -r a www/dir, cp -r a/* www/dir
					if path.Base(src) == rest {
						cands = append(cands, src)
					}
					cands = append(cands, path.Join(src, rest))
					if first, more, ok := strings.Cut(rest, "/"); ok && first == path.Base(src) {
						cands = append(cands, path.Join(src, more))
					}
				}
				for _, c := range cands {
					if !strings.HasPrefix(c, "../") && try(c, via) {
						return true
					}
				}
			}
		}
	}
	return false
}

// within returns p relative to dir when p is dir or inside it.
func within(dir, p string) (string, bool) {
	p = strings.TrimPrefix(p, "./")
	if p == dir {
		return "", true
	}
	rest, ok := strings.CutPrefix(p, dir+"/")
	return rest, ok
}

var unknownStepRE = lazyre.New(`(?:^|[\s&|;])(node|sh|bash|zx|ts-node|tsx|gulp|grunt|make|python3?)\s+\S+`)

// unreadSteps names build steps that may copy files where bgkit cannot
// follow: scripts that run programs, bundler configs with copy plugins.
func unreadSteps(root string, scripts map[string]string) string {
	var steps []string
	names := make([]string, 0, len(scripts))
	for n := range scripts {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if m := unknownStepRE.Get().FindString(scripts[n]); m != "" {
			steps = append(steps, "package.json scripts."+n+" runs "+strings.TrimLeft(m, " &|;"))
		}
	}
	for _, cfg := range []string{"vite.config.ts", "vite.config.js", "vite.config.mjs", "webpack.config.js", "vue.config.js", "svelte.config.js", "stencil.config.ts", "rollup.config.js", "rollup.config.mjs"} {
		data := readSmall(filepath.Join(root, cfg))
		if data == nil {
			continue
		}
		s := string(data)
		if strings.Contains(s, "copy") || strings.Contains(s, "Copy") || strings.Contains(s, "publicDir") || strings.Contains(s, "assets") {
			steps = append(steps, cfg+" configures copies or asset folders")
		}
	}
	return strings.Join(steps, "; ")
}

func isFile(p string) bool {
	st, err := os.Lstat(p)
	return err == nil && st.Mode().IsRegular()
}

// readSmall is a config file's bytes, nil when it is missing, not a
// regular file or larger than maxConfig.
func readSmall(p string) []byte {
	data, _ := fsutil.ReadFile(p, maxConfig)
	return data
}
