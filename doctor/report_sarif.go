package doctor

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"strings"
)

// SARIF 2.1.0, the format code scanning (GitHub, GitLab, Azure DevOps)
// reads. Only what those consumers use is written.

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                `json:"tool"`
	OriginalURIBaseIDs map[string]sarifArtifact `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult            `json:"results"`
	Invocations        []sarifInvocation        `json:"invocations"`
}

// sarifInvocation carries the report's notes as tool execution
// notifications: what was not checked (level warning) and what the user
// should know (level note).
type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications"`
}

type sarifNotification struct {
	Descriptor sarifDescriptor   `json:"descriptor"`
	Level      string            `json:"level"`
	Message    sarifText         `json:"message"`
	Locations  []sarifLocation   `json:"locations,omitempty"`
	Properties map[string]string `json:"properties,omitempty"`
}

type sarifDescriptor struct {
	ID string `json:"id"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Version        string      `json:"version,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string            `json:"id"`
	ShortDescription     sarifText         `json:"shortDescription"`
	FullDescription      *sarifText        `json:"fullDescription,omitempty"`
	HelpURI              string            `json:"helpUri"`
	Help                 *sarifMultiformat `json:"help,omitempty"`
	DefaultConfiguration sarifConfig       `json:"defaultConfiguration"`
	Properties           map[string]string `json:"properties"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifText struct {
	Text string `json:"text"`
}

// sarifMultiformat is a message in plain text and Markdown (SARIF 3.12).
type sarifMultiformat struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

func sarifLevel(s Severity) string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "note"
}

// WriteSARIF writes the report as a SARIF 2.1.0 log with one run.
func WriteSARIF(w io.Writer, rep *Report, opt RenderOptions) error {
	driver := sarifDriver{Name: "bgkit", InformationURI: "https://github.com/bgkit/bgkit", Version: opt.Version, Rules: []sarifRule{}}
	index := map[string]int{}
	addRule := func(r *Rule) {
		if _, ok := index[r.ID]; ok {
			return
		}
		index[r.ID] = len(driver.Rules)
		sr := sarifRule{
			ID: r.ID, ShortDescription: sarifText{Text: r.Title}, HelpURI: r.Docs,
			DefaultConfiguration: sarifConfig{Level: sarifLevel(r.Severity)},
			Properties:           map[string]string{"platform": string(r.Platform)},
		}
		// The rule's documentation: code scanning shows help beside an
		// alert.
		if r.Text != "" {
			sr.FullDescription = &sarifText{Text: r.Text}
		}
		if r.Remedy != "" {
			sr.Help = &sarifMultiformat{Text: r.helpText(), Markdown: r.helpMarkdown()}
		}
		driver.Rules = append(driver.Rules, sr)
	}
	for _, r := range rep.Rules {
		addRule(r)
	}
	results := []sarifResult{}
	for _, f := range rep.Findings {
		if _, ok := index[f.Rule]; !ok {
			if r, ok := Catalog.Lookup(f.Rule); ok {
				addRule(r)
			}
		}
		res := sarifResult{RuleID: f.Rule, RuleIndex: index[f.Rule], Level: sarifLevel(f.Severity), Message: sarifText{Text: f.Message}}
		if f.File != "" {
			loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifactOf(f.File, opt)}}
			if f.Line > 0 {
				loc.PhysicalLocation.Region = &sarifRegion{StartLine: f.Line, StartColumn: f.Column}
			}
			res.Locations = []sarifLocation{loc}
		}
		results = append(results, res)
	}
	inv := sarifInvocation{ExecutionSuccessful: !rep.NothingChecked(), ToolExecutionNotifications: []sarifNotification{}}
	for _, n := range rep.Notes {
		level := "note"
		if n.Code == NoteNotChecked {
			level = "warning"
		}
		sn := sarifNotification{Descriptor: sarifDescriptor{ID: n.Code}, Level: level, Message: sarifText{Text: noteMessage(n)}}
		if n.File != "" {
			loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifactOf(n.File, opt)}}
			if n.Line > 0 {
				loc.PhysicalLocation.Region = &sarifRegion{StartLine: n.Line}
			}
			sn.Locations = []sarifLocation{loc}
		}
		if n.Rule != "" || n.Platform != "" || n.Target != "" {
			sn.Properties = map[string]string{}
			for k, v := range map[string]string{"rule": n.Rule, "platform": string(n.Platform), "target": n.Target} {
				if v != "" {
					sn.Properties[k] = v
				}
			}
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sn)
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, Results: results, Invocations: []sarifInvocation{inv}}
	if filepath.IsAbs(opt.Prefix) {
		run.OriginalURIBaseIDs = map[string]sarifArtifact{sarifRootID: {URI: sarifFileURI(opt.Prefix)}}
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{run},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

// sarifRootID names the project root when it was given as an absolute
// path: code scanning wants URIs relative to the checkout, so locations
// stay relative and the root is declared once in originalUriBaseIds.
const sarifRootID = "PROJECTROOT"

// sarifArtifactOf is a finding's file as a SARIF artifact location: a
// relative URI reference (percent-encoded: Xcode folders often have
// spaces), from where bgkit ran when the root was given relative, or from
// the root otherwise.
func sarifArtifactOf(file string, opt RenderOptions) sarifArtifact {
	if filepath.IsAbs(opt.Prefix) {
		return sarifArtifact{URI: sarifRelURI(filepath.ToSlash(file)), URIBaseID: sarifRootID}
	}
	return sarifArtifact{URI: sarifRelURI(opt.displayPath(file))}
}

// sarifRelURI percent-encodes a relative slash path as a URI reference.
func sarifRelURI(p string) string {
	u := (&url.URL{Path: p}).EscapedPath()
	// A colon in the first segment would read as a scheme.
	if first, _, _ := strings.Cut(u, "/"); strings.Contains(first, ":") {
		u = "./" + u
	}
	return u
}

// sarifFileURI is the file: URI of an absolute folder, ending in a slash
// as SARIF requires of a base URI.
func sarifFileURI(dir string) string {
	p := filepath.ToSlash(filepath.Clean(dir))
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x on Windows
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}
