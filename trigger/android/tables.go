package android

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/bgkit/bgkit/trigger"
)

// WriteJobsTable writes jobs as `bgkit trigger android jobs` lists them.
func WriteJobsTable(w io.Writer, jobs []Job) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAMESPACE\tLIBRARY\tCONSTRAINTS\tREADY\tSERVICE")
	for _, j := range jobs {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", j.ID, trigger.OrDash(j.Namespace), trigger.OrDash(j.Library), j.constraintsText(), readyText(j.Ready), j.serviceText())
	}
	return tw.Flush()
}

func (j Job) constraintsText() string {
	if len(j.Required) == 0 && len(j.Unsatisfied) == 0 {
		return "none"
	}
	if j.ConstraintsMet {
		return "met"
	}
	return "waiting: " + strings.Join(j.Unsatisfied, ",")
}

func readyText(b *bool) string {
	switch {
	case b == nil:
		return "?"
	case *b:
		return "yes"
	}
	return "no"
}

func (j Job) serviceText() string {
	s := j.Service
	if i := strings.LastIndex(s, "."); i >= 0 && j.Library != "" {
		s = s[i+1:]
	}
	if j.Tag != "" {
		s += " (" + j.Tag + ")"
	}
	if j.Library == LibBackgroundFetch {
		if j.ID == BackgroundFetchJobID {
			s += " (fetch task)"
		} else {
			s += " (scheduleTask)"
		}
	}
	return s
}

// WriteWorkTable writes the rows of WorkManager's diagnostics report.
func WriteWorkTable(w io.Writer, rows []WorkInfo) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SECTION\tJOB ID\tSTATE\tCLASS\tUNIQUE NAME\tTAGS\tWORK ID")
	for _, r := range rows {
		job := "-"
		if r.JobID != nil {
			job = fmt.Sprint(*r.JobID)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Section, job, r.State, r.Class,
			trigger.OrDash(strings.Join(r.UniqueNames, ",")), trigger.OrDash(strings.Join(r.Tags, ",")), r.ID)
	}
	return tw.Flush()
}

// WriteDevicesTable writes devices as `bgkit devices` lists them.
func WriteDevicesTable(w io.Writer, devices []Device) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ANDROID\tSTATE\tMODEL\tPRODUCT\tDEVICE\tTRANSPORT ID")
	for _, d := range devices {
		model := d.Model
		if d.Emulator && model != "" {
			model += " (emulator)"
		} else if d.Emulator {
			model = "(emulator)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", d.Serial, shortState(d.State), trigger.OrDash(model), trigger.OrDash(d.Product), trigger.OrDash(d.Device), trigger.OrDash(d.TransportID))
	}
	return tw.Flush()
}

// shortState keeps a table narrow: "no permissions (user x is not in the
// plugdev group); see [...]" becomes "no permissions"; stderr and JSON
// carry the whole text.
func shortState(s string) string {
	if i := strings.Index(s, " ("); i > 0 {
		return s[:i]
	}
	return s
}
