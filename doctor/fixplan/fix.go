// Package fixplan plans what `bgkit doctor --fix` does: where each fix of
// the doctor's findings lands (Info.plist, the entitlements file,
// AndroidManifest.xml or the Expo app config), the edits it makes in
// memory, and the steps it leaves to the user. It reads only the files it
// edits: what the doctor already knows about the project (which files it
// could not read) comes in with the findings.
package fixplan

import "github.com/bgkit/bgkit/project"

// ActionKind says what a fix does, independent of the file it lands in: the
// planner decides where (Info.plist or app.json, and so on).
type ActionKind string

const (
	AddBackgroundModes    ActionKind = "add-background-modes"    // Values: UIBackgroundModes to add
	RemoveBackgroundModes ActionKind = "remove-background-modes" // Values: modes to remove
	AddTaskIdentifiers    ActionKind = "add-task-identifiers"    // Values: BGTaskSchedulerPermittedIdentifiers to add
	SetEntitlement        ActionKind = "set-entitlement"         // Key, Value: e.g. aps-environment = development
	AddPermissions        ActionKind = "add-permissions"         // Values: full Android permission names
	UnblockPermissions    ActionKind = "unblock-permissions"     // Values: drop tools:node="remove" / blockedPermissions entries
	AddExpoPlugins        ActionKind = "add-expo-plugins"        // Values: plugin names for app.json "plugins"
)

// Action is a mechanical fix.
type Action struct {
	Kind   ActionKind `json:"kind"`
	Values []string   `json:"values,omitempty"`
	Key    string     `json:"key,omitempty"`
	Value  string     `json:"value,omitempty"`
}

// Fix is one finding's fix: the rule that found it, where, what it said,
// and the action that fixes it.
type Fix struct {
	Rule    string
	File    string // relative to the project root
	Message string
	Action  Action
}

// Run is one doctor run over an app (one iOS target or Android module of
// it): the project it read, the fixes of its findings, and the files it
// could not read (the project reader's and the checks' own). Problems nil
// means the project reader's only (Project.Problems).
type Run struct {
	Project  *project.Project
	Fixes    []Fix
	Problems []project.FileProblem
}

// ExpoBackgroundTaskID is the task identifier the expo-background-task
// config plugin writes into the generated Info.plist at prebuild.
const ExpoBackgroundTaskID = "com.expo.modules.backgroundtask.processing"
