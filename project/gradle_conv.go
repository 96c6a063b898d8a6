package project

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/internal/lazyre"
)

// gradleBuild knows what a module's build file cannot say by itself: the
// version catalog's plugin ids and versions, and the convention plugins of
// included builds (build-logic, buildSrc) as android/nowinandroid writes
// them, where `alias(libs.plugins.nowinandroid.android.application)`
// applies com.android.application and sets targetSdk.
type gradleBuild struct {
	c           *Cache // reads the build's files
	root, groot string
	plugins     map[string]string // catalog accessor (a.b.c) -> plugin id
	versions    map[string]string // catalog accessor -> version
	versionLine map[string]int
	conventions map[string]string // plugin id -> source file (relative to root)
}

var (
	gradleIncludeBuildRE = lazyre.New(`\bincludeBuild\s*\(?\s*["']([^"']+)["']`)
	gradleConvIDRE       = lazyre.New(`\bid\s*=\s*(?:"([^"]+)"|libs\.plugins\.([A-Za-z0-9_.]+?)(?:\.asProvider\(\))?\.get\(\)\.pluginId)`)
	gradleConvClassRE    = lazyre.New(`\bimplementationClass\s*=\s*"([^"]+)"`)
	gradlePluginUseRE    = lazyre.New(`(?:\bid\s*\(?\s*["']([^"']+)["']|\balias\s*\(\s*libs\.plugins\.([A-Za-z0-9_.]+?)\s*\)|apply\s*\(?\s*plugin\s*[:=]\s*["']([^"']+)["'])`)
	gradleTargetNumRE    = lazyre.New(`(?m)\btargetSdk(?:Version)?\s*(?:=\s*|\(\s*|\s+)(\d+)\b`)
)

// loadGradleBuild reads the catalog and the convention plugins of the
// Gradle build at groot (relative to root). It reads settings, catalog
// and the included builds' plugin sources only, a few dozen files at most.
func loadGradleBuild(c *Cache, root, groot string) *gradleBuild {
	b := &gradleBuild{c: c, root: root, groot: groot, plugins: map[string]string{}, versions: map[string]string{}, versionLine: map[string]int{}, conventions: map[string]string{}}
	b.readCatalog()
	included := map[string]bool{}
	for _, name := range []string{"settings.gradle", "settings.gradle.kts"} {
		data, _ := c.read(filepath.Join(root, groot, name), maxConfigSize)
		for _, m := range gradleIncludeBuildRE.Get().FindAllStringSubmatch(stripGradleCode(string(data)), -1) {
			included[filepath.Clean(filepath.FromSlash(m[1]))] = true
		}
	}
	included["buildSrc"] = true
	for dir := range included {
		if filepath.IsAbs(dir) || strings.HasPrefix(dir, "..") {
			continue
		}
		b.readConventions(filepath.Join(groot, dir))
	}
	return b
}

func readSmall(path string) ([]byte, error) {
	return fsutil.ReadFile(path, maxConfigSize)
}

// catalogAccessor is how Gradle names a catalog entry in code: dashes and
// underscores become dots.
func catalogAccessor(key string) string {
	return strings.NewReplacer("-", ".", "_", ".").Replace(key)
}

func (b *gradleBuild) readCatalog() {
	data, _ := b.c.read(filepath.Join(b.root, b.groot, "gradle", "libs.versions.toml"), maxConfigSize)
	for e := range catalogEntries(data) {
		switch e.section {
		case "versions":
			acc := catalogAccessor(e.key)
			b.versions[acc] = strings.Trim(e.value, `"`)
			b.versionLine[acc] = e.line
		case "plugins":
			v := e.value
			if strings.HasPrefix(v, `"`) {
				id, _, _ := strings.Cut(strings.Trim(v, `"`), ":")
				b.plugins[catalogAccessor(e.key)] = id
				continue
			}
			for _, f := range detTomlFieldRE.Get().FindAllStringSubmatch(v, -1) {
				if f[1] == "id" {
					b.plugins[catalogAccessor(e.key)] = f[2]
				}
			}
		}
	}
}

// readConventions finds the plugins an included build registers
// (gradlePlugin { plugins { register(...) { id = ...; implementationClass = ... } } })
// and its precompiled script plugins (src/main/kotlin/<id>.gradle.kts).
func (b *gradleBuild) readConventions(dir string) {
	var buildFiles []string
	for _, sub := range []string{".", "*"} {
		for _, name := range []string{"build.gradle.kts", "build.gradle"} {
			ms, _ := filepath.Glob(filepath.Join(b.root, dir, sub, name))
			buildFiles = append(buildFiles, ms...)
		}
	}
	for _, bf := range buildFiles {
		data, _ := b.c.read(bf, maxConfigSize)
		src := stripGradleCode(string(data))
		ids := gradleConvIDRE.Get().FindAllStringSubmatchIndex(src, -1)
		for _, cm := range gradleConvClassRE.Get().FindAllStringSubmatchIndex(src, -1) {
			// The id set last before this implementationClass.
			var id string
			for _, im := range ids {
				if im[0] > cm[0] {
					break
				}
				if im[2] >= 0 {
					id = src[im[2]:im[3]]
				} else {
					id = b.plugins[src[im[4]:im[5]]]
				}
			}
			class := src[cm[2]:cm[3]]
			if id == "" {
				continue
			}
			if file := b.findSource(filepath.Dir(bf), class[strings.LastIndexByte(class, '.')+1:]); file != "" {
				b.conventions[id] = file
			}
		}
		// Precompiled script plugins: the file name is the id.
		for _, lang := range []string{"kotlin", "groovy"} {
			ms, _ := filepath.Glob(filepath.Join(filepath.Dir(bf), "src", "main", lang, "*.gradle*"))
			for _, m := range ms {
				id := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(m), ".kts"), ".gradle")
				rel, err := filepath.Rel(b.root, m)
				if err == nil {
					b.conventions[id] = rel
				}
			}
		}
	}
}

// findSource finds Name.kt (or .java, .groovy) under a plugin project's
// src/main, a bounded walk of source folders only.
func (b *gradleBuild) findSource(projDir, name string) string {
	var found string
	count := 0
	for _, lang := range []string{"kotlin", "java", "groovy"} {
		base := filepath.Join(projDir, "src", "main", lang)
		_ = filepath.WalkDir(base, func(p string, e os.DirEntry, err error) error {
			if err != nil || found != "" {
				return filepath.SkipDir
			}
			if count++; count > 2000 {
				return filepath.SkipAll
			}
			if e.Type()&os.ModeSymlink != 0 {
				return nil
			}
			switch strings.TrimSuffix(e.Name(), filepath.Ext(e.Name())) {
			case name:
				if !e.IsDir() {
					found = p
					return filepath.SkipAll
				}
			}
			return nil
		})
		if found != "" {
			rel, err := filepath.Rel(b.root, found)
			if err == nil {
				return rel
			}
		}
	}
	return ""
}

// modulePlugins returns the plugin ids a module's build file applies.
func (b *gradleBuild) modulePlugins(src string) []string {
	var ids []string
	for _, m := range gradlePluginUseRE.Get().FindAllStringSubmatch(src, -1) {
		switch {
		case m[1] != "":
			ids = append(ids, m[1])
		case m[2] != "":
			if id, ok := b.plugins[m[2]]; ok {
				ids = append(ids, id)
			}
		case m[3] != "":
			ids = append(ids, m[3])
		}
	}
	return ids
}

// conventionSource returns the source (comments blanked, lines kept) of
// the first convention plugin the module applies whose code satisfies ok,
// with its path.
func (b *gradleBuild) conventionSource(moduleSrc string, ok func(string) bool) (string, string) {
	for _, id := range b.modulePlugins(moduleSrc) {
		file, found := b.conventions[id]
		if !found {
			continue
		}
		data, _ := b.c.read(filepath.Join(b.root, file), maxConfigSize)
		// Comments blanked, lines kept: callers report lines in it.
		src := BlankComments(string(data))
		if ok(src) {
			return file, src
		}
	}
	return "", ""
}

func appliesAppPlugin(src string) bool {
	return strings.Contains(src, `"com.android.application"`) || strings.Contains(src, `'com.android.application'`) ||
		gradleAppAliasRE.Get().MatchString(src)
}

var (
	detIdentRE = lazyre.New(`^[A-Za-z_][A-Za-z0-9_]*$`)
	// val targetSdkVersion: Int = 34, def targetSdk = libs.versions.x.get()
	detLocalValRE = lazyre.New(`(?m)^\s*(?:val|var|def)\s+([A-Za-z_][A-Za-z0-9_]*)\s*(?::\s*[A-Za-z]+\s*)?=\s*([^\n]+?)\s*$`)
)

// catalogVersionRE matches libs.versions.<name>.get() in a build file.
var catalogVersionRE = lazyre.New(`^libs\.versions\.([A-Za-z0-9_.]+?)\.get\(\)`)

// propertyNameRE matches a Gradle property read: property("x"),
// findProperty('x'), providers.gradleProperty("x"), properties["x"].
var propertyNameRE = lazyre.New(`(?:[Pp]roperty|properties)\s*[\(\[]\s*["']([^"']+)["']`)
