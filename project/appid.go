package project

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/bgkit/bgkit/internal/fsutil"

	"github.com/bgkit/bgkit/internal/ids"
	"github.com/bgkit/bgkit/internal/lazyre"
)

// InvalidAppIDError means a project declares an application id that is not
// a valid Android package name (often a template placeholder or a variable).
type InvalidAppIDError struct {
	ID     string
	Source string // file:line
}

func (e *InvalidAppIDError) Error() string {
	return fmt.Sprintf("%s: %q is not a valid Android application id (expected letters, digits and _ in dot-separated parts, such as com.example.app); pass --package", e.Source, e.ID)
}

// androidGradleFiles are the app module's build files, in the order bgkit
// trusts them: a React Native, Expo (prebuilt), Capacitor or Flutter project
// keeps its app module in android/app; a native project in app.
var androidGradleFiles = []string{
	"android/app/build.gradle.kts",
	"android/app/build.gradle",
	"app/build.gradle.kts",
	"app/build.gradle",
}

// AndroidApplicationID finds the app's Android application id (its package
// name on the device). It reads, in order: applicationId (or, failing that,
// namespace, which AGP uses when applicationId is absent) in the app
// module's build.gradle(.kts) (the module AndroidAppGradle finds, else
// android/app or app); expo.android.package in app.json or
// app.config.json; appId in capacitor.config.json or capacitor.config.ts.
// source says where the id came from, as "file:line". A value that is not a
// literal valid package name is an *InvalidAppIDError; nothing found is a
// *NotFoundError.
func AndroidApplicationID(root string) (id, source string, err error) {
	var looked []string
	var notes []string
	gradleFiles := androidGradleFiles
	if g, err := AndroidAppGradle(root); err == nil {
		gradleFiles = []string{filepath.ToSlash(g)}
	} else if amb := (*AmbiguousError)(nil); errors.As(err, &amb) {
		return "", "", &AmbiguousError{What: "the Android app module (for its applicationId)", Candidates: amb.Candidates,
			Hint: "Pass the application id with --package."}
	}
	for _, rel := range gradleFiles {
		data, err := fsutil.ReadFile(filepath.Join(root, rel), fsutil.MaxEditSize)
		if errors.Is(err, fs.ErrNotExist) {
			looked = append(looked, rel+" (applicationId)")
			continue
		}
		if err != nil {
			return "", "", err
		}
		id, line, note := gradleApplicationID(data)
		if note != "" {
			notes = append(notes, fmt.Sprintf("%s:%d: %s", rel, line, note))
		}
		if id != "" {
			return checkAppID(id, fmt.Sprintf("%s:%d", rel, line))
		}
		looked = append(looked, rel+" (applicationId)")
		break // the first app module build file found is the app module
	}
	v, l, err := findAppID(root, "android", "package")
	looked = append(looked, l...)
	if err != nil {
		return "", "", err
	}
	if v != nil {
		if !v.Literal {
			return "", "", &InvalidAppIDError{ID: v.Text, Source: v.Source}
		}
		return checkAppID(v.Value, v.Source)
	}

	hint := "Pass the application id with --package (for example --package com.example.app)."
	if len(notes) > 0 {
		hint = strings.Join(notes, "\n") + "\n" + hint
	}
	return "", "", &NotFoundError{What: "the app's Android application id", Looked: looked, Hint: hint}
}

func checkAppID(id, source string) (string, string, error) {
	if !ids.AndroidPackage(id) {
		return "", "", &InvalidAppIDError{ID: id, Source: source}
	}
	return id, source, nil
}

var (
	// applicationId "x", applicationId = "x", applicationId 'x', applicationId("x")
	gradleAppIDRE         = lazyre.New(`(?:^|[\s{;])applicationId\s*(?:=\s*|\(\s*|\s)\s*["']([^"']*)["']`)
	gradleAppIDAnyRE      = lazyre.New(`(?:^|[\s{;])applicationId\b\s*=?\s*(\S.*)$`)
	gradleNamespaceRE     = lazyre.New(`(?:^|[\s{;])namespace\s*(?:=\s*|\(\s*|\s)\s*["']([^"']*)["']`)
	gradleDefaultConfigRE = lazyre.New(`\bdefaultConfig\s*\{`)
)

// gradleApplicationID reads applicationId from a Gradle build file. It
// prefers the one in defaultConfig (flavors may override it, but the
// default is what a plain build installs), then one elsewhere in the file,
// then namespace (which AGP uses when applicationId is absent). note
// explains a value bgkit cannot read, such as a variable.
func gradleApplicationID(data []byte) (id string, line int, note string) {
	var otherID, nsID string
	var otherLine, nsLine, noteLine int
	depth := 0
	defaultStart := -1 // depth at which defaultConfig { opened; -1 outside
	for i, l := range strings.Split(BlankComments(string(data)), "\n") {
		if defaultStart < 0 && gradleDefaultConfigRE.Get().MatchString(l) {
			defaultStart = depth
		}
		inDefault := defaultStart >= 0
		if m := gradleAppIDRE.Get().FindStringSubmatch(l); m != nil {
			if inDefault {
				return m[1], i + 1, ""
			}
			if otherID == "" {
				otherID, otherLine = m[1], i+1
			}
		} else if m := gradleAppIDAnyRE.Get().FindStringSubmatch(l); m != nil && note == "" {
			note = fmt.Sprintf("applicationId is set from %s, which bgkit does not evaluate", strings.TrimSpace(m[1]))
			noteLine = i + 1
		}
		if m := gradleNamespaceRE.Get().FindStringSubmatch(l); m != nil && nsID == "" {
			nsID, nsLine = m[1], i+1
		}
		depth += strings.Count(l, "{") - strings.Count(l, "}")
		if defaultStart >= 0 && depth <= defaultStart {
			defaultStart = -1
		}
	}
	switch {
	case note != "":
		// A computed applicationId wins over any literal elsewhere: bgkit
		// cannot know its value, so it must not guess.
		return "", noteLine, note
	case otherID != "":
		return otherID, otherLine, ""
	case nsID != "":
		return nsID, nsLine, ""
	}
	return "", 0, ""
}
