package doctor

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// sarifDoc is the part of SARIF 2.1.0 code scanning requires.
type sarifDoc struct {
	Schema  *string `json:"$schema"`
	Version *string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name  string `json:"name"`
				Rules []struct {
					ID string `json:"id"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		OriginalURIBaseIDs map[string]struct {
			URI string `json:"uri"`
		} `json:"originalUriBaseIds"`
		Results *[]struct {
			RuleID    string `json:"ruleId"`
			RuleIndex int    `json:"ruleIndex"`
			Level     string `json:"level"`
			Message   struct {
				Text *string `json:"text"`
			} `json:"message"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       *string `json:"uri"`
						URIBaseID string  `json:"uriBaseId"`
					} `json:"artifactLocation"`
					Region *struct {
						StartLine   *int `json:"startLine"`
						StartColumn *int `json:"startColumn"`
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
		} `json:"results"`
	} `json:"runs"`
}

func sarifReport() *Report {
	rule, _ := Catalog.Lookup("ios-mode-missing")
	return &Report{Root: "app", Rules: []*Rule{rule}, Findings: []Finding{
		{Rule: "ios-mode-missing", Severity: Error, Platform: IOS, Message: "m1", File: "ios/My App/Info.plist", Line: 4},
		{Rule: "ios-mode-missing", Severity: Error, Platform: IOS, Message: "m2", File: "ios/App/Info.plist"},
		{Rule: "expo-config-is-code", Severity: Info, Platform: Both, Message: "m3", File: "app.config.ts", Line: 2, Column: 7},
		{Rule: RuleCrashed, Severity: Error, Platform: IOS, Message: "m4"},
	}}
}

func decodeSARIF(t *testing.T, opt RenderOptions) sarifDoc {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, sarifReport(), opt); err != nil {
		t.Fatal(err)
	}
	var doc sarifDoc
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, buf.String())
	}
	if doc.Version == nil || *doc.Version != "2.1.0" || doc.Schema == nil || !strings.Contains(*doc.Schema, "sarif-2.1.0") {
		t.Fatalf("version/$schema missing:\n%s", buf.String())
	}
	if len(doc.Runs) != 1 || doc.Runs[0].Tool.Driver.Name != "bgkit" || doc.Runs[0].Results == nil {
		t.Fatalf("runs[0].tool.driver.name or results missing:\n%s", buf.String())
	}
	return doc
}

// TestSARIFValid checks what SARIF 2.1.0 and code scanning require:
// version, $schema, the driver's name, a message text per result, a rule
// at ruleIndex, relative percent-encoded URIs, and a region only with a
// known line (startLine >= 1).
func TestSARIFValid(t *testing.T) {
	for _, prefix := range []string{"", ".", "my app", "/home/ci/my app"} {
		t.Run(prefix, func(t *testing.T) {
			doc := decodeSARIF(t, RenderOptions{Prefix: prefix})
			run := doc.Runs[0]
			results := *run.Results
			if len(results) != 4 {
				t.Fatalf("%d results, want 4", len(results))
			}
			for i, r := range results {
				if r.Message.Text == nil || *r.Message.Text == "" {
					t.Errorf("result %d: no message.text", i)
				}
				if r.RuleIndex >= len(run.Tool.Driver.Rules) || run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
					t.Errorf("result %d: ruleIndex %d does not name %s", i, r.RuleIndex, r.RuleID)
				}
				if r.RuleID == RuleCrashed {
					if len(r.Locations) != 0 {
						t.Errorf("a finding without a file has locations: %+v", r.Locations)
					}
					continue
				}
				if len(r.Locations) != 1 {
					t.Fatalf("result %d: %d locations", i, len(r.Locations))
				}
				pl := r.Locations[0].PhysicalLocation
				uri := pl.ArtifactLocation.URI
				if uri == nil {
					t.Fatalf("result %d: no uri", i)
				}
				u, err := url.Parse(*uri)
				if err != nil || u.Scheme != "" || strings.HasPrefix(*uri, "/") || strings.Contains(*uri, " ") {
					t.Errorf("result %d: uri %q is not a relative URI reference (%v)", i, *uri, err)
				}
				abs := strings.HasPrefix(prefix, "/")
				if abs {
					base, ok := run.OriginalURIBaseIDs[pl.ArtifactLocation.URIBaseID]
					if !ok || !strings.HasPrefix(base.URI, "file:///") || !strings.HasSuffix(base.URI, "/") {
						t.Errorf("result %d: uriBaseId %q not declared as a file: URI ending in /: %+v", i, pl.ArtifactLocation.URIBaseID, run.OriginalURIBaseIDs)
					}
				} else if pl.ArtifactLocation.URIBaseID != "" || run.OriginalURIBaseIDs != nil {
					t.Errorf("relative root: uriBaseId %q, originalUriBaseIds %+v", pl.ArtifactLocation.URIBaseID, run.OriginalURIBaseIDs)
				}
				switch *r.Message.Text {
				case "m1":
					want := "ios/My%20App/Info.plist"
					if !abs && prefix != "" && prefix != "." {
						want = "my%20app/" + want
					}
					if *uri != want {
						t.Errorf("uri = %q, want %q", *uri, want)
					}
					if pl.Region == nil || pl.Region.StartLine == nil || *pl.Region.StartLine != 4 || pl.Region.StartColumn != nil {
						t.Errorf("m1 region = %+v, want startLine 4 and no column", pl.Region)
					}
				case "m2":
					if pl.Region != nil {
						t.Errorf("a finding without a line has a region: %+v", pl.Region)
					}
				case "m3":
					if pl.Region == nil || *pl.Region.StartLine != 2 || pl.Region.StartColumn == nil || *pl.Region.StartColumn != 7 {
						t.Errorf("m3 region = %+v", pl.Region)
					}
				}
			}
			if prefix == "/home/ci/my app" {
				if got := run.OriginalURIBaseIDs[sarifRootID].URI; got != "file:///home/ci/my%20app/" {
					t.Errorf("base URI = %q", got)
				}
			}
		})
	}
}
