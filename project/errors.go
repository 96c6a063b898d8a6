// Package project finds what a mobile project holds: its frameworks, the
// background libraries it uses, its config files, the app's Info.plist,
// entitlements and AndroidManifest.xml, and its app identifiers. It reads
// known files at known places and never walks node_modules, Pods, build
// trees or .git. Locate finds the apps to check from the folder a user
// names; a Cache lets one look at an app (planning its runs, detecting
// each target) read and parse each file once.
package project

import (
	"fmt"
	"strings"
)

// NotFoundError means bgkit looked for a file or value and found none.
type NotFoundError struct {
	What   string   // "the app's Info.plist"
	Looked []string // where bgkit looked
	Hint   string   // what to do next
}

func (e *NotFoundError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "could not find %s", e.What)
	if len(e.Looked) > 0 {
		fmt.Fprintf(&b, "; looked in:\n  %s", strings.Join(e.Looked, "\n  "))
	}
	if e.Hint != "" {
		fmt.Fprintf(&b, "\n%s", e.Hint)
	}
	return b.String()
}

// AmbiguousError means several candidates fit and bgkit will not guess.
type AmbiguousError struct {
	What       string
	Candidates []string
	Hint       string // how to choose, e.g. "choose one with --target NAME"
}

func (e *AmbiguousError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "found several candidates for %s:\n  %s", e.What, strings.Join(e.Candidates, "\n  "))
	if e.Hint != "" {
		fmt.Fprintf(&b, "\n%s", e.Hint)
	}
	return b.String()
}
