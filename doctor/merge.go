package doctor

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"
)

// Part is the report of one project of a repository that holds several
// (a monorepo), and its folder relative to the repository's root.
type Part struct {
	Dir    string
	Report *Report
	// Target names the iOS target or Android module this part checked
	// when a project has several ("" otherwise); its findings and notes
	// then carry it.
	Target string
}

// Merge makes one report of the reports of a repository's projects: files
// become relative to root (apps/mobile/app.json), frameworks and rules are
// the union, and the findings keep the usual order. Messages still name
// files relative to their own project; a note says so.
func Merge(root string, parts []Part) *Report {
	rep := &Report{Root: root}
	seenFW := map[string]bool{}
	seenRule := map[string]bool{}
	seenNote := map[Note]bool{}
	seenFinding := map[string]bool{}
	seenPassed := map[string]bool{}
	seenChecked := map[Platform]bool{}
	seenLib := map[string]bool{}
	var targets []string
	var dirs []string
	seenDir := map[string]bool{}
	for _, part := range parts {
		dir := filepath.ToSlash(part.Dir)
		if !seenDir[dir] {
			seenDir[dir] = true
			dirs = append(dirs, dir)
		}
		r := part.Report
		for _, fw := range r.Frameworks {
			if !seenFW[fw] {
				seenFW[fw] = true
				rep.Frameworks = append(rep.Frameworks, fw)
			}
		}
		for _, l := range r.Libraries {
			l.File = mergePath(dir, l.File)
			if key := l.Name + "\x00" + l.File; !seenLib[key] {
				seenLib[key] = true
				rep.Libraries = append(rep.Libraries, l)
			}
		}
		if part.Target != "" {
			targets = append(targets, mergePrefix(dir)+part.Target)
		}
		for _, n := range r.Notes {
			n.File = mergePath(dir, n.File)
			if n.File == "" && dir != "." {
				n.Message = dir + ": " + n.Message
			}
			if part.Target != "" && n.Target == "" && n.Rule != "" {
				n.Target = part.Target
				n.Message = part.Target + ": " + n.Message
			}
			if !seenNote[n] {
				seenNote[n] = true
				rep.Notes = append(rep.Notes, n)
			}
		}
		rep.Findings = mergeFindings(rep.Findings, seenFinding, r.Findings, dir, part.Target)
		rep.Passed = mergeFindings(rep.Passed, seenPassed, r.Passed, dir, part.Target)
		for _, pl := range r.Checked {
			if !seenChecked[pl] {
				seenChecked[pl] = true
				rep.Checked = append(rep.Checked, pl)
			}
		}
		for _, rule := range r.Rules {
			if !seenRule[rule.ID] {
				seenRule[rule.ID] = true
				rep.Rules = append(rep.Rules, rule)
			}
		}
	}
	if len(dirs) > 1 || len(dirs) == 1 && dirs[0] != "." {
		note := "checked " + plural(len(dirs), "project", "projects") + " of this repository: "
		for i, d := range dirs {
			if i > 0 {
				note += ", "
			}
			note += d
		}
		rep.Notes = append([]Note{{Code: NoteInfo, Message: note + "; file names inside messages are relative to each project's folder"}}, rep.Notes...)
	}
	if len(targets) > 0 {
		rep.Notes = append([]Note{{Code: NoteInfo, Message: "checked each app target apart (" + strings.Join(targets, ", ") + "); choose one with --target NAME or --module NAME"}}, rep.Notes...)
	}
	sortFindings(rep.Findings)
	sortFindings(rep.Passed)
	return rep
}

func mergePrefix(dir string) string {
	if dir == "." {
		return ""
	}
	return dir + ": "
}

// findingKey identifies a finding across the runs of one project's
// targets: a rule about both platforms runs in each and reports the same.
// mergeFindings appends to list the findings (or passed checks) of one
// part that are not yet seen: their files relative to the merged root, and
// the part's target named on those of one platform that name none.
func mergeFindings(list []Finding, seen map[string]bool, from []Finding, dir, target string) []Finding {
	for _, f := range from {
		f.File = mergePath(dir, f.File)
		if target != "" && f.Target == "" && f.Platform != Both {
			f.Target = target
			f.Message = target + ": " + f.Message
		}
		if key := findingKey(f); !seen[key] {
			seen[key] = true
			list = append(list, f)
		}
	}
	return list
}

func findingKey(f Finding) string {
	return fmt.Sprintf("%s\x00%s\x00%d\x00%d\x00%s", f.Rule, f.File, f.Line, f.Column, f.Message)
}

func mergePath(dir, file string) string {
	if file == "" {
		return ""
	}
	return filepath.FromSlash(path.Join(dir, filepath.ToSlash(file)))
}
