package cmd

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/internal/safetext"
	"github.com/bgkit/bgkit/internal/style"
	"github.com/bgkit/bgkit/plistcfg"
)

type plistShowOptions struct {
	plistTarget
	JSON bool
}

func newPlistShowCmd(f *Factory, runF func(*plistShowOptions) error) *cobra.Command {
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

func runPlistShow(f *Factory, opts *plistShowOptions) error {
	path, err := opts.resolve(f)
	if err != nil {
		return err
	}
	_, _, sum, err := loadPlist(f, nil, path)
	if err != nil {
		return err
	}
	if opts.JSON {
		return writePlistJSON(f, path, sum)
	}
	writePlistText(f, path, sum)
	printPlistWarnings(f, path, sum.Warnings)
	return nil
}

type plistValueJSON struct {
	Value string `json:"value"`
	Line  int    `json:"line,omitempty"`
}

type plistListJSON struct {
	Present bool             `json:"present"`
	Line    int              `json:"line,omitempty"`
	Values  []plistValueJSON `json:"values"`
}

type plistUsageJSON struct {
	Key      string   `json:"key"`
	Present  bool     `json:"present"`
	Line     int      `json:"line,omitempty"`
	Value    string   `json:"value,omitempty"`
	Required bool     `json:"required"`
	NeededBy []string `json:"neededBy"`
}

type plistWarningJSON struct {
	Code    string `json:"code"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

type plistShowJSON struct {
	File              string             `json:"file"`
	Format            string             `json:"format"`
	BackgroundModes   plistListJSON      `json:"backgroundModes"`
	TaskIdentifiers   plistListJSON      `json:"taskIdentifiers"`
	UsageDescriptions []plistUsageJSON   `json:"usageDescriptions"`
	Warnings          []plistWarningJSON `json:"warnings"`
}

func plistList(present bool, line int, items []plistcfg.Item) plistListJSON {
	l := plistListJSON{Present: present, Line: line, Values: []plistValueJSON{}}
	for _, it := range items {
		l.Values = append(l.Values, plistValueJSON{Value: it.Value.(string), Line: it.Line})
	}
	return l
}

func writePlistJSON(f *Factory, path string, s *plistcfg.Summary) error {
	out := plistShowJSON{
		File:              path,
		Format:            s.Format.String(),
		BackgroundModes:   plistList(s.HasModes, s.ModesLine, s.Modes),
		TaskIdentifiers:   plistList(s.HasIDs, s.IDsLine, s.TaskIDs),
		UsageDescriptions: []plistUsageJSON{},
		Warnings:          []plistWarningJSON{},
	}
	for _, u := range s.Usage {
		needed := u.NeededBy
		if needed == nil {
			needed = []string{}
		}
		out.UsageDescriptions = append(out.UsageDescriptions, plistUsageJSON{Key: u.Key, Present: u.Present, Line: u.Line, Value: u.Value, Required: u.Required, NeededBy: needed})
	}
	for _, w := range s.Warnings {
		out.Warnings = append(out.Warnings, plistWarningJSON{Code: w.Code, Line: w.Line, Message: w.Msg})
	}
	return writeJSON(f, out)
}

func writePlistText(f *Factory, path string, s *plistcfg.Summary) {
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
	fmt.Fprintf(w, "%s (%s)\n", safetext.Escape(path), s.Format)
	list := func(key string, present bool, line int, items []plistcfg.Item) {
		switch {
		case !present:
			fmt.Fprintf(w, "\n%s: not set\n", bold(key))
		case len(items) == 0:
			fmt.Fprintf(w, "\n%s%s: empty\n", bold(key), head(line))
		default:
			fmt.Fprintf(w, "\n%s%s\n", bold(key), head(line))
			width := 0
			for _, it := range items {
				width = max(width, len(safetext.Escape(it.Value.(string))))
			}
			for _, it := range items {
				fmt.Fprintf(w, "  %-*s%s\n", width, safetext.Escape(it.Value.(string)), at(it.Line))
			}
		}
	}
	list(plistcfg.KeyBackgroundModes, s.HasModes, s.ModesLine, s.Modes)
	list(plistcfg.KeyTaskIDs, s.HasIDs, s.IDsLine, s.TaskIDs)
	if len(s.Usage) == 0 {
		return
	}
	fmt.Fprintf(w, "\n%s\n", bold("Usage descriptions"))
	for _, u := range s.Usage {
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
