// Package manifest reads AndroidManifest.xml and edits its permissions with
// the smallest possible change, as text at the exact spot.
//
// CONTRACT (relied on by cmd/, doctor/ and trigger/; keep these signatures).
package manifest

import (
	"bytes"
	"fmt"

	"github.com/bgkit/bgkit/internal/textedit"
)

// ParseError is invalid input: it names the file and the line.
type ParseError = textedit.ParseError

// Permission is a <uses-permission> or <uses-permission-sdk-23> element.
type Permission struct {
	Name    string // full name, e.g. android.permission.WAKE_LOCK
	Tag     string // "uses-permission" or "uses-permission-sdk-23"
	Line    int
	Col     int
	Removed bool   // tools:node="remove"
	MinSDK  string // android:minSdkVersion, "" when absent
	MaxSDK  string // android:maxSdkVersion, "" when absent

	ToolsNode string // tools:node as written, "" when absent
}

// Component is a <receiver>, <service>, <activity> or <provider>.
type Component struct {
	Kind                  string // "receiver", "service", "activity", "provider"
	Name                  string // android:name as written
	Line                  int
	Exported              *bool    // nil when android:exported is absent
	Actions               []string // intent-filter actions
	ForegroundServiceType string   // services: android:foregroundServiceType
	Permission            string   // android:permission
	ToolsNode             string   // tools:node, "" when absent
}

// Manifest is a parsed AndroidManifest.xml.
type Manifest struct {
	Package     string // package= attribute, "" when absent
	Permissions []Permission
	Components  []Component
	TargetSDK   string // <uses-sdk android:targetSdkVersion>, "" when absent
	MinSDK      string
	HasApp      bool // has an <application> element
}

// Parse parses a manifest. name is used in errors. Permissions are the
// <uses-permission> and <uses-permission-sdk-23> children of <manifest>
// (commented-out ones are not permissions); Components are the children of
// <application>. Invalid input is a *ParseError naming the line.
func Parse(name string, data []byte) (*Manifest, error) {
	_, m, err := load(name, data)
	return m, err
}

// AddOptions changes how AddPermissions treats removals.
type AddOptions struct {
	// Unblock drops a tools:node="remove" entry for the permission, leaving
	// exactly one request. Without it such an entry is a *ConflictError.
	Unblock bool
}

// ConflictError means a permission to add is removed by this manifest.
type ConflictError struct {
	File       string
	Line       int
	Permission string
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("%s:%d: %s is removed here with tools:node=\"remove\"; pass --unblock to drop the removal and request it", e.File, e.Line, e.Permission)
}

// AddPermissions returns data with <uses-permission> elements for the given
// full names that are not requested yet. No change returns data itself.
//
// A new element goes right after the last <uses-permission> (wherever the
// file keeps them), in its indentation and quote style; with none, just
// before <application>, or before </manifest>. A permission already
// requested (as uses-permission or uses-permission-sdk-23, with or without
// an SDK range) is left alone.
func AddPermissions(name string, data []byte, perms []string, opt AddOptions) ([]byte, error) {
	doc, err := loadDocument(name, data)
	if err != nil {
		return nil, err
	}
	names, err := expandAll(perms)
	if err != nil {
		return nil, err
	}
	ed := newEditor(doc)
	var toAdd []string
	var drop []*node
	for _, p := range names {
		reqs, rems := permNodes(doc.root, p, nil)
		if len(rems) > 0 {
			if !opt.Unblock {
				return nil, &ConflictError{File: name, Line: doc.line(rems[0].start), Permission: p}
			}
			if len(reqs) == 0 {
				// The removal becomes the request: only its tools:node goes.
				ed.removeAttr(rems[0].attrNS(nsTools, "node"))
				rems = rems[1:]
			}
			drop = append(drop, rems...)
			continue
		}
		if len(reqs) == 0 {
			toAdd = append(toAdd, p)
		}
	}
	ed.deleteElements(drop)
	if len(toAdd) > 0 {
		skip := make(map[*node]bool, len(drop))
		for _, n := range drop {
			skip[n] = true
		}
		ed.insertPermissions(toAdd, false, skip)
	}
	return finish(name, data, ed, func(m *Manifest) error {
		for _, p := range names {
			if len(m.Requested(p)) == 0 || len(m.RemovedEntries(p)) > 0 {
				return fmt.Errorf("%s is not requested exactly once after the change", p)
			}
		}
		return nil
	})
}

// RemoveOptions changes how RemovePermissions treats absent permissions.
type RemoveOptions struct {
	// Block adds <uses-permission android:name="..." tools:node="remove" />
	// for permissions not requested in this file (they arrive from a
	// library at merge), declaring xmlns:tools when missing.
	Block bool
}

// RemovePermissions returns data without the given permissions' elements.
// Each request is deleted whole, with its line when it has one to itself,
// however its attributes wrap. With Block, a permission that ends up with
// no removal entry gets one (a request in the file is replaced by it).
func RemovePermissions(name string, data []byte, perms []string, opt RemoveOptions) ([]byte, error) {
	doc, err := loadDocument(name, data)
	if err != nil {
		return nil, err
	}
	names, err := expandAll(perms)
	if err != nil {
		return nil, err
	}
	ed := newEditor(doc)
	deleted := map[*node]bool{}
	var toBlock []string
	for _, p := range names {
		reqs, rems := permNodes(doc.root, p, nil)
		for _, r := range reqs {
			deleted[r] = true
		}
		if opt.Block && len(rems) == 0 {
			toBlock = append(toBlock, p)
		}
	}
	gone := make([]*node, 0, len(deleted))
	for n := range deleted {
		gone = append(gone, n)
	}
	ed.deleteElements(gone)
	if len(toBlock) > 0 {
		ed.insertPermissions(toBlock, true, deleted)
	}
	return finish(name, data, ed, func(m *Manifest) error {
		for _, p := range names {
			if len(m.Requested(p)) > 0 {
				return fmt.Errorf("%s is still requested after the change", p)
			}
			if opt.Block && len(m.RemovedEntries(p)) == 0 {
				return fmt.Errorf("%s is not blocked after the change", p)
			}
		}
		return nil
	})
}

// expandAll validates and expands permission names, dropping repeats.
func expandAll(perms []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, p := range perms {
		full, err := ExpandPermission(p)
		if err != nil {
			return nil, err
		}
		if !seen[full] {
			seen[full] = true
			out = append(out, full)
		}
	}
	return out, nil
}

// permNodes returns the request and removal elements for a permission.
func permNodes(root *node, perm string, skip map[*node]bool) (reqs, rems []*node) {
	for _, c := range root.children {
		if !isPermElement(c) || skip[c] || attrValue(c, nsAndroid, "name") != perm {
			continue
		}
		if attrValue(c, nsTools, "node") == "remove" {
			rems = append(rems, c)
		} else {
			reqs = append(reqs, c)
		}
	}
	return reqs, rems
}

// finish applies the edits and parses the result again: a change that
// would leave a file that does not parse, or does not say what was asked,
// is never returned.
func finish(name string, data []byte, ed *editor, check func(*Manifest) error) ([]byte, error) {
	out, err := textedit.Apply(data, ed.edits)
	if err != nil {
		return nil, fmt.Errorf("%s: bgkit could not plan the change (%v); the file is untouched", name, err)
	}
	if bytes.Equal(out, data) {
		return data, nil
	}
	_, m, err := load(name, out)
	if err == nil {
		err = check(m)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: the changed manifest would be wrong (%v); the file is untouched, please report this", name, err)
	}
	return out, nil
}
