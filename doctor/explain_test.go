package doctor

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// Every rule explains itself in both formats, with its text, remedy and
// source, and SARIF's help carries the same.
func TestExplainEveryRule(t *testing.T) {
	for _, r := range Catalog.Rules() {
		var text bytes.Buffer
		if err := WriteExplain(&text, r, "text"); err != nil {
			t.Fatal(err)
		}
		flat := strings.Join(strings.Fields(text.String()), " ")
		for _, want := range []string{r.ID + ": " + r.Title, strings.Join(strings.Fields(r.Text), " "), strings.Join(strings.Fields(r.Remedy), " "), "Source: " + r.Docs} {
			if !strings.Contains(flat, want) {
				t.Errorf("%s: --explain lacks %q:\n%s", r.ID, want, text.String())
			}
		}
		var js bytes.Buffer
		if err := WriteExplain(&js, r, "json"); err != nil {
			t.Fatal(err)
		}
		var doc jsonRuleDoc
		if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.ID != r.ID || doc.Text != r.Text || doc.Remedy != r.Remedy || doc.Before != r.Before || doc.After != r.After || doc.Why != r.Why {
			t.Errorf("%s: JSON %+v", r.ID, doc)
		}
		if !strings.Contains(r.helpMarkdown(), "**Fix:** "+r.Remedy) || !strings.HasPrefix(r.helpText(), r.Remedy) {
			t.Errorf("%s: SARIF help lacks the remedy", r.ID)
		}
	}
	r, _ := Catalog.Lookup("ios-mode-missing")
	if err := WriteExplain(&bytes.Buffer{}, r, "markdown"); err == nil {
		t.Error("WriteExplain markdown: want an error")
	}
}
