// Package manifest reads AndroidManifest.xml and edits its permissions with
// the smallest possible change, as text at the exact spot.
//
// CONTRACT (relied on by cmd/, doctor/ and trigger/; keep these signatures).
package manifest

import (
	"errors"
	"fmt"
)

// ParseError is invalid input: it names the file and the line.
type ParseError struct {
	File string
	Line int
	Col  int
	Msg  string
}

func (e *ParseError) Error() string {
	switch {
	case e.Line > 0 && e.Col > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

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

var errTODO = errors.New("not implemented")

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
	return fmt.Sprintf("%s:%d: %s is removed here with tools:node=\"remove\"; adding it would leave a request and its removal (pass --unblock to drop the removal)", e.File, e.Line, e.Permission)
}

// AddPermissions returns data with <uses-permission> elements for the given
// full names that are not requested yet. No change returns data itself.
func AddPermissions(name string, data []byte, perms []string, opt AddOptions) ([]byte, error) {
	return nil, errTODO
}

// RemoveOptions changes how RemovePermissions treats absent permissions.
type RemoveOptions struct {
	// Block adds <uses-permission android:name="..." tools:node="remove" />
	// for permissions not requested in this file (they arrive from a
	// library at merge), declaring xmlns:tools when missing.
	Block bool
}

// RemovePermissions returns data without the given permissions' elements.
func RemovePermissions(name string, data []byte, perms []string, opt RemoveOptions) ([]byte, error) {
	return nil, errTODO
}
