package doctor

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/bgkit/bgkit/internal/style"
)

var platformTitles = map[Platform]string{IOS: "iOS", Android: "Android", Both: "Both platforms"}

// WriteText writes the report for people. Without colour it is one plain
// line per finding (`file:line:col severity rule: message`), easy to grep;
// with colour, findings are grouped by platform under headings.
func WriteText(w io.Writer, rep *Report, opt RenderOptions) error {
	if opt.Color {
		return writeStyled(w, rep, opt)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "bgkit doctor: %s\n", headline(rep))
	for _, n := range rep.Notes {
		if n.Code != NoteNotChecked {
			fmt.Fprintf(&b, "note: %s\n", noteText(n, opt))
		}
	}
	line := func(f Finding, sev string) {
		loc := gccLoc(opt.displayPath(f.File), f.Line, f.Column)
		if loc == "bgkit" {
			loc = "-"
		}
		fix := ""
		if f.Fixable {
			fix = " (fixable)"
		}
		fmt.Fprintf(&b, "%s %s %s: %s%s\n", loc, sev, f.Rule, f.Message, fix)
	}
	if opt.Verbose {
		for _, f := range rep.Passed {
			line(f, "pass")
		}
	}
	for _, f := range rep.Findings {
		line(f, string(f.Severity))
	}
	if nc := rep.NotChecked(); len(nc) > 0 {
		// Apart from passed checks and findings: what bgkit could not
		// check, each with its reason.
		b.WriteString("not checked:\n")
		for _, n := range nc {
			loc := gccLoc(opt.displayPath(n.File), n.Line, 0)
			if loc == "bgkit" {
				loc = "-"
			}
			fmt.Fprintf(&b, "%s skip %s: %s\n", loc, noteSubject(n), n.Message)
		}
	}
	b.WriteString(summaryLine(rep, opt) + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// noteSubject is what a not-checked note is about: its rule, else its
// platform.
func noteSubject(n Note) string {
	switch {
	case n.Rule != "":
		return n.Rule
	case n.Platform != "":
		return string(n.Platform)
	}
	return "project"
}

// noteText is an info note with its place, when it has one.
func noteText(n Note, opt RenderOptions) string {
	if n.File == "" {
		return n.Message
	}
	return gccLoc(opt.displayPath(n.File), n.Line, 0) + ": " + n.Message
}

func headline(rep *Report) string {
	s := rep.Root
	if len(rep.Frameworks) > 0 {
		s += " (" + strings.Join(rep.Frameworks, ", ")
		if libs := libraryList(rep.Libraries); libs != "" {
			s += "; " + libs
		}
		s += ")"
	} else {
		s += " (no mobile framework found)"
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func summaryLine(rep *Report, opt RenderOptions) string {
	s := rep.Summary()
	fixable := 0
	for _, f := range rep.Findings {
		if f.Fixable {
			fixable++
		}
	}
	line := fmt.Sprintf("%s, %s, %s", plural(s.Errors, "error", "errors"), plural(s.Warnings, "warning", "warnings"), plural(s.Infos, "info", "infos"))
	if s.NotChecked > 0 {
		line += fmt.Sprintf(", %d not checked", s.NotChecked)
	}
	if rep.NothingChecked() {
		line += "; nothing was checked"
	}
	if fixable > 0 {
		line += fmt.Sprintf("; %d fixable with bgkit doctor --fix", fixable)
	}
	line += fmt.Sprintf(" (%s", plural(len(rep.Rules), "rule", "rules"))
	if opt.Verbose {
		line += fmt.Sprintf(", %s passed", plural(len(rep.Passed), "check", "checks"))
	}
	return line + ")"
}

// writeStyled renders in bgkit's colour scheme (internal/style). Colour was
// decided by the caller (a terminal, no NO_COLOR), not by sniffing w.
func writeStyled(w io.Writer, rep *Report, opt RenderOptions) error {
	st := style.New(w, true)
	var (
		bold, faint, heading = st.Bold, st.Faint, st.Heading
		sevs                 = map[Severity]style.Style{Error: st.Error, Warning: st.Warning, Info: st.Info}
		pass                 = st.Pass
	)
	marks := map[Severity]string{Error: "✖", Warning: "!", Info: "i"}
	var b strings.Builder
	b.WriteString(bold.Render("bgkit doctor") + " " + headline(rep) + "\n")
	for _, n := range rep.Notes {
		if n.Code != NoteNotChecked {
			b.WriteString(faint.Render("note: "+noteText(n, opt)) + "\n")
		}
	}
	byPlatform := map[Platform][]Finding{}
	for _, f := range rep.Findings {
		byPlatform[f.Platform] = append(byPlatform[f.Platform], f)
	}
	passed := map[Platform][]Finding{}
	if opt.Verbose {
		for _, f := range rep.Passed {
			passed[f.Platform] = append(passed[f.Platform], f)
		}
	}
	for _, p := range []Platform{IOS, Android, Both} {
		if len(byPlatform[p]) == 0 && len(passed[p]) == 0 {
			continue
		}
		b.WriteString("\n" + heading.Render(platformTitles[p]) + "\n")
		for _, f := range passed[p] {
			loc := gccLoc(opt.displayPath(f.File), f.Line, f.Column)
			b.WriteString("  " + pass.Render("✓ "+f.Rule) + " " + faint.Render(loc) + "\n")
			b.WriteString(wrap(f.Message, "    ", 96))
		}
		for _, f := range byPlatform[p] {
			loc := gccLoc(opt.displayPath(f.File), f.Line, f.Column)
			if loc == "bgkit" {
				loc = ""
			}
			tag := ""
			if f.Fixable {
				tag = " " + faint.Render("[fixable]")
			}
			b.WriteString("  " + sevs[f.Severity].Render(marks[f.Severity]+" "+string(f.Severity)) + " " + bold.Render(f.Rule) + " " + faint.Render(loc) + tag + "\n")
			b.WriteString(wrap(f.Message, "    ", 96))
		}
	}
	if nc := rep.NotChecked(); len(nc) > 0 {
		b.WriteString("\n" + heading.Render("Not checked") + "\n")
		for _, n := range nc {
			loc := gccLoc(opt.displayPath(n.File), n.Line, 0)
			if loc == "bgkit" {
				loc = ""
			}
			b.WriteString("  " + sevs[Warning].Render("- skipped") + " " + bold.Render(noteSubject(n)) + " " + faint.Render(loc) + "\n")
			b.WriteString(wrap(n.Message, "    ", 96))
		}
	}
	s := rep.Summary()
	sum := summaryLine(rep, opt)
	switch {
	case s.Errors > 0:
		sum = sevs[Error].Render("✖ " + sum)
	case s.Warnings > 0 || s.NotChecked > 0 || rep.NothingChecked():
		sum = sevs[Warning].Render("! " + sum)
	default:
		sum = pass.Render("✓ " + sum)
	}
	b.WriteString("\n" + sum + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// jsonRule is a rule in the catalog's --json list.
type jsonRule struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Severity Severity `json:"severity"`
	Platform Platform `json:"platform"`
	Fixable  bool     `json:"fixable"`
	Docs     string   `json:"docs"`
}

func ruleJSON(r *Rule) jsonRule {
	return jsonRule{r.ID, r.Title, r.Severity, r.Platform, r.Fixable, r.Docs}
}

// WriteRules lists the catalog: "text" (one rule a line), "json" or
// "markdown" (the README's table).
func WriteRules(w io.Writer, rules []*Rule, format string) error {
	switch format {
	case "text":
		var b strings.Builder
		for _, r := range rules {
			fix := ""
			if r.Fixable {
				fix = " (fixable)"
			}
			fmt.Fprintf(&b, "%-46s %-7s %-7s %s%s\n", r.ID, r.Severity, r.Platform, r.Title, fix)
		}
		_, err := io.WriteString(w, b.String())
		return err
	case "json":
		out := []jsonRule{}
		for _, r := range rules {
			out = append(out, ruleJSON(r))
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(out)
	case "markdown":
		var b strings.Builder
		b.WriteString("| rule | severity | platform | fixable | checks |\n|---|---|---|---|---|\n")
		for _, r := range rules {
			fix := ""
			if r.Fixable {
				fix = "yes"
			}
			fmt.Fprintf(&b, "| [`%s`](%s) | %s | %s | %s | %s |\n", r.ID, r.Docs, r.Severity, r.Platform, fix, strings.ReplaceAll(r.Title, "|", "\\|"))
		}
		_, err := io.WriteString(w, b.String())
		return err
	}
	return fmt.Errorf("unknown format %q for --list-rules (want %s)", format, strings.Join(RuleFormats, ", "))
}

// wrap breaks text into lines of at most width columns (words longer than
// that stay whole), each starting with indent.
func wrap(text, indent string, width int) string {
	var b strings.Builder
	line := 0
	for _, w := range strings.Fields(text) {
		n := len([]rune(w))
		switch {
		case line == 0:
			b.WriteString(indent + w)
			line = len(indent) + n
		case line+1+n > width:
			b.WriteString("\n" + indent + w)
			line = len(indent) + n
		default:
			b.WriteString(" " + w)
			line += 1 + n
		}
	}
	b.WriteString("\n")
	return b.String()
}
