// Package sources lists an app's own source files (JS/TS, Dart, Swift,
// Objective-C, Kotlin, Java) for the doctor to read. It walks the project
// recursively but never enters dependencies, generated or build folders, and
// skips symlinks, tests and files over a size cap, so a run stays within
// milliseconds.
package sources

import (
	"io/fs"
	"path/filepath"
	"strings"
)

// Exts are the extensions of app sources.
var Exts = map[string]bool{
	".js": true, ".jsx": true, ".ts": true, ".tsx": true, ".mjs": true, ".cjs": true,
	".dart": true, ".swift": true, ".m": true, ".mm": true, ".kt": true, ".java": true,
}

// skipDirs are never entered: dependencies, generated code, build output,
// native copies of the web assets, VCS and tool folders.
var skipDirs = map[string]bool{
	"node_modules": true, "Pods": true, "build": true, "Build": true, "DerivedData": true, "dist": true,
	"www": true, "public": true, "static": true, "out": true, "coverage": true, "vendor": true,
	"generated": true, "Generated": true, ".dart_tool": true, ".gradle": true, ".idea": true, ".expo": true,
	"intermediates": true, "capacitor-cordova-android-plugins": true, "capacitor-cordova-ios-plugins": true,
	"__tests__": true, "__mocks__": true, "test": true, "tests": true, "androidTest": true, "Tests": true,
	"buildSrc": true, "build-logic": true, "Carthage": true, "SourcePackages": true, ".build": true, "web-build": true, "ephemeral": true,
}

const (
	// MaxFile skips bigger files (bundles, generated tables).
	MaxFile = 256 << 10
	// MaxFiles bounds the list.
	MaxFiles = 2000
)

// List returns the app's source files under root, relative to it, in walk
// (lexical) order.
func List(root string) []string {
	var out []string
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if d != nil && d.IsDir() && p != root {
				return fs.SkipDir
			}
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && (skipDirs[name] || strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".xcodeproj") || strings.HasSuffix(name, ".xcworkspace") || strings.HasSuffix(name, ".framework") || strings.HasSuffix(name, ".xcframework")) {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || !Exts[filepath.Ext(name)] || skipFile(name) {
			return nil
		}
		info, err := d.Info()
		if err != nil || info.Size() > MaxFile {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return nil
		}
		out = append(out, rel)
		if len(out) >= MaxFiles {
			return fs.SkipAll
		}
		return nil
	})
	return out
}

func skipFile(name string) bool {
	for _, s := range []string{".d.ts", ".min.js", ".test.ts", ".test.tsx", ".test.js", ".test.jsx", ".spec.ts", ".spec.js", ".g.dart", ".freezed.dart", ".config.js", ".config.ts", ".config.mjs", ".config.cjs", "Test.kt", "Test.java", "Tests.swift"} {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}
