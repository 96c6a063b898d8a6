// Package manifest reads AndroidManifest.xml and edits its permissions with
// the smallest possible change, as text at the exact spot.
//
// CONTRACT (relied on by cmd/, doctor/ and trigger/; keep these signatures).
package manifest

import "errors"

// ParseError is invalid input: it names the file and the line.
type ParseError struct {
	File string
	Line int
	Col  int
	Msg  string
}

func (e *ParseError) Error() string { return "TODO" }

// Permission is a <uses-permission> or <uses-permission-sdk-23> element.
type Permission struct {
	Name    string // full name, e.g. android.permission.WAKE_LOCK
	Tag     string // "uses-permission" or "uses-permission-sdk-23"
	Line    int
	Col     int
	Removed bool   // tools:node="remove"
	MinSDK  string // android:minSdkVersion, "" when absent
	MaxSDK  string // android:maxSdkVersion, "" when absent
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

// Parse parses a manifest. name is used in errors.
func Parse(name string, data []byte) (*Manifest, error) { return nil, errTODO }

// ExpandPermission turns a short name (WAKE_LOCK) into its full name
// (android.permission.WAKE_LOCK); full names stay as given. It returns an
// error for names that are not valid permission names.
func ExpandPermission(name string) (string, error) { return "", errTODO }

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

func (e *ConflictError) Error() string { return "TODO" }

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
