package ios

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/bgkit/bgkit/internal/ids"
	"github.com/bgkit/bgkit/trigger"
)

// ValidateTaskID accepts reverse-DNS task identifiers such as
// com.example.refresh (letters, digits, '-' and '_'). That is deliberately
// narrower than what BGTaskScheduler accepts: the id is spliced into an
// Objective-C string literal inside an lldb command, so quotes,
// backslashes, spaces, brackets and '@' must never reach it.
func ValidateTaskID(id string) error {
	if !ids.ReverseDNS(id) {
		return &InvalidIDError{What: "task id", Value: id,
			Rule: "a BGTaskScheduler identifier is reverse-DNS, such as com.example.refresh: letters, digits, '-' and '_' in dot-separated parts, as listed in BGTaskSchedulerPermittedIdentifiers"}
	}
	return nil
}

// TaskExpression is the lldb command that makes BGTaskScheduler launch
// (or expire) the task with identifier id, as Apple documents it in
// "Starting and Terminating Tasks During Development". id must have
// passed ValidateTaskID.
func TaskExpression(id string, expire bool) string {
	sel := "_simulateLaunchForTaskWithIdentifier"
	if expire {
		sel = "_simulateExpirationForTaskWithIdentifier"
	}
	return `e -l objc -- (void)[[BGTaskScheduler sharedScheduler] ` + sel + `:@"` + id + `"]`
}

// LLDBTaskCmd attaches lldb to the app, evaluates TaskExpression and
// detaches, so the app resumes and runs the task. A pid of 0 is written
// as PID, for --dry-run, which does not look it up.
func LLDBTaskCmd(pid int, id string, expire bool) trigger.Cmd {
	p := "PID"
	if pid > 0 {
		p = strconv.Itoa(pid)
	}
	return trigger.Cmd{Name: "xcrun", Args: []string{"lldb", "--batch", "--no-lldbinit",
		"-p", p,
		"-o", TaskExpression(id, expire),
		"-o", "process detach"}}
}

// TaskOutcome is what lldb's output says about a simulated task.
type TaskOutcome int

const (
	// TaskSent: lldb evaluated the expression without an error. Whether
	// the task ran shows only in the app's own log.
	TaskSent TaskOutcome = iota
	// TaskLaunchLogged: the output shows BGTaskScheduler simulating it.
	TaskLaunchLogged
)

// TaskNotScheduledError means BGTaskScheduler has no request with this
// id: the app never submitted one, which is always so in the simulator.
type TaskNotScheduledError struct {
	ID     string
	Expire bool
}

func (e *TaskNotScheduledError) Error() string {
	what := "launch"
	if e.Expire {
		what = "expire"
	}
	return fmt.Sprintf("no task request with identifier %s has been scheduled, so there is nothing to %s.\n"+
		"In the simulator this is always so: BGTaskScheduler.submit fails there (BGTaskSchedulerErrorDomain Code=1, unavailable), so no task is ever scheduled.\n"+
		"On a device, make sure the app has submitted the request (the id is in BGTaskSchedulerPermittedIdentifiers and submit succeeded), then pause it in Xcode and paste:\n"+
		"  %s\n"+
		"With Expo's expo-background-task, call BackgroundTask.triggerTaskWorkerForTestingAsync() from a development build instead.",
		e.ID, what, TaskExpression(e.ID, e.Expire))
}

// BGTaskUnavailableError means the BackgroundTasks framework is not there.
type BGTaskUnavailableError struct {
	Detail string
}

func (e *BGTaskUnavailableError) Error() string {
	return "lldb could not find BGTaskScheduler in the app (" + e.Detail + "): the BackgroundTasks framework is not loaded, or the runtime is older than iOS 13.\n" +
		"Use an iOS 13 or newer simulator, and make sure the app links BackgroundTasks (it does once it registers a task)."
}

// AttachFailedError means lldb could not attach to the app.
type AttachFailedError struct {
	PID    int
	Detail string
}

func (e *AttachFailedError) Error() string {
	return fmt.Sprintf("lldb could not attach to process %d: %s\n"+
		"Attach needs a debug build (get-task-allow) and permission to debug on this Mac: run `DevToolsSecurity -status` and, if disabled, `sudo DevToolsSecurity -enable`; if another debugger (Xcode) is attached, detach it first.",
		e.PID, e.Detail)
}

// LLDBError is any other error lldb reported.
type LLDBError struct {
	Lines []string
}

func (e *LLDBError) Error() string {
	return "lldb reported an error:\n  " + strings.Join(e.Lines, "\n  ")
}

// ParseLLDBTaskOutput reads what `lldb --batch` printed for LLDBTaskCmd.
// lldb's exit status is not reliable for expression errors, so the text
// decides: every "error:" line is an error, and BGTaskScheduler's own
// messages, where they reach lldb's output, are recognised.
func ParseLLDBTaskOutput(out string, pid int, id string, expire bool) (TaskOutcome, error) {
	var errs []string
	launched, notScheduled := false, false
	for line := range strings.SplitSeq(strings.ReplaceAll(out, "\r\n", "\n"), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "(lldb)") {
			continue // lldb echoes each command; the id is in it
		}
		switch {
		case strings.Contains(t, "No task request with identifier"):
			notScheduled = true
		case strings.Contains(t, "Simulating launch for task with identifier"),
			strings.Contains(t, "Simulating expiration for task with identifier"):
			launched = true
		}
		if strings.HasPrefix(t, "error:") || strings.HasPrefix(t, "Error [IRForTarget]:") {
			errs = append(errs, t)
		}
	}
	if notScheduled {
		return 0, &TaskNotScheduledError{ID: id, Expire: expire}
	}
	for _, e := range errs {
		switch {
		case strings.Contains(e, "attach failed"), strings.Contains(e, "Unable to attach"),
			strings.Contains(e, "no such process"):
			return 0, &AttachFailedError{PID: pid, Detail: strings.TrimSpace(strings.TrimPrefix(e, "error:"))}
		case strings.Contains(e, "undeclared identifier 'BGTaskScheduler'"),
			strings.Contains(e, "Couldn't resolve the class"):
			return 0, &BGTaskUnavailableError{Detail: e}
		}
	}
	if len(errs) > 0 {
		return 0, &LLDBError{Lines: errs}
	}
	if launched {
		return TaskLaunchLogged, nil
	}
	return TaskSent, nil
}

// SimulateTask attaches lldb to pid and asks BGTaskScheduler to launch (or
// expire) the task id.
func (x *Xcrun) SimulateTask(ctx context.Context, pid int, id string, expire bool) (TaskOutcome, error) {
	if err := ValidateTaskID(id); err != nil {
		return 0, err
	}
	c := LLDBTaskCmd(pid, id, expire)
	c.Timeout = x.timeout(true)
	res, err := x.run(ctx, c)
	if err != nil {
		return 0, err
	}
	outcome, err := ParseLLDBTaskOutput(res.Output(), pid, id, expire)
	if err != nil {
		return 0, err
	}
	if res.ExitCode != 0 {
		return 0, &LLDBError{Lines: []string{fmt.Sprintf("lldb exited with status %d: %s", res.ExitCode, simctlFirstLine(res.Output()))}}
	}
	return outcome, nil
}
