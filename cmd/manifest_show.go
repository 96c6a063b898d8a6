package cmd

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/internal/safetext"
	"github.com/bgkit/bgkit/internal/style"
	"github.com/bgkit/bgkit/manifest"
)

type manifestShowOptions struct {
	manifestTarget
	JSON bool
}

func newManifestShowCmd(f *Factory, runF func(*manifestShowOptions) error) *cobra.Command {
	opts := &manifestShowOptions{}
	c := &cobra.Command{
		Use:   "show",
		Short: "Show permissions, removals, boot receivers and services",
		Long: `Show what an AndroidManifest.xml says about background work, each with its
line: the permissions it requests (<uses-permission> and
<uses-permission-sdk-23>, with minSdkVersion and maxSdkVersion), the
permissions it removes from libraries with tools:node="remove", the
receivers that listen for BOOT_COMPLETED, and the services with their
foregroundServiceType. Commented-out elements are not shown.`,
		Example: `  bgkit manifest show
  bgkit manifest show --json
  bgkit manifest show --file android/app/src/main/AndroidManifest.xml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runManifestShow(f, opts)
		},
	}
	opts.manifestTarget.register(c)
	c.Flags().BoolVar(&opts.JSON, "json", false, "print the result as JSON")
	return c
}

func runManifestShow(f *Factory, opts *manifestShowOptions) error {
	path, err := opts.resolve(f)
	if err != nil {
		return err
	}
	file, err := f.read(nil, path)
	if err != nil {
		return err
	}
	m, err := manifest.Parse(path, file.Data)
	if err != nil {
		return err
	}
	if opts.JSON {
		return writeManifestJSON(f, path, m)
	}
	writeManifestText(f, path, m)
	return nil
}

type manifestPermJSON struct {
	Name   string `json:"name"`
	Tag    string `json:"tag"`
	Line   int    `json:"line"`
	Col    int    `json:"col"`
	MinSDK string `json:"minSdk,omitempty"`
	MaxSDK string `json:"maxSdk,omitempty"`
}

type manifestComponentJSON struct {
	Name                  string   `json:"name"`
	Line                  int      `json:"line"`
	Exported              *bool    `json:"exported"`
	Actions               []string `json:"actions,omitempty"`
	ForegroundServiceType string   `json:"foregroundServiceType,omitempty"`
	Permission            string   `json:"permission,omitempty"`
}

type manifestShowJSON struct {
	File          string                  `json:"file"`
	Package       string                  `json:"package,omitempty"`
	MinSDK        string                  `json:"minSdk,omitempty"`
	TargetSDK     string                  `json:"targetSdk,omitempty"`
	Permissions   []manifestPermJSON      `json:"permissions"`
	Removed       []manifestPermJSON      `json:"removed"`
	BootReceivers []manifestComponentJSON `json:"bootReceivers"`
	Services      []manifestComponentJSON `json:"services"`
}

func manifestComponent(c manifest.Component, actions bool) manifestComponentJSON {
	j := manifestComponentJSON{Name: c.Name, Line: c.Line, Exported: c.Exported, ForegroundServiceType: c.ForegroundServiceType, Permission: c.Permission}
	if actions {
		j.Actions = c.Actions
	}
	return j
}

func writeManifestJSON(f *Factory, path string, m *manifest.Manifest) error {
	out := manifestShowJSON{
		File: path, Package: m.Package, MinSDK: m.MinSDK, TargetSDK: m.TargetSDK,
		Permissions: []manifestPermJSON{}, Removed: []manifestPermJSON{},
		BootReceivers: []manifestComponentJSON{}, Services: []manifestComponentJSON{},
	}
	for _, p := range m.Permissions {
		j := manifestPermJSON{Name: p.Name, Tag: p.Tag, Line: p.Line, Col: p.Col, MinSDK: p.MinSDK, MaxSDK: p.MaxSDK}
		if p.Removed {
			out.Removed = append(out.Removed, j)
		} else {
			out.Permissions = append(out.Permissions, j)
		}
	}
	for _, c := range m.BootReceivers() {
		out.BootReceivers = append(out.BootReceivers, manifestComponent(c, true))
	}
	for _, c := range m.Services() {
		out.Services = append(out.Services, manifestComponent(c, false))
	}
	return writeJSON(f, out)
}

func writeManifestText(f *Factory, path string, m *manifest.Manifest) {
	w := f.IO.Out
	bold := style.New(w, f.IO.ColorEnabled()).Bold.Render
	fmt.Fprintln(w, safetext.Escape(path))
	var facts []string
	if m.Package != "" {
		facts = append(facts, "package "+m.Package)
	}
	if m.MinSDK != "" {
		facts = append(facts, "minSdk "+m.MinSDK)
	}
	if m.TargetSDK != "" {
		facts = append(facts, "targetSdk "+m.TargetSDK)
	}
	if len(facts) > 0 {
		fmt.Fprintf(w, "  %s\n", safetext.Escape(strings.Join(facts, ", ")))
	}

	type row struct {
		name string
		line int
		note string
	}
	section := func(title string, rows []row, empty string) {
		if len(rows) == 0 {
			fmt.Fprintf(w, "\n%s: %s\n", bold(title), empty)
			return
		}
		fmt.Fprintf(w, "\n%s\n", bold(title))
		width := 0
		for _, r := range rows {
			width = max(width, len(r.name))
		}
		for _, r := range rows {
			// Names and notes come from the file: no control characters
			// or escape sequences reach the terminal.
			r.name, r.note = safetext.Escape(r.name), safetext.Escape(r.note)
			line := fmt.Sprintf("  %-*s  (line %d)", width, r.name, r.line)
			if r.note != "" {
				line += "  " + r.note
			}
			fmt.Fprintln(w, line)
		}
	}
	var perms, removed, boot, services []row
	for _, p := range m.Permissions {
		var notes []string
		if p.Tag != "uses-permission" {
			notes = append(notes, p.Tag)
		}
		if p.MinSDK != "" {
			notes = append(notes, "minSdk "+p.MinSDK)
		}
		if p.MaxSDK != "" {
			notes = append(notes, "maxSdk "+p.MaxSDK)
		}
		r := row{p.Name, p.Line, strings.Join(notes, ", ")}
		if p.Removed {
			removed = append(removed, r)
		} else {
			perms = append(perms, r)
		}
	}
	exported := func(c manifest.Component) string {
		if c.Exported == nil {
			return "exported not set"
		}
		return fmt.Sprintf("exported=%t", *c.Exported)
	}
	for _, c := range m.BootReceivers() {
		boot = append(boot, row{c.Name, c.Line, exported(c)})
	}
	for _, c := range m.Services() {
		note := "no foregroundServiceType"
		if c.ForegroundServiceType != "" {
			note = "foregroundServiceType=" + c.ForegroundServiceType
		}
		services = append(services, row{c.Name, c.Line, note})
	}
	section("Permissions", perms, "none")
	section(`Removed with tools:node="remove"`, removed, "none")
	section("Boot receivers", boot, "none")
	section("Services", services, "none")
}
