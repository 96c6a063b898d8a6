// Package lockfile reads the versions a project's lock files installed:
// package-lock.json (and npm-shrinkwrap.json), yarn.lock (v1 and berry),
// pnpm-lock.yaml, bun.lock and pubspec.lock. It reads names and versions
// only, line by line, and never fails: a lock file it cannot read gives no
// versions, and callers fall back to the declared ranges.
package lockfile

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"

	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/internal/lazyre"
)

// Versions maps a package name to its installed version, with the lock
// file it comes from (relative to the root).
type Versions struct {
	File string
	By   map[string]string
}

// MaxSize bounds the lock files read; bigger ones are skipped.
const MaxSize = 32 << 20

// Files are the lock files Read tries, in order; the first present wins
// for each ecosystem (npm-style, then pub).
var Files = []string{"package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lock", "pubspec.lock"}

// Read returns the versions of the first npm-style lock file and of
// pubspec.lock at root, when present.
func Read(root string) []Versions {
	var out []Versions
	npmDone := false
	for _, name := range Files {
		if npmDone && name != "pubspec.lock" {
			continue
		}
		rel := name
		data := read(filepath.Join(root, name))
		if data == nil && name != "pubspec.lock" {
			// A workspace keeps one lock file at its root, above the app.
			rel, data = fromParents(root, name)
		}
		if data == nil {
			continue
		}
		var by map[string]string
		switch name {
		case "package-lock.json", "npm-shrinkwrap.json":
			by = PackageLock(data)
		case "yarn.lock":
			by = YarnLock(data)
		case "pnpm-lock.yaml":
			by = PnpmLock(data)
		case "bun.lock":
			by = BunLock(data)
		case "pubspec.lock":
			by = PubspecLock(data)
		}
		if name != "pubspec.lock" {
			npmDone = true
		}
		if len(by) > 0 {
			out = append(out, Versions{File: filepath.ToSlash(rel), By: by})
		}
	}
	return out
}

// fromParents looks for the lock file in the folders above root, up to
// the repository's top (a .git entry) or four levels.
func fromParents(root, name string) (string, []byte) {
	dir, err := filepath.Abs(root)
	if err != nil {
		return "", nil
	}
	up := ""
	for i := 0; i < 4; i++ {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return "", nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir, up = parent, filepath.Join(up, "..")
		if data := read(filepath.Join(dir, name)); data != nil {
			return filepath.Join(up, name), data
		}
	}
	return "", nil
}

// read is a lock file's bytes, nil when it is missing, a symbolic link
// (the walk up to a workspace root follows real folders and files only),
// not a regular file or larger than MaxSize.
func read(p string) []byte {
	if st, err := os.Lstat(p); err != nil || st.Mode()&os.ModeSymlink != 0 {
		return nil
	}
	data, _ := fsutil.ReadFile(p, MaxSize)
	return data
}

// PackageLock reads npm's lock file: "packages" (lockfileVersion 2 and 3)
// for the top-level node_modules entries, else "dependencies" (version 1).
func PackageLock(data []byte) map[string]string {
	var lock struct {
		Packages map[string]struct {
			Version string `json:"version"`
		} `json:"packages"`
		Dependencies map[string]struct {
			Version string `json:"version"`
		} `json:"dependencies"`
	}
	if json.Unmarshal(data, &lock) != nil {
		return nil
	}
	by := map[string]string{}
	for k, v := range lock.Packages {
		name, ok := strings.CutPrefix(k, "node_modules/")
		if !ok || name == "" || strings.Contains(name, "/node_modules/") || v.Version == "" {
			continue
		}
		by[name] = v.Version
	}
	if len(by) == 0 {
		for k, v := range lock.Dependencies {
			if k != "" && v.Version != "" {
				by[k] = v.Version
			}
		}
	}
	return by
}

// YarnLock reads yarn.lock v1 (`"name@^1.0.0", name@^1.1.0:` then
// `  version "1.1.2"`) and berry (`"name@npm:^1.0.0":` then `  version: 1.1.2`).
func YarnLock(data []byte) map[string]string {
	by := map[string]string{}
	var names []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		if line[0] != ' ' {
			names = names[:0]
			for _, spec := range strings.Split(strings.TrimSuffix(line, ":"), ",") {
				spec = strings.Trim(strings.TrimSpace(spec), `"`)
				if n := specName(spec); n != "" {
					names = append(names, n)
				}
			}
			continue
		}
		t := strings.TrimSpace(line)
		if v, ok := strings.CutPrefix(t, "version"); ok && len(names) > 0 && strings.HasPrefix(line, "  ") && !strings.HasPrefix(line, "   ") {
			v = strings.Trim(strings.TrimSpace(strings.TrimPrefix(v, ":")), `"`)
			for _, n := range names {
				setOnce(by, n, v)
			}
			names = names[:0]
		}
	}
	dropConflicts(by)
	return by
}

// specName is the package name of "name@range" ("@scope/name@range").
func specName(spec string) string {
	i := strings.LastIndexByte(spec, '@')
	if i <= 0 {
		return ""
	}
	// berry: name@npm:range, name@workspace:path; the name ends at the
	// first '@' after the scope.
	if j := strings.IndexByte(spec[1:], '@'); j >= 0 {
		i = j + 1
	}
	return spec[:i]
}

var bunPkgRE = lazyre.New(`(?m)^\s*"((?:@[^/"]+/)?[^"@]+)":\s*\[\s*"((?:@[^/"]+/)?[^"@]+)@(\d[^"]*)"`)

var pnpmPkgRE = lazyre.New(`^ {2}['"]?/?((?:@[^/@\s]+/)?[^@\s/'"]+)[@/](\d[^:('"\s]*)`)

// PnpmLock reads pnpm-lock.yaml's "packages" keys (`/name@1.2.3:`,
// `name@1.2.3:` or, before lockfile v6, `/name/1.2.3:`). With several
// versions of a name the importer's own version wins when it is listed.
func PnpmLock(data []byte) map[string]string {
	by := map[string]string{}
	importer := map[string]string{}
	section := ""
	var dep string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line != "" && line[0] != ' ' {
			section = strings.TrimSuffix(strings.TrimSpace(line), ":")
			continue
		}
		switch section {
		case "packages":
			if m := pnpmPkgRE.Get().FindStringSubmatch(line); m != nil {
				setOnce(by, m[1], m[2])
			}
		case "importers", "dependencies", "devDependencies":
			// importers: .: dependencies: name: version: 1.2.3(peer...)
			t := strings.TrimSpace(line)
			if strings.HasSuffix(t, ":") {
				dep = strings.Trim(strings.TrimSuffix(t, ":"), `'"`)
				continue
			}
			// Several importers (a monorepo's apps) with different
			// versions of a name make it unknown.
			if v, ok := strings.CutPrefix(t, "version: "); ok && dep != "" {
				setOnce(importer, dep, cleanPnpm(v))
			} else if k, v, ok := strings.Cut(t, ": "); ok && section != "importers" && !strings.HasPrefix(k, "specifier") {
				setOnce(importer, strings.Trim(k, `'"`), cleanPnpm(v))
			}
		}
	}
	for k, v := range importer {
		switch {
		case v == conflict || v == "" || v[0] < '0' || v[0] > '9':
			// link:, workspace: or several versions: not one the app surely gets.
			delete(by, k)
		default:
			by[k] = v
		}
	}
	dropConflicts(by)
	return by
}

// conflict marks a name the lock file resolves to several versions (two
// majors in one tree, or several apps of a monorepo): which one the app
// gets is not known, so no version is reported for it.
const conflict = "\x00conflict"

func setOnce(by map[string]string, name, v string) {
	if name == "" {
		return
	}
	switch old, seen := by[name]; {
	case !seen:
		by[name] = v
	case old != v:
		by[name] = conflict
	}
}

func dropConflicts(by map[string]string) {
	for k, v := range by {
		if v == conflict {
			delete(by, k)
		}
	}
}

func cleanPnpm(v string) string {
	v = strings.Trim(strings.TrimSpace(v), `'"`)
	if i := strings.IndexByte(v, '('); i >= 0 {
		v = v[:i]
	}
	return v
}

// BunLock reads bun.lock (JSON with trailing commas): "packages" entries
// `"name": ["name@1.2.3", ...]`.
func BunLock(data []byte) map[string]string {
	by := map[string]string{}
	for _, m := range bunPkgRE.Get().FindAllSubmatch(data, -1) {
		if string(m[1]) == string(m[2]) {
			by[string(m[1])] = string(m[3])
		}
	}
	return by
}

// PubspecLock reads pubspec.lock: `  name:` then `    version: "1.2.3"`.
func PubspecLock(data []byte) map[string]string {
	by := map[string]string{}
	var name string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "  ") && !strings.HasPrefix(line, "   ") && strings.HasSuffix(line, ":"):
			name = strings.Trim(strings.TrimSuffix(strings.TrimSpace(line), ":"), `"`)
		case strings.HasPrefix(line, "    version:") && name != "":
			by[name] = strings.Trim(strings.TrimSpace(strings.TrimPrefix(line, "    version:")), `"`)
		}
	}
	return by
}
