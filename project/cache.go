package project

import (
	"errors"
	"io/fs"
	"path/filepath"

	"github.com/bgkit/bgkit/internal/fsutil"
)

// Cache holds what one look at an app has read and parsed: its files'
// bytes, its Xcode project's targets, its Gradle build's application
// modules, version catalog and convention plugins. The doctor plans its
// runs (PlanRuns, AppsWith) and detects each target with one Cache, so
// each file is read, and project.pbxproj and the Gradle build parsed,
// once for all of them. What a Cache holds goes stale when the files
// change: take a new one after writing them (doctor --fix does).
//
// A nil *Cache reads afresh every time. A Cache is not for concurrent use.
type Cache struct {
	// ReadFile reads a file no larger than max bytes (fsutil.ReadFile
	// when nil). Tests set it to count the reads.
	ReadFile func(path string, max int64) ([]byte, error)

	files   map[string]cachedRead
	xcode   map[string]xcodeResult
	android map[string]androidResult
	gradle  map[string]*gradleBuild
}

type cachedRead struct {
	data []byte
	err  error
	max  int64
}

type xcodeResult struct {
	pbxproj string
	targets []XcodeTarget
	err     error
}

type androidResult struct {
	modules  []AndroidModule
	looked   []string
	problems []FileProblem
	err      error
}

// read reads a file through the cache. The bytes are shared: callers
// never change them. A file read under a smaller bound than max is read
// again only when that bound made the read fail.
func (c *Cache) read(path string, max int64) ([]byte, error) {
	readFile := fsutil.ReadFile
	if c != nil && c.ReadFile != nil {
		readFile = c.ReadFile
	}
	if c == nil {
		return readFile(path, max)
	}
	key := filepath.Clean(path)
	if r, ok := c.files[key]; ok {
		switch {
		case r.err == nil && int64(len(r.data)) <= max,
			r.err != nil && (r.max == max || errors.Is(r.err, fs.ErrNotExist)):
			return r.data, r.err
		}
	}
	data, err := readFile(path, max)
	if c.files == nil {
		c.files = map[string]cachedRead{}
	}
	c.files[key] = cachedRead{data: data, err: err, max: max}
	return data, err
}

// xcodeTargets is XcodeTargets, once per root.
func (c *Cache) xcodeTargets(root string) (string, []XcodeTarget, error) {
	if c == nil {
		return findXcodeTargets(c, root)
	}
	key := filepath.Clean(root)
	if r, ok := c.xcode[key]; ok {
		return r.pbxproj, r.targets, r.err
	}
	pbx, targets, err := findXcodeTargets(c, root)
	if c.xcode == nil {
		c.xcode = map[string]xcodeResult{}
	}
	c.xcode[key] = xcodeResult{pbx, targets, err}
	return pbx, targets, err
}

// androidAppModules is AndroidAppModules, once per root, also returning
// the Gradle settings files it found but could not read.
func (c *Cache) androidAppModules(root string) ([]AndroidModule, []string, []FileProblem, error) {
	if c == nil {
		return findAndroidAppModules(c, root)
	}
	key := filepath.Clean(root)
	if r, ok := c.android[key]; ok {
		return r.modules, r.looked, r.problems, r.err
	}
	mods, looked, problems, err := findAndroidAppModules(c, root)
	if c.android == nil {
		c.android = map[string]androidResult{}
	}
	c.android[key] = androidResult{mods, looked, problems, err}
	return mods, looked, problems, err
}

// gradleBuild is loadGradleBuild, once per Gradle build.
func (c *Cache) gradleBuild(root, groot string) *gradleBuild {
	if c == nil {
		return loadGradleBuild(c, root, groot)
	}
	key := filepath.Join(filepath.Clean(root), groot)
	if b, ok := c.gradle[key]; ok {
		return b
	}
	b := loadGradleBuild(c, root, groot)
	if c.gradle == nil {
		c.gradle = map[string]*gradleBuild{}
	}
	c.gradle[key] = b
	return b
}
