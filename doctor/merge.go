package doctor

import (
	"path"
	"path/filepath"
)

// Part is the report of one project of a repository that holds several
// (a monorepo), and its folder relative to the repository's root.
type Part struct {
	Dir    string
	Report *Report
}

// Merge makes one report of the reports of a repository's projects: files
// become relative to root (apps/mobile/app.json), frameworks and rules are
// the union, and the findings keep the usual order. Messages still name
// files relative to their own project; a note says so.
func Merge(root string, parts []Part) *Report {
	rep := &Report{Root: root}
	seenFW := map[string]bool{}
	seenRule := map[string]bool{}
	var dirs []string
	for _, part := range parts {
		dir := filepath.ToSlash(part.Dir)
		dirs = append(dirs, dir)
		r := part.Report
		for _, fw := range r.Frameworks {
			if !seenFW[fw] {
				seenFW[fw] = true
				rep.Frameworks = append(rep.Frameworks, fw)
			}
		}
		for _, l := range r.Libraries {
			l.File = mergePath(dir, l.File)
			rep.Libraries = append(rep.Libraries, l)
		}
		for _, n := range r.Notes {
			rep.Notes = append(rep.Notes, dir+": "+n)
		}
		for _, f := range r.Findings {
			f.File = mergePath(dir, f.File)
			rep.Findings = append(rep.Findings, f)
		}
		for _, f := range r.Passed {
			f.File = mergePath(dir, f.File)
			rep.Passed = append(rep.Passed, f)
		}
		for _, rule := range r.Rules {
			if !seenRule[rule.ID] {
				seenRule[rule.ID] = true
				rep.Rules = append(rep.Rules, rule)
			}
		}
	}
	if len(dirs) > 0 {
		note := "checked " + plural(len(dirs), "project", "projects") + " of this repository: "
		for i, d := range dirs {
			if i > 0 {
				note += ", "
			}
			note += d
		}
		rep.Notes = append([]string{note + "; file names inside messages are relative to each project's folder"}, rep.Notes...)
	}
	sortFindings(rep.Findings)
	sortFindings(rep.Passed)
	return rep
}

func mergePath(dir, file string) string {
	if file == "" {
		return ""
	}
	return filepath.FromSlash(path.Join(dir, filepath.ToSlash(file)))
}
