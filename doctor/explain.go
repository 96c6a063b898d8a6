package doctor

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// ExplainFormats are the formats WriteExplain writes.
var ExplainFormats = []string{"text", "json"}

// jsonRuleDoc is a rule with its documentation, for --explain --json.
// It holds the fields of the catalog's list (jsonRule) first.
type jsonRuleDoc struct {
	jsonRule
	Why    string `json:"why"`
	Text   string `json:"text"`
	Remedy string `json:"remedy"`
	Before string `json:"before,omitempty"`
	After  string `json:"after,omitempty"`
}

// WriteExplain writes a rule's documentation: what it checks and why, its
// severity and the reason for it, how to fix a finding, and an example
// where the rule has one. format is "text" or "json".
func WriteExplain(w io.Writer, r *Rule, format string) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(jsonRuleDoc{ruleJSON(r), r.Why, r.Text, r.Remedy, r.Before, r.After})
	case "text":
		var b strings.Builder
		fmt.Fprintf(&b, "%s: %s\n\n", r.ID, r.Title)
		fmt.Fprintf(&b, "Platform: %s\n", r.Platform)
		b.WriteString(strings.TrimRight(wrap("Severity: "+r.Why, "", 78), "\n") + "\n")
		if r.Fixable {
			b.WriteString("Fixable:  yes (bgkit doctor --fix)\n")
		}
		b.WriteString("\n" + wrap(r.Text, "", 78))
		b.WriteString("\nFix:\n" + wrap(r.Remedy, "  ", 78))
		for _, ex := range []struct{ label, text string }{{"Before", r.Before}, {"After", r.After}} {
			if ex.text == "" {
				continue
			}
			b.WriteString("\n" + ex.label + ":\n")
			for _, line := range strings.Split(ex.text, "\n") {
				b.WriteString("    " + line + "\n")
			}
		}
		b.WriteString("\nSource: " + r.Docs + "\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	return fmt.Errorf("unknown format %q for --explain (want %s)", format, strings.Join(ExplainFormats, ", "))
}

// helpText is a rule's remedy as plain text, for SARIF's help.text.
func (r *Rule) helpText() string {
	var b strings.Builder
	b.WriteString(r.Remedy)
	if r.Before != "" {
		b.WriteString("\n\nBefore:\n" + r.Before)
	}
	if r.After != "" {
		b.WriteString("\n\nAfter:\n" + r.After)
	}
	b.WriteString("\n\nSource: " + r.Docs)
	return b.String()
}

// helpMarkdown is a rule's remedy as Markdown, for SARIF's help.markdown
// (code scanning shows it beside an alert).
func (r *Rule) helpMarkdown() string {
	var b strings.Builder
	b.WriteString(r.Text + "\n\n**Fix:** " + r.Remedy)
	for _, ex := range []struct{ label, text string }{{"Before", r.Before}, {"After", r.After}} {
		if ex.text != "" {
			b.WriteString("\n\n" + ex.label + ":\n\n```\n" + ex.text + "\n```")
		}
	}
	b.WriteString("\n\n[" + r.Docs + "](" + r.Docs + ")")
	return b.String()
}
