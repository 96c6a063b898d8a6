package cmd

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/appfile"
	"github.com/bgkit/bgkit/internal/cmdutil"
	"github.com/bgkit/bgkit/internal/safetext"
	"github.com/bgkit/bgkit/internal/style"
)

type manifestShowOptions struct {
	manifestTarget
	JSON bool
}

func newManifestShowCmd(f *cmdutil.Factory, runF func(*manifestShowOptions) error) *cobra.Command {
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

func runManifestShow(f *cmdutil.Factory, opts *manifestShowOptions) error {
	show, err := appfile.ShowManifest(f.Dir, opts.File)
	if err != nil {
		return err
	}
	if opts.JSON {
		return cmdutil.WriteJSON(f, show)
	}
	writeManifestText(f, show)
	return nil
}

func writeManifestText(f *cmdutil.Factory, s *appfile.ManifestShow) {
	w := f.IO.Out
	bold := style.New(w, f.IO.ColorEnabled()).Bold.Render
	fmt.Fprintln(w, safetext.Escape(s.File))
	if facts := s.Facts(); len(facts) > 0 {
		fmt.Fprintf(w, "  %s\n", safetext.Escape(strings.Join(facts, ", ")))
	}
	for _, sec := range s.Sections() {
		if len(sec.Rows) == 0 {
			fmt.Fprintf(w, "\n%s: none\n", bold(sec.Title))
			continue
		}
		fmt.Fprintf(w, "\n%s\n", bold(sec.Title))
		width := 0
		for _, r := range sec.Rows {
			width = max(width, len(r.Name))
		}
		for _, r := range sec.Rows {
			// Names and notes come from the file: no control characters
			// or escape sequences reach the terminal.
			line := fmt.Sprintf("  %-*s  (line %d)", width, safetext.Escape(r.Name), r.Line)
			if r.Note != "" {
				line += "  " + safetext.Escape(r.Note)
			}
			fmt.Fprintln(w, line)
		}
	}
}
