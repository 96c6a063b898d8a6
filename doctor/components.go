package doctor

import (
	"path/filepath"
	"strings"

	"github.com/bgkit/bgkit/internal/lazyre"
	"github.com/bgkit/bgkit/manifest"
)

// Manifest components whose class exists nowhere: a <service> or
// <receiver> left behind after its class was deleted or renamed. Such a
// component is reported as what it is, not judged by rules about what a
// real service would need.

var (
	jvmPackageRE = lazyre.New(`(?m)^\s*package\s+([\w.]+)`)
	jvmClassRE   = lazyre.New(`\b(?:class|object|interface)\s+(\w+)`)
)

// jvmFacts are the classes and packages the app's Kotlin and Java sources
// declare; nil when the app has none bgkit read (it cannot judge then).
type jvmFacts struct {
	packages map[string]bool
	classes  map[string]string // simple name -> file
	files    int
}

func (f *Facts) jvm() *jvmFacts {
	if f.jvmDone {
		return f.jvmCache
	}
	f.jvmDone = true
	var j *jvmFacts
	// Only the app module's own sources count: build logic (convention
	// plugins) and other modules say nothing about the app's classes.
	if f.Android == nil || f.Android.M == nil {
		return nil
	}
	module := filepath.Dir(f.Android.File)
	if rest, ok := strings.CutSuffix(filepath.ToSlash(f.Android.File), "/src/main/AndroidManifest.xml"); ok {
		module = filepath.FromSlash(rest)
	}
	for file, src := range f.Sources {
		if ext := filepath.Ext(file); ext != ".kt" && ext != ".java" || !strings.HasPrefix(file, module+string(filepath.Separator)) {
			continue
		}
		if j == nil {
			j = &jvmFacts{packages: map[string]bool{}, classes: map[string]string{}}
		}
		j.files++
		for _, m := range jvmPackageRE.Get().FindAllStringSubmatch(src, -1) {
			j.packages[m[1]] = true
		}
		for _, m := range jvmClassRE.Get().FindAllStringSubmatch(src, -1) {
			j.classes[m[1]] = file
		}
	}
	f.jvmCache = j
	return j
}

// componentClassUnknown reports whether the component's class is in the
// app's own package (a relative name, or a package its sources or manifest
// declare) and no app source declares it. Classes of other packages may
// come from libraries and are never judged.
func (f *Facts) componentClassUnknown(comp manifest.Component) (bool, int) {
	j := f.jvm()
	if j == nil || comp.Name == "" || strings.Contains(comp.Name, "${") {
		return false, 0
	}
	name := comp.Name
	simple := name[strings.LastIndexByte(name, '.')+1:]
	if i := strings.IndexByte(simple, '$'); i >= 0 {
		simple = simple[:i]
	}
	own := strings.HasPrefix(name, ".") || !strings.Contains(name, ".")
	if !own {
		pkg := name[:strings.LastIndexByte(name, '.')]
		own = j.packages[pkg] || f.Android != nil && f.Android.M != nil && f.Android.M.Package != "" && pkg == f.Android.M.Package
	}
	if !own {
		return false, 0
	}
	if _, ok := j.classes[simple]; ok {
		return false, 0
	}
	return true, j.files
}

func ruleComponentClassUnknown(c *Check) {
	a := c.Android
	if a == nil || a.M == nil {
		return
	}
	for _, comp := range a.M.Components {
		if comp.ToolsNode == "remove" || comp.Kind == "activity" && comp.Name == "" {
			continue
		}
		if unknown, n := c.componentClassUnknown(comp); unknown {
			c.report(Loc{File: a.File, Line: comp.Line}, nil,
				"<%s android:name=%q>: no class %s in the app module's sources (%d Kotlin/Java files read), and the name is in the app's own package, not a library's: Android throws ClassNotFoundException when it starts the component. Remove the declaration, or fix the name",
				comp.Kind, comp.Name, comp.Name[strings.LastIndexByte(comp.Name, '.')+1:], n)
		}
	}
}

func registerComponentRules(r *Registry) {
	r.mustRegister(Rule{
		ID: "android-component-class-unknown", Title: "Every service and receiver in the app's package has its class in the app's sources",
		Severity: Warning, Platform: Android, Run: ruleComponentClassUnknown,
		Docs: "https://developer.android.com/guide/topics/manifest/service-element#nm",
	})
}
