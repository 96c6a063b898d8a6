package appfile

import (
	"fmt"
	"slices"
	"strings"

	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/manifest"
	"github.com/bgkit/bgkit/project"
)

// FindManifest returns the AndroidManifest.xml to work on: file when the
// user named one, else the app module's main manifest in d
// (project.FindAndroidManifest).
func FindManifest(d fsutil.Dir, file string) (string, error) {
	if file != "" {
		return file, nil
	}
	return project.FindAndroidManifest(d.Root())
}

// ManifestEdit is an edit of the permissions an AndroidManifest.xml
// requests.
type ManifestEdit struct {
	File  string // the file; "" finds it (FindManifest)
	Add   bool   // add the permissions; else remove them
	Perms []string
	// AllowUnknown lets through android.permission names bgkit does not
	// know; Unblock drops a tools:node="remove" entry for a permission
	// added; Block removes a permission with tools:node="remove".
	AllowUnknown, Unblock, Block bool
	// Lock holds the file's lock from the read to Plan.Release: set it
	// when the plan may be written.
	Lock bool
}

// Note is what requesting a permission asks of the app
// (manifest.PolicyNote).
type Note struct {
	Permission string
	Text       string
}

// checkPermissions validates what the user typed before any file is read:
// it returns the permissions' full names. An addition refuses a name bgkit
// does not know, with the closest it knows, unless allowUnknown.
func checkPermissions(add, allowUnknown bool, perms []string) ([]string, error) {
	var out []string
	for _, p := range perms {
		full, err := manifest.ExpandPermission(p)
		if err != nil {
			return nil, err
		}
		if add && !allowUnknown && !manifest.KnownPermission(full) {
			msg := fmt.Sprintf("%s is not an Android permission bgkit knows", full)
			if s := manifest.SuggestPermission(full); s != "" {
				msg += fmt.Sprintf("; did you mean %s?", manifest.ShortPermission(s))
			}
			return nil, fmt.Errorf("%s\n(a permission newer than bgkit can be added with --allow-unknown)", msg)
		}
		out = append(out, full)
	}
	return out, nil
}

// EditManifest plans e in the folder d: the change, and for an addition
// the notes about the permissions it requests for the first time. The
// caller releases the plan.
func EditManifest(d fsutil.Dir, e ManifestEdit) (*Plan, error) {
	perms, err := checkPermissions(e.Add, e.AllowUnknown, e.Perms)
	if err != nil {
		return nil, err
	}
	path, ed, err := open(d, e.Lock, e.File, func() (string, error) { return FindManifest(d, e.File) })
	if err != nil {
		return nil, err
	}
	plan, err := planManifest(d, ed, path, e, perms)
	if err != nil {
		ed.Release()
		return nil, err
	}
	return plan, nil
}

func planManifest(d fsutil.Dir, ed *fsutil.Edit, path string, e ManifestEdit, perms []string) (*Plan, error) {
	file, err := d.Read(ed, path)
	if err != nil {
		return nil, err
	}
	var out []byte
	var notes []Note
	if e.Add {
		out, err = manifest.AddPermissions(path, file.Data, perms, manifest.AddOptions{Unblock: e.Unblock})
		if err == nil {
			notes = policyNotes(path, file.Data, perms)
		}
	} else {
		out, err = manifest.RemovePermissions(path, file.Data, perms, manifest.RemoveOptions{Block: e.Block})
	}
	if err != nil {
		return nil, err
	}
	return &Plan{Path: path, Changes: []Change{NewChange(file, out)}, Notes: notes, edit: ed}, nil
}

// policyNotes are the notes about the permissions that before does not
// request yet.
func policyNotes(path string, before []byte, perms []string) []Note {
	m, err := manifest.Parse(path, before)
	if err != nil {
		return nil
	}
	var notes []Note
	for _, p := range perms {
		if len(m.Requested(p)) > 0 {
			continue
		}
		if note := manifest.PolicyNote(p); note != "" {
			notes = append(notes, Note{Permission: p, Text: note})
		}
	}
	return notes
}

// ManifestShow is what manifest show reports (its --json shape).
type ManifestShow struct {
	File          string              `json:"file"`
	Package       string              `json:"package,omitempty"`
	MinSDK        string              `json:"minSdk,omitempty"`
	TargetSDK     string              `json:"targetSdk,omitempty"`
	Permissions   []ManifestPerm      `json:"permissions"`
	Removed       []ManifestPerm      `json:"removed"`
	BootReceivers []ManifestComponent `json:"bootReceivers"`
	Services      []ManifestComponent `json:"services"`
}

// ManifestPerm is a permission the manifest requests, or removes with
// tools:node="remove".
type ManifestPerm struct {
	Name   string `json:"name"`
	Tag    string `json:"tag"`
	Line   int    `json:"line"`
	Col    int    `json:"col"`
	MinSDK string `json:"minSdk,omitempty"`
	MaxSDK string `json:"maxSdk,omitempty"`
}

// ManifestComponent is a boot receiver or a service.
type ManifestComponent struct {
	Name                  string   `json:"name"`
	Line                  int      `json:"line"`
	Exported              *bool    `json:"exported"`
	Actions               []string `json:"actions,omitempty"`
	ForegroundServiceType string   `json:"foregroundServiceType,omitempty"`
	Permission            string   `json:"permission,omitempty"`
}

// ShowManifest reads the AndroidManifest.xml (FindManifest) and reports
// what it says about background work.
func ShowManifest(d fsutil.Dir, file string) (*ManifestShow, error) {
	path, err := FindManifest(d, file)
	if err != nil {
		return nil, err
	}
	f, err := d.Read(nil, path)
	if err != nil {
		return nil, err
	}
	m, err := manifest.Parse(path, f.Data)
	if err != nil {
		return nil, err
	}
	out := &ManifestShow{
		File: path, Package: m.Package, MinSDK: m.MinSDK, TargetSDK: m.TargetSDK,
		Permissions: []ManifestPerm{}, Removed: []ManifestPerm{},
		BootReceivers: []ManifestComponent{}, Services: []ManifestComponent{},
	}
	for _, p := range m.Permissions {
		j := ManifestPerm{Name: p.Name, Tag: p.Tag, Line: p.Line, Col: p.Col, MinSDK: p.MinSDK, MaxSDK: p.MaxSDK}
		if p.Removed {
			out.Removed = append(out.Removed, j)
		} else {
			out.Permissions = append(out.Permissions, j)
		}
	}
	for _, c := range m.BootReceivers() {
		out.BootReceivers = append(out.BootReceivers, component(c, true))
	}
	for _, c := range m.Services() {
		out.Services = append(out.Services, component(c, false))
	}
	return out, nil
}

func component(c manifest.Component, actions bool) ManifestComponent {
	j := ManifestComponent{Name: c.Name, Line: c.Line, Exported: c.Exported, ForegroundServiceType: c.ForegroundServiceType, Permission: c.Permission}
	if actions {
		j.Actions = c.Actions
	}
	return j
}

// Facts are the manifest's package and SDK levels, as "package X",
// "minSdk N", "targetSdk N", those it sets.
func (s *ManifestShow) Facts() []string {
	var facts []string
	if s.Package != "" {
		facts = append(facts, "package "+s.Package)
	}
	if s.MinSDK != "" {
		facts = append(facts, "minSdk "+s.MinSDK)
	}
	if s.TargetSDK != "" {
		facts = append(facts, "targetSdk "+s.TargetSDK)
	}
	return facts
}

// Section is a titled list of what show reports, for text.
type Section struct {
	Title string
	Rows  []Row
}

// Row is a name on its line, with a note ("" for none).
type Row struct {
	Name string
	Line int
	Note string
}

// Sections are the permissions, the removals, the boot receivers and the
// services, each row with what matters about it.
func (s *ManifestShow) Sections() []Section {
	perm := func(p ManifestPerm) Row {
		var notes []string
		if p.Tag != "uses-permission" {
			notes = append(notes, p.Tag)
		}
		if p.MinSDK != "" {
			notes = append(notes, "minSdk "+p.MinSDK)
		}
		if p.MaxSDK != "" {
			notes = append(notes, "maxSdk "+p.MaxSDK)
		}
		return Row{p.Name, p.Line, strings.Join(notes, ", ")}
	}
	var perms, removed, boot, services []Row
	for _, p := range s.Permissions {
		perms = append(perms, perm(p))
	}
	for _, p := range s.Removed {
		removed = append(removed, perm(p))
	}
	for _, c := range s.BootReceivers {
		note := "exported not set"
		if c.Exported != nil {
			note = fmt.Sprintf("exported=%t", *c.Exported)
		}
		boot = append(boot, Row{c.Name, c.Line, note})
	}
	for _, c := range s.Services {
		note := "no foregroundServiceType"
		if c.ForegroundServiceType != "" {
			note = "foregroundServiceType=" + c.ForegroundServiceType
		}
		services = append(services, Row{c.Name, c.Line, note})
	}
	return []Section{
		{"Permissions", perms},
		{`Removed with tools:node="remove"`, removed},
		{"Boot receivers", boot},
		{"Services", services},
	}
}

// PermissionChoices are the permissions a manifest edit can be given, for
// completion: for an addition, the ones bgkit knows that the manifest does
// not request yet; for a removal, the ones it requests (with block, also
// the ones a library could add). Short names (WAKE_LOCK), sorted for a
// removal.
func PermissionChoices(d fsutil.Dir, file string, add, block bool) []string {
	requested := ManifestPermissions(d, file)
	var values []string
	if add || block {
		for _, p := range manifest.KnownPermissionNames() {
			if add && slices.Contains(requested, p) {
				continue
			}
			values = append(values, p)
		}
	}
	if !add {
		values = append(requested, values...)
		slices.Sort(values)
		values = slices.Compact(values)
	}
	return values
}

// ManifestPermissions lists the permissions the manifest requests, short
// for android.permission.*, for completion; nothing when it cannot be
// found or read.
func ManifestPermissions(d fsutil.Dir, file string) []string {
	path, err := FindManifest(d, file)
	if err != nil {
		return nil
	}
	f, err := d.Read(nil, path)
	if err != nil {
		return nil
	}
	m, err := manifest.Parse(path, f.Data)
	if err != nil {
		return nil
	}
	var out []string
	for _, p := range m.Permissions {
		if !p.Removed {
			out = append(out, manifest.ShortPermission(p.Name))
		}
	}
	return out
}
