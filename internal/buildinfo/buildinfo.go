// Package buildinfo says which bgkit this is: the version, commit and date a
// release build stamps in with -ldflags, or what the Go toolchain recorded for
// a build from source.
package buildinfo

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// Set by release builds:
//
//	go build -ldflags "-X github.com/bgkit/bgkit/internal/buildinfo.version=1.2.3
//	  -X github.com/bgkit/bgkit/internal/buildinfo.commit=abc123
//	  -X github.com/bgkit/bgkit/internal/buildinfo.date=2026-12-03T00:00:00Z"
var (
	version string
	commit  string
	date    string
)

// Info describes the running binary.
type Info struct {
	Version   string `json:"version"`
	Commit    string `json:"commit,omitempty"`
	Date      string `json:"date,omitempty"`
	Modified  bool   `json:"modified,omitempty"`
	GoVersion string `json:"goVersion"`
}

// Read returns what is known of the running binary: stamped values first,
// then the module version and VCS settings the toolchain recorded.
func Read() Info {
	in := Info{Version: version, Commit: commit, Date: date, GoVersion: runtime.Version()}
	bi, ok := debug.ReadBuildInfo()
	if ok {
		if in.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			in.Version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if in.Commit == "" {
					in.Commit = s.Value
				}
			case "vcs.time":
				if in.Date == "" {
					in.Date = s.Value
				}
			case "vcs.modified":
				if commit == "" {
					in.Modified = s.Value == "true"
				}
			}
		}
	}
	if in.Version == "" {
		in.Version = "(devel)"
	}
	return in
}

// Short is the one-line version `bgkit --version` prints: the version, and
// for a development build the commit it was built from.
func (in Info) Short() string {
	v := in.Version
	if v != "(devel)" || in.Commit == "" {
		return v
	}
	rev := in.Commit
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if in.Modified {
		rev += "-dirty"
	}
	return v + " " + rev
}

// Long is what `bgkit version` prints: the version, the commit (and
// whether the tree had uncommitted changes), its date and the Go version,
// one a line.
func (in Info) Long() string {
	commit, date := in.Commit, in.Date
	if commit == "" {
		commit = "unknown"
	}
	if in.Modified {
		commit += " (with uncommitted changes)"
	}
	if date == "" {
		date = "unknown"
	}
	return fmt.Sprintf("bgkit %s\ncommit: %s\ndate:   %s\ngo:     %s\n", in.Version, commit, date, in.GoVersion)
}
