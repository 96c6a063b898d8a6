// The doctor's documentation: --explain RULE, and the formats in its help.

package cmd

import (
	"fmt"
	"strings"

	"github.com/bgkit/bgkit/doctor"
	"github.com/bgkit/bgkit/internal/cmdutil"
)

// explainRule prints a rule's documentation (doctor --explain ID). An
// unknown ID is a usage error with the closest known one.
func explainRule(f *cmdutil.Factory, opts *doctorOptions) error {
	if opts.ListRules || opts.Fix || len(opts.Outputs) > 0 || len(opts.Rules) > 0 || len(opts.Skip) > 0 {
		return cmdutil.UsageErrorf("--explain prints one rule's documentation; it takes no --list-rules, --fix, --output, --rule or --skip")
	}
	if err := doctor.Catalog.CheckIDs([]string{opts.Explain}); err != nil {
		return &cmdutil.UsageError{Err: err}
	}
	rule, _ := doctor.Catalog.Lookup(opts.Explain)
	if err := doctor.WriteExplain(f.IO.Out, rule, opts.Format); err != nil {
		return &cmdutil.UsageError{Err: err}
	}
	return nil
}

// formatsHelp lists the report formats for the doctor's help, from the
// format registry.
func formatsHelp() string {
	var b strings.Builder
	b.WriteString("Formats (--format):\n")
	for _, f := range doctor.Formats() {
		fmt.Fprintf(&b, "  %-12s %s\n", f.Name, f.Description)
	}
	return b.String()
}
