package appfile

import (
	"errors"
	"fmt"
	"strings"

	"github.com/bgkit/bgkit/doctor"
	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/plistcfg"
	"github.com/bgkit/bgkit/project"
)

// FindPlist returns the Info.plist to work on: file when the user named
// one, else the one the Xcode project in d gives the app target (target
// chooses among several; project.FindInfoPlist).
func FindPlist(d fsutil.Dir, file, target string) (string, error) {
	if file != "" {
		return file, nil
	}
	return project.FindInfoPlist(d.Root(), target)
}

// TargetNames lists the Xcode project's application targets, for
// completing --target; nothing when there is no project to read.
func TargetNames(d fsutil.Dir) []string {
	_, targets, _ := project.XcodeTargets(d.Root())
	var names []string
	for _, t := range targets {
		names = append(names, t.Name)
	}
	return names
}

// PlistEditKind is what a plist edit does.
type PlistEditKind int

const (
	AddMode PlistEditKind = iota
	RemoveMode
	AddTaskID
	RemoveTaskID
)

// Key is the key the edit changes.
func (k PlistEditKind) Key() string {
	if k == AddMode || k == RemoveMode {
		return plistcfg.KeyBackgroundModes
	}
	return plistcfg.KeyTaskIDs
}

// Adds reports whether the edit adds values.
func (k PlistEditKind) Adds() bool { return k == AddMode || k == AddTaskID }

// PlistEdit is an edit of UIBackgroundModes or
// BGTaskSchedulerPermittedIdentifiers.
type PlistEdit struct {
	File, Target string // the file, or the app target whose Info.plist to find
	Kind         PlistEditKind
	Values       []string
	// AllowUnknown lets through background modes bgkit does not know.
	AllowUnknown bool
	// Lock holds the file's lock from the read to Plan.Release: set it
	// when the plan may be written.
	Lock bool
}

// ErrEmptyValue is a removal of an empty (or blank) value.
var ErrEmptyValue = errors.New("an empty value cannot be removed")

// checkPlistValues validates what the user typed before any file is read:
// it returns the values without repeats, and warnings for the modes it
// lets through with a caveat.
func checkPlistValues(kind PlistEditKind, values []string, allowUnknown bool) (out []string, warnings []Warning, err error) {
	seen := map[string]bool{}
	for _, v := range values {
		if seen[v] {
			continue
		}
		seen[v] = true
		out = append(out, v)
		switch kind {
		case AddMode:
			m, err := plistcfg.CheckMode(v)
			var unknown *plistcfg.UnknownModeError
			switch {
			case errors.As(err, &unknown) && allowUnknown:
				warnings = append(warnings, Warning{Code: plistcfg.WarnUnknownMode, Message: fmt.Sprintf("adding %q, which bgkit does not know as a background mode (--allow-unknown)", v)})
			case errors.As(err, &unknown):
				return nil, nil, fmt.Errorf("%w\n(a mode newer than bgkit can be added with --allow-unknown)", err)
			case err != nil:
				return nil, nil, err
			case m.Deprecated != "":
				warnings = append(warnings, Warning{Code: plistcfg.WarnDeprecatedMode, Message: fmt.Sprintf("background mode %s is deprecated: %s", v, m.Deprecated)})
			}
		case AddTaskID:
			if err := plistcfg.CheckTaskID(v); err != nil {
				return nil, nil, err
			}
		default:
			if strings.TrimSpace(v) == "" {
				return nil, nil, ErrEmptyValue
			}
		}
	}
	return out, warnings, nil
}

// EditPlist plans e in the folder d: the change, and the warnings about
// what it leaves. The caller releases the plan.
func EditPlist(d fsutil.Dir, e PlistEdit) (*Plan, error) {
	values, warnings, err := checkPlistValues(e.Kind, e.Values, e.AllowUnknown)
	if err != nil {
		return nil, err
	}
	path, ed, err := open(d, e.Lock, e.File, func() (string, error) { return FindPlist(d, e.File, e.Target) })
	if err != nil {
		return nil, err
	}
	plan, err := planPlist(d, ed, path, e.Kind, values)
	if err != nil {
		ed.Release()
		return nil, err
	}
	plan.Warnings = append(warnings, plan.Warnings...)
	return plan, nil
}

func planPlist(d fsutil.Dir, ed *fsutil.Edit, path string, kind PlistEditKind, values []string) (*Plan, error) {
	file, before, oldSum, err := loadPlist(d, ed, path)
	if err != nil {
		return nil, err
	}
	var out []byte
	if kind.Adds() {
		out, err = plistcfg.AddStrings(path, file.Data, kind.Key(), values...)
	} else {
		out, err = plistcfg.RemoveStrings(path, file.Data, kind.Key(), values...)
	}
	if err != nil {
		return nil, err
	}
	after, err := plistcfg.Parse(path, out)
	if err != nil {
		return nil, err
	}
	newSum, err := summarizePlist(path, after)
	if err != nil {
		return nil, err
	}
	c := NewChange(file, out)
	c.Binary = before.Format() == plistcfg.Binary
	return &Plan{Path: path, Changes: []Change{c}, Warnings: plistEditWarnings(kind, values, oldSum, newSum), edit: ed}, nil
}

// loadPlist reads and parses the file show and the edits work on, with the
// background configuration it holds. An edit reads it under ed's lock;
// show passes nil.
func loadPlist(d fsutil.Dir, ed *fsutil.Edit, path string) (*fsutil.File, *plistcfg.Doc, *plistcfg.Summary, error) {
	file, err := d.Read(ed, path)
	if err != nil {
		return nil, nil, nil, err
	}
	doc, err := plistcfg.Parse(path, file.Data)
	if err != nil {
		return nil, nil, nil, err
	}
	sum, err := summarizePlist(path, doc)
	if err != nil {
		return nil, nil, nil, err
	}
	return file, doc, sum, nil
}

// summarizePlist is plistcfg.Summarize with the warnings of the doctor's
// Info.plist rules: plist show and the plist edits warn from the same
// catalog as the doctor, each finding under the code plist show --json
// has always given it (doctor.PlistRules).
func summarizePlist(path string, doc *plistcfg.Doc) (*plistcfg.Summary, error) {
	sum, err := plistcfg.Summarize(doc)
	if err != nil {
		return nil, err
	}
	codes := map[string]string{}
	for _, r := range doctor.PlistRules {
		codes[r.ID] = r.Code
	}
	var ws []plistcfg.Warning
	for _, f := range doctor.CheckInfoPlist(path, doc) {
		code := codes[f.Rule]
		if code == "" {
			code = f.Rule
		}
		ws = append(ws, plistcfg.Warning{Code: code, Line: f.Line, Subject: f.Subject, Msg: f.Message})
	}
	sum.Warnings = append(ws, sum.Warnings...)
	return sum, nil
}

// plistEditWarnings picks the traps an edit leaves or walks into: the ones
// about how modes and identifiers fit together always, the ones about
// single values only for the values the command touched.
func plistEditWarnings(kind PlistEditKind, values []string, before, after *plistcfg.Summary) []Warning {
	touched := map[string]bool{}
	for _, v := range values {
		touched[v] = true
	}
	var ws []plistcfg.Warning
	if kind == AddTaskID && len(before.TaskIDs) == 0 && len(after.TaskIDs) > 0 {
		ws = append(ws, plistcfg.LegacyFetchWarning())
	}
	for _, w := range after.Warnings {
		switch w.Code {
		case plistcfg.WarnProcessingWithoutIDs, plistcfg.WarnIDsWithoutMode:
			ws = append(ws, w)
		case plistcfg.WarnBareTaskID:
			if kind == AddTaskID && touched[w.Subject] {
				ws = append(ws, w)
			}
		case plistcfg.WarnMissingUsage:
			if kind == AddMode && touched[w.Subject] {
				ws = append(ws, w)
			}
		}
	}
	return warnings(ws)
}

func warnings(ws []plistcfg.Warning) []Warning {
	out := []Warning{}
	for _, w := range ws {
		out = append(out, Warning{Code: w.Code, Line: w.Line, Message: w.Msg})
	}
	return out
}

// PlistShow is what plist show reports (its --json shape).
type PlistShow struct {
	File              string       `json:"file"`
	Format            string       `json:"format"`
	BackgroundModes   PlistList    `json:"backgroundModes"`
	TaskIdentifiers   PlistList    `json:"taskIdentifiers"`
	UsageDescriptions []PlistUsage `json:"usageDescriptions"`
	Warnings          []Warning    `json:"warnings"`
}

// PlistList is an array of strings under a key: whether the key is there,
// its line, and its values with theirs.
type PlistList struct {
	Present bool         `json:"present"`
	Line    int          `json:"line,omitempty"`
	Values  []PlistValue `json:"values"`
}

// PlistValue is one string of a PlistList.
type PlistValue struct {
	Value string `json:"value"`
	Line  int    `json:"line,omitempty"`
}

// PlistUsage is a usage-description string, and the background modes that
// need it.
type PlistUsage struct {
	Key      string   `json:"key"`
	Present  bool     `json:"present"`
	Line     int      `json:"line,omitempty"`
	Value    string   `json:"value,omitempty"`
	Required bool     `json:"required"`
	NeededBy []string `json:"neededBy"`
}

// ShowPlist reads the Info.plist (FindPlist) and reports its background
// configuration.
func ShowPlist(d fsutil.Dir, file, target string) (*PlistShow, error) {
	path, err := FindPlist(d, file, target)
	if err != nil {
		return nil, err
	}
	_, _, s, err := loadPlist(d, nil, path)
	if err != nil {
		return nil, err
	}
	out := &PlistShow{
		File:              path,
		Format:            s.Format.String(),
		BackgroundModes:   plistList(s.HasModes, s.ModesLine, s.Modes),
		TaskIdentifiers:   plistList(s.HasIDs, s.IDsLine, s.TaskIDs),
		UsageDescriptions: []PlistUsage{},
		Warnings:          warnings(s.Warnings),
	}
	for _, u := range s.Usage {
		needed := u.NeededBy
		if needed == nil {
			needed = []string{}
		}
		out.UsageDescriptions = append(out.UsageDescriptions, PlistUsage{Key: u.Key, Present: u.Present, Line: u.Line, Value: u.Value, Required: u.Required, NeededBy: needed})
	}
	return out, nil
}

func plistList(present bool, line int, items []plistcfg.Item) PlistList {
	l := PlistList{Present: present, Line: line, Values: []PlistValue{}}
	for _, it := range items {
		l.Values = append(l.Values, PlistValue{Value: it.Value.(string), Line: it.Line})
	}
	return l
}

// PlistValues lists what the Info.plist holds under key, for completing a
// removal; nothing when the file cannot be found or read.
func PlistValues(d fsutil.Dir, file, target, key string) []string {
	path, err := FindPlist(d, file, target)
	if err != nil {
		return nil
	}
	f, err := d.Read(nil, path)
	if err != nil {
		return nil
	}
	doc, err := plistcfg.Parse(path, f.Data)
	if err != nil {
		return nil
	}
	values, _ := doc.StringValues(key)
	return values
}
