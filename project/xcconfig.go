package project

import (
	"bufio"
	"bytes"
	"path/filepath"
	"strings"
)

// fileRefs resolves PBXFileReference paths through the project's group
// tree, which is how a configuration's baseConfigurationReference names
// its .xcconfig file.
type fileRefs struct {
	c       *Cache // reads the .xcconfig files
	objects map[string]any
	parent  map[string]string
	projDir string
	cache   map[string]map[string]any
}

func newFileRefs(c *Cache, objects map[string]any, proj pbxObject, projDir string) *fileRefs {
	fr := &fileRefs{c: c, objects: objects, parent: map[string]string{}, projDir: projDir, cache: map[string]map[string]any{}}
	for id, v := range objects {
		o, ok := v.(map[string]any)
		if !ok {
			continue
		}
		switch pbxObject(o).str("isa") {
		case "PBXGroup", "PBXVariantGroup", "XCVersionGroup":
			for _, child := range pbxObject(o).list("children") {
				fr.parent[child] = id
			}
		}
	}
	return fr
}

// path returns a file reference's path relative to the root given to
// XcodeTargets, or false when it lives outside what bgkit can know
// (SDKROOT, BUILT_PRODUCTS_DIR, ...).
func (fr *fileRefs) path(id string, depth int) (string, bool) {
	o, ok := object(fr.objects, id)
	if !ok || depth > 32 {
		return "", false
	}
	p := filepath.FromSlash(o.str("path"))
	switch o.str("sourceTree") {
	case "<group>", "":
		parent, ok := fr.parent[id]
		if !ok {
			return filepath.Join(fr.projDir, p), true // the main group
		}
		pp, ok := fr.path(parent, depth+1)
		if !ok {
			return "", false
		}
		return filepath.Join(pp, p), true
	case "SOURCE_ROOT":
		return filepath.Join(fr.projDir, p), true
	case "<absolute>":
		return filepath.Clean(p), true
	}
	return "", false
}

// xcconfig reads the .xcconfig file a configuration is based on, as build
// settings; nil when there is none or it cannot be read.
func (fr *fileRefs) xcconfig(root, refID string) map[string]any {
	if refID == "" {
		return nil
	}
	if m, ok := fr.cache[refID]; ok {
		return m
	}
	rel, ok := fr.path(refID, 0)
	var m map[string]any
	if ok {
		full := rel
		if !filepath.IsAbs(rel) {
			full = filepath.Join(root, rel)
		}
		m = map[string]any{}
		fr.c.readXcconfig(full, m, 0)
	}
	fr.cache[refID] = m
	return m
}

// maxXcconfigSize bounds one .xcconfig file (they are a few lines).
const maxXcconfigSize = 1 << 20

// readXcconfig reads an .xcconfig file into settings, following #include
// (relative to the including file) a few levels deep. A later assignment
// wins; its $(inherited) is the earlier value of the same setting in these
// files, or (when there is none) stays for the levels below to fill in.
// Conditional settings (KEY[sdk=...]) count only for the iOS device SDK.
func (c *Cache) readXcconfig(path string, settings map[string]any, depth int) {
	if depth > 8 {
		return
	}
	data, err := c.read(path, maxXcconfigSize)
	if err != nil {
		return
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), maxXcconfigSize)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.Index(line, "//"); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "#include") {
			inc := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(line, "#include"), "?"))
			inc = strings.Trim(inc, `"`)
			if inc == "" || strings.HasPrefix(inc, "<") {
				continue
			}
			if !filepath.IsAbs(inc) {
				inc = filepath.Join(filepath.Dir(path), filepath.FromSlash(inc))
			}
			c.readXcconfig(inc, settings, depth+1)
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		key = strings.TrimSpace(key)
		value = strings.TrimSuffix(strings.TrimSpace(value), ";")
		if name, cond, hasCond := strings.Cut(key, "["); hasCond {
			if !xcconfigConditionHolds(strings.TrimSuffix(cond, "]")) {
				continue
			}
			key = name
		}
		if key == "" || strings.ContainsAny(key, " \t") {
			continue
		}
		if prev, ok := settings[key].(string); ok {
			value = strings.ReplaceAll(strings.ReplaceAll(value, "$(inherited)", prev), "${inherited}", prev)
		}
		settings[key] = value
	}
}

// xcconfigConditionHolds says whether a setting's condition
// ([sdk=iphoneos*], [arch=arm64], [config=Release]) applies to the device
// build bgkit reasons about.
func xcconfigConditionHolds(cond string) bool {
	for _, part := range strings.Split(cond, "][") {
		k, v, _ := strings.Cut(part, "=")
		switch strings.TrimSpace(k) {
		case "sdk":
			if !strings.HasPrefix(v, "iphoneos") && v != "*" {
				return false
			}
		case "config":
			if v != "Release" && v != "*" {
				return false
			}
		}
	}
	return true
}
