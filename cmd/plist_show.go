package cmd

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/appfile"
	"github.com/bgkit/bgkit/internal/cmdutil"
	"github.com/bgkit/bgkit/internal/safetext"
	"github.com/bgkit/bgkit/internal/style"
	"github.com/bgkit/bgkit/plistcfg"
)

type plistShowOptions struct {
	plistTarget
	JSON bool
}

func newPlistShowCmd(f *cmdutil.Factory, runF func(*plistShowOptions) error) *cobra.Command {
	opts := &plistShowOptions{}
	c := &cobra.Command{
		Use:   "show",
		Short: "Show the background modes, task identifiers and usage descriptions",
		Long: `Show the app's background configuration: UIBackgroundModes,
BGTaskSchedulerPermittedIdentifiers and the usage-description strings the
background modes need, with line numbers for XML files. Known traps are
reported as warnings on standard error (in "warnings" with --json); they
do not change the exit code.`,
		Example: `  bgkit plist show
  bgkit plist show --file ios/Runner/Info.plist --json
  bgkit plist show --target MyAppDev`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runPlistShow(f, opts)
		},
	}
	opts.plistTarget.register(f, c)
	c.Flags().BoolVar(&opts.JSON, "json", false, "print the configuration as JSON")
	return c
}

func runPlistShow(f *cmdutil.Factory, opts *plistShowOptions) error {
	show, err := appfile.ShowPlist(f.Dir, opts.File, opts.Target)
	if err != nil {
		return err
	}
	if opts.JSON {
		return cmdutil.WriteJSON(f, show)
	}
	writePlistText(f, show)
	printPlistWarnings(f, show.File, show.Warnings)
	return nil
}

func writePlistText(f *cmdutil.Factory, s *appfile.PlistShow) {
	w := f.IO.Out
	bold := style.New(w, f.IO.ColorEnabled()).Bold.Render
	at := func(line int) string {
		if line == 0 {
			return ""
		}
		return fmt.Sprintf("  (line %d)", line)
	}
	head := func(line int) string { return strings.TrimPrefix(at(line), " ") }
	// Values come from the file: safetext keeps control characters and
	// escape sequences in them from reaching the terminal.
	fmt.Fprintf(w, "%s (%s)\n", safetext.Escape(s.File), s.Format)
	list := func(key string, l appfile.PlistList) {
		switch {
		case !l.Present:
			fmt.Fprintf(w, "\n%s: not set\n", bold(key))
		case len(l.Values) == 0:
			fmt.Fprintf(w, "\n%s%s: empty\n", bold(key), head(l.Line))
		default:
			fmt.Fprintf(w, "\n%s%s\n", bold(key), head(l.Line))
			width := 0
			for _, v := range l.Values {
				width = max(width, len(safetext.Escape(v.Value)))
			}
			for _, v := range l.Values {
				fmt.Fprintf(w, "  %-*s%s\n", width, safetext.Escape(v.Value), at(v.Line))
			}
		}
	}
	list(plistcfg.KeyBackgroundModes, s.BackgroundModes)
	list(plistcfg.KeyTaskIDs, s.TaskIdentifiers)
	if len(s.UsageDescriptions) == 0 {
		return
	}
	fmt.Fprintf(w, "\n%s\n", bold("Usage descriptions"))
	for _, u := range s.UsageDescriptions {
		why := ""
		if len(u.NeededBy) > 0 {
			why = "  [" + strings.Join(u.NeededBy, ", ") + "]"
		}
		if u.Present {
			fmt.Fprintf(w, "  %s: %q%s%s\n", safetext.Escape(u.Key), strings.Join(strings.Fields(u.Value), " "), at(u.Line), why)
		} else {
			state := "not set"
			if u.Required {
				state = "missing"
			}
			fmt.Fprintf(w, "  %s: %s%s\n", safetext.Escape(u.Key), state, why)
		}
	}
}
