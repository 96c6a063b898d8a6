package project

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/bgkit/bgkit/internal/ids"
)

// InvalidBundleIDError means the project declares a bundle identifier that
// bgkit cannot use: a build-time variable, or not reverse-DNS.
type InvalidBundleIDError struct {
	ID     string
	Source string
	Code   bool // the value is an expression, not a literal
}

func (e *InvalidBundleIDError) Error() string {
	if e.Code {
		return fmt.Sprintf("%s: the bundle id is computed by code (%s), which bgkit does not run; pass --bundle", e.Source, e.ID)
	}
	if strings.Contains(e.ID, "$") {
		return fmt.Sprintf("%s: the bundle id %q is set from a build setting bgkit does not evaluate; pass --bundle (xcrun simctl listapps booted lists the installed apps)", e.Source, e.ID)
	}
	return fmt.Sprintf("%s: %q is not a valid bundle id (expected reverse-DNS such as com.example.app); pass --bundle", e.Source, e.ID)
}

// IOSBundleID finds the iOS app's bundle identifier. It reads, in order:
// the app target's PRODUCT_BUNDLE_IDENTIFIER in the Xcode project, from its
// Debug configuration as a simulator build installs it (the
// truth once ios/ exists); expo.ios.bundleIdentifier in app.json or
// app.config.json; appId in capacitor.config.json or capacitor.config.ts.
// source says where the id came from. Several app targets with different
// ids are an *AmbiguousError, an unusable value an *InvalidBundleIDError,
// nothing found a *NotFoundError.
func IOSBundleID(root string) (id, source string, err error) {
	var looked []string
	pbxproj, targets, err := XcodeTargets(root)
	var nf *NotFoundError
	switch {
	case errors.As(err, &nf):
		looked = append(looked, "Xcode project (PRODUCT_BUNDLE_IDENTIFIER)")
	case err != nil:
		return "", "", err
	default:
		if id, source, ok, err := bundleIDFromTargets(pbxproj, targets); ok {
			return id, source, err
		}
		looked = append(looked, pbxproj+" (PRODUCT_BUNDLE_IDENTIFIER)")
	}

	v, l, err := findAppID(root, "ios", "bundleIdentifier")
	looked = append(looked, l...)
	if err != nil {
		return "", "", err
	}
	if v != nil {
		if !v.Literal {
			return "", "", &InvalidBundleIDError{ID: v.Text, Source: v.Source, Code: true}
		}
		return checkBundleID(v.Value, v.Source)
	}

	hint := "Pass the bundle id with --bundle (for example --bundle com.example.app); xcrun simctl listapps booted lists the installed apps."
	for _, code := range []string{"app.config.js", "app.config.ts"} {
		if _, err := os.Stat(filepath.Join(root, code)); err == nil {
			hint = code + " is code, which bgkit does not run. " + hint
			break
		}
	}
	return "", "", &NotFoundError{What: "the app's iOS bundle id", Looked: looked, Hint: hint}
}

// bundleIDFromTargets picks the app's bundle id among the Xcode project's
// application targets. ok=false when no target sets one.
func bundleIDFromTargets(pbxproj string, targets []XcodeTarget) (id, source string, ok bool, err error) {
	var with []XcodeTarget
	for _, t := range targets {
		if t.simBundleID() != "" {
			with = append(with, t)
		}
	}
	if len(with) == 0 {
		return "", "", false, nil
	}
	distinct := map[string]bool{}
	for _, t := range with {
		distinct[t.simBundleID()] = true
	}
	if len(distinct) > 1 {
		// The target named after the project is the app; the others are
		// variants (a dev build, a tvOS app) the user must choose.
		projName := strings.TrimSuffix(filepath.Base(filepath.Dir(pbxproj)), ".xcodeproj")
		for _, t := range with {
			if t.Name == projName {
				id, source, err := checkBundleID(t.simBundleID(), fmt.Sprintf("%s (target %s)", pbxproj, t.Name))
				return id, source, true, err
			}
		}
		var cands []string
		for _, t := range with {
			cands = append(cands, fmt.Sprintf("%s (target %s)", t.simBundleID(), t.Name))
		}
		return "", "", true, &AmbiguousError{What: "the app's bundle id in " + pbxproj, Candidates: cands,
			Hint: "choose one with --bundle ID"}
	}
	t := with[0]
	id, source, err = checkBundleID(t.simBundleID(), fmt.Sprintf("%s (target %s)", pbxproj, t.Name))
	return id, source, true, err
}

func checkBundleID(id, source string) (string, string, error) {
	if !ids.ReverseDNS(id) {
		return "", "", &InvalidBundleIDError{ID: id, Source: source}
	}
	return id, source, nil
}

// simBundleID is the bundle id a simulator build of the target installs:
// the Debug configuration's, else the one XcodeTargets read.
func (t XcodeTarget) simBundleID() string {
	if t.DebugBundleID != "" {
		return t.DebugBundleID
	}
	return t.BundleID
}
