// Package appfile is what the plist and manifest commands do with an app's
// Info.plist and AndroidManifest.xml: find the file (named by the user, or
// found in the project and then kept inside it), check the values the user
// typed, plan an edit under the file's lock, and build what show reports.
//
// It sits above plistcfg and manifest, which edit bytes, because it also
// needs project (to find the files) and doctor (whose Info.plist rules
// give plist show and the plist edits their warnings); doctor imports
// plistcfg, so none of this can live in plistcfg.
package appfile

import (
	"bytes"

	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/internal/textdiff"
	"github.com/bgkit/bgkit/plistcfg"
)

// Change is one planned write with its unified diff ("" when it changes
// nothing).
type Change struct {
	fsutil.Change
	Diff string
	// Binary is set for a binary property list: its bytes are not text, so
	// Diff shows the XML it decodes to.
	Binary bool
}

// NewChange plans writing out over file.
func NewChange(file *fsutil.File, out []byte) Change {
	c := Change{Change: fsutil.Change{File: file, New: out}}
	if c.Changed() {
		c.Diff = Diff(file.Path, c.Change)
	}
	return c
}

// Diff is the unified diff of a change, labelled path. The bytes of a
// binary property list are not text: its diff shows the XML it decodes to.
func Diff(path string, c fsutil.Change) string {
	if bytes.HasPrefix(c.File.Data, []byte("bplist")) {
		oldText, err1 := plistcfg.XMLText(path, c.File.Data)
		newText, err2 := plistcfg.XMLText(path, c.New)
		if err1 == nil && err2 == nil {
			return textdiff.Unified(path, oldText, newText)
		}
	}
	return textdiff.Unified(path, c.File.Data, c.New)
}

// Plan is an edit of one file, planned under the file's lock (when it was
// asked for one): the caller writes it with Commit, or shows its diffs,
// then releases it.
type Plan struct {
	// Path is the file, as named from the folder the command works in.
	Path    string
	Changes []Change
	// Warnings are the traps a plist edit leaves or walks into.
	Warnings []Warning
	// Notes tell what the permissions a manifest edit requests for the
	// first time ask of the app.
	Notes []Note
	edit  *fsutil.Edit
}

// Pending reports whether a change changes something.
func (p *Plan) Pending() bool {
	for _, c := range p.Changes {
		if c.Changed() {
			return true
		}
	}
	return false
}

// Commit writes the changes that change something, all or none
// (fsutil.Commit).
func (p *Plan) Commit() error {
	var pending []fsutil.Change
	for _, c := range p.Changes {
		if c.Changed() {
			pending = append(pending, c.Change)
		}
	}
	return fsutil.Commit(pending)
}

// Release ends the edit: other bgkit runs may edit the file again.
func (p *Plan) Release() {
	if p != nil {
		p.edit.Release()
	}
}

// Warning is a trap in a property list, on its line (0: the file as a
// whole), under a stable code.
type Warning struct {
	Code    string `json:"code"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

// open finds the one file an edit writes and, when lock is set, takes its
// lock: other bgkit runs editing it wait until this one has read, planned
// and written it (at most 10 seconds). A preview (--dry-run, --check)
// writes nothing and takes no lock. find finds the file as show does;
// file is the one the user named, if any. A file bgkit found on its own
// must lie inside the folder (after symlinks and ".."); a named file is
// the user's choice. The caller releases the edit (a nil edit too).
func open(d fsutil.Dir, lock bool, file string, find func() (string, error)) (string, *fsutil.Edit, error) {
	path, err := find()
	if err == nil && file == "" {
		err = d.Within(path)
	}
	if err != nil || !lock {
		return path, nil, err
	}
	ed, err := d.Lock(path)
	return path, ed, err
}
