package android

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/bgkit/bgkit/trigger"
)

// JobsRun is what running several jobs did: those that ran, and the ids
// of those that did not (their errors went to Progress).
type JobsRun struct {
	Serial    string   `json:"serial"`
	Package   string   `json:"package"`
	Ran       []JobRun `json:"ran"`
	FailedIDs []int    `json:"failed"`
	Failed    []string `json:"-"`
	LastErr   error    `json:"-"`
	Tried     int      `json:"-"` // how many jobs were to run
	// Since is the device time before the jobs ran, where a watch starts.
	Since string `json:"-"`
	// Listed is set when a dry run stopped at the job listing.
	Listed bool `json:"-"`
}

// PickJobs lists pkg's jobs and picks those of the background
// libraries libs (nil: any known library), as SelectJobs does. A
// user ("" for any) keeps only that user's jobs, and only then names the
// user in the refs. labels describe each job for progress lines.
func (a *ADB) PickJobs(ctx context.Context, pkg, user string, libs []string, all bool) (refs []JobRef, labels []string, err error) {
	jobs, err := a.Jobs(ctx, pkg)
	if err != nil {
		return nil, nil, err
	}
	if user != "" {
		u, _ := strconv.Atoi(user)
		var mine []Job
		for _, j := range jobs {
			if j.User == u {
				mine = append(mine, j)
			}
		}
		jobs = mine
	}
	picked, err := SelectJobs(pkg, jobs, libs, all)
	if err != nil {
		return nil, nil, err
	}
	for _, j := range picked {
		ref := j.Ref()
		if user == "" {
			ref.User = ""
		}
		refs = append(refs, ref)
		labels = append(labels, "job "+j.String())
	}
	return refs, labels, nil
}

// RunJobs runs each job in turn, saying on progress which one runs and how
// a namespace retry went. One job's failure is its error; with several,
// each failure is said and the rest still run.
func (a *ADB) RunJobs(ctx context.Context, pkg string, refs []JobRef, labels []string, progress func(string)) (JobsRun, error) {
	say := func(format string, args ...any) {
		if progress != nil {
			progress(fmt.Sprintf(format, args...))
		}
	}
	var out JobsRun
	for i, ref := range refs {
		say("running %s", labels[i])
		run, err := a.RunJob(ctx, pkg, ref)
		if err != nil {
			if len(refs) == 1 {
				return out, err
			}
			say("bgkit: job %s: %v", ref.ID, err)
			out.Failed = append(out.Failed, ref.ID)
			id, _ := strconv.Atoi(ref.ID)
			out.FailedIDs = append(out.FailedIDs, id)
			out.LastErr = err
			continue
		}
		switch {
		case run.Retried && run.Namespace == "":
			say("job %d is in no namespace; ran it without -n", run.ID)
		case run.Retried:
			say("job %d is in namespace %s; ran it with -n %s", run.ID, run.Namespace, run.Namespace)
		}
		out.Ran = append(out.Ran, run)
	}
	return out, nil
}

// Watcher is --watch on Android: the app's log after a trigger, and a
// verdict on whether a background job finished well.
type Watcher struct {
	ADB      *ADB
	Duration time.Duration // 0: no watch (Since and Watch do nothing)
	Log      io.Writer     // where the log lines go
	Progress func(string)  // nil says nothing
}

func (w *Watcher) say(format string, args ...any) {
	if w.Progress != nil {
		w.Progress(fmt.Sprintf(format, args...))
	}
}

// Since reads the device clock before the trigger, so the log starts at
// the trigger and older "finished" lines cannot fake a verdict.
func (w *Watcher) Since(ctx context.Context) string {
	if w.Duration == 0 {
		return ""
	}
	s, err := w.ADB.DeviceTime(ctx)
	if err != nil {
		return ""
	}
	return s
}

// Watch streams the app's log from since for Duration (or until ctx ends)
// and returns the verdict.
func (w *Watcher) Watch(ctx context.Context, pkg, since string) (WatchVerdict, error) {
	adb := w.ADB
	pid, err := adb.AppPID(ctx, pkg)
	if err != nil {
		return WatchVerdict{}, err
	}
	if pid > 0 {
		w.say("watching the log of %s (pid %d) for %s; Ctrl-C stops", pkg, pid, w.Duration)
	} else {
		w.say("%s is not running (or the device has no pidof); watching the tags %s for %s; Ctrl-C stops",
			pkg, strings.Join(WatchTags, ", "), w.Duration)
	}
	streamCtx, cancel := context.WithTimeout(ctx, w.Duration)
	defer cancel()
	lw := NewLogWatcher(w.Log)
	start := time.Now()
	err = adb.StreamLog(streamCtx, adb.LogcatCmd(pid, since), lw)
	var ae *ADBError
	if errors.As(err, &ae) && since != "" && streamCtx.Err() == nil {
		// Older logcat may not take a start time in seconds: follow new
		// lines only rather than give up.
		first, _, _ := strings.Cut(ae.Error(), "\n")
		w.say("note: logcat refused to start at the trigger time (%s); following new lines only", first)
		err = adb.StreamLog(streamCtx, adb.LogcatCmd(pid, ""), lw)
	}
	elapsed := min(time.Since(start).Round(time.Second), w.Duration)
	if err != nil {
		return WatchVerdict{}, err
	}
	return lw.Verdict(elapsed), nil
}

// NewDryRunner returns the trigger.DryRunner of an Android trigger's
// --dry-run. Its answers let every step go on (a broadcast completes, a
// job runs, Doze is entered); look-ups find nothing (no pid, no device
// clock), which gives the commands a real run uses when it cannot tell.
func NewDryRunner() *trigger.DryRunner {
	diagnosticsReads := 0
	return &trigger.DryRunner{Answer: func(c trigger.Cmd) trigger.Result {
		a := strings.Join(c.Args, " ")
		out := ""
		switch {
		case strings.Contains(a, " am broadcast "):
			out = "Broadcasting: Intent { }\nBroadcast completed: result=0\n"
		case strings.Contains(a, " cmd jobscheduler run "):
			out = "Running job [FORCED]\n"
		case strings.Contains(a, " dumpsys jobscheduler "):
			out = "JOB LIST\n"
		case strings.Contains(a, " deviceidle force-idle"):
			out = "Now forced in to deep idle mode\n"
		case strings.Contains(a, " deviceidle step"):
			out = "Stepped to deep: STEP\n"
		case strings.Contains(a, " deviceidle unforce"):
			out = "Light state: ACTIVE, deep state: ACTIVE\n"
		case strings.Contains(a, " am get-standby-bucket "):
			out = "10\n"
		case strings.Contains(a, " logcat -d ") && strings.Contains(a, "WM-DiagnosticsWrkr"):
			// A new report on the second read.
			if diagnosticsReads++; diagnosticsReads > 1 {
				out = "I/WM-DiagnosticsWrkr( 1): Running work:\n"
			}
		}
		return trigger.Result{Stdout: []byte(out)}
	}}
}
