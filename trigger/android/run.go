package android

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/bgkit/bgkit/trigger"
)

// JobRef names one JobScheduler job of a package.
type JobRef struct {
	ID        string // validated with ValidateJobID
	Namespace string // "" for the default namespace
	User      string // "" for the current user
}

func (r JobRef) validate() error {
	if err := ValidateJobID(r.ID); err != nil {
		return err
	}
	if r.Namespace != "" {
		if err := ValidateNamespace(r.Namespace); err != nil {
			return err
		}
	}
	if r.User != "" {
		if err := ValidateUser(r.User); err != nil {
			return err
		}
	}
	return nil
}

// RunJobCmd is `cmd jobscheduler run -f [-u USER] [-n NAMESPACE] PKG ID`.
// -f runs the job even when its constraints (network, charging, delay) are
// not met, which is the point of triggering it by hand.
func (a *ADB) RunJobCmd(pkg string, ref JobRef) (trigger.Cmd, error) {
	if err := ValidatePackage(pkg); err != nil {
		return trigger.Cmd{}, err
	}
	if err := ref.validate(); err != nil {
		return trigger.Cmd{}, err
	}
	words := []string{"cmd", "jobscheduler", "run", "-f"}
	if ref.User != "" {
		words = append(words, "-u", ref.User)
	}
	if ref.Namespace != "" {
		words = append(words, "-n", ref.Namespace)
	}
	words = append(words, pkg, ref.ID)
	return a.Shell(words...), nil
}

// JobOutcome is what `cmd jobscheduler run` answered.
type JobOutcome int

const (
	JobRan                  JobOutcome = iota // "Running job" / "Running job [FORCED]"
	JobNotFound                               // "Could not find job ..." (-1001, exit 23)
	JobPackageNotFound                        // "Package not found: ..." (-1000, exit 24)
	JobConstraintsUnmet                       // "... has functional constraints but --force not specified" (-1002, exit 22)
	JobNamespaceUnsupported                   // "Error: unknown option '-n'": Android before 14
	JobSchedulerCmdMissing                    // no `cmd` binary or jobscheduler service: Android before 7.0
	JobPermissionDenied                       // SecurityException
	JobFailed                                 // anything else
)

// JudgeJobRun reads the answer of `cmd jobscheduler run`. Old devices (no
// shell v2) exit 0 whatever happened and print errors on stdout; newer ones
// print errors on stderr and exit with the command's code (-1000 -> 24,
// -1001 -> 23, -1002 -> 22, -1 -> 255). So the text decides, and the exit
// code settles what the text does not.
func JudgeJobRun(res trigger.Result) (JobOutcome, bool) {
	out := res.Output()
	switch {
	case strings.Contains(out, "Could not find job"):
		return JobNotFound, false
	case strings.Contains(out, "Package not found"):
		return JobPackageNotFound, false
	case strings.Contains(out, "has functional constraints but --force not specified"):
		return JobConstraintsUnmet, false
	case strings.Contains(out, "unknown option '-n'"), strings.Contains(out, "unknown option '--namespace'"):
		return JobNamespaceUnsupported, false
	case strings.Contains(out, "cmd: not found"), strings.Contains(out, "cmd: inaccessible or not found"),
		strings.Contains(out, "Can't find service: jobscheduler"),
		strings.Contains(out, "Unknown command: run"):
		return JobSchedulerCmdMissing, false
	case strings.Contains(out, "SecurityException"):
		return JobPermissionDenied, false
	case res.ExitCode == 0 && strings.Contains(string(res.Stdout), "Running job"):
		return JobRan, strings.Contains(string(res.Stdout), "[FORCED]")
	}
	switch res.ExitCode {
	case 23:
		return JobNotFound, false
	case 24:
		return JobPackageNotFound, false
	case 22:
		return JobConstraintsUnmet, false
	}
	return JobFailed, false
}

// JobRun is a job bgkit made run.
type JobRun struct {
	ID        int    `json:"id"`
	Namespace string `json:"namespace,omitempty"` // the namespace it ran in
	User      string `json:"user,omitempty"`
	Forced    bool   `json:"forced"`
	// Retried is set when the job was not found in the namespace first
	// tried and bgkit ran it again in the namespace dumpsys shows.
	Retried bool `json:"retried,omitempty"`
}

// JobNotFoundError means JobScheduler has no such job for the package.
type JobNotFoundError struct {
	Package string
	Ref     JobRef
	Jobs    []Job // what the package does have
	// Ambiguous is set when the id is in several other namespaces.
	Ambiguous bool
}

func (e *JobNotFoundError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "JobScheduler has no job %s", e.Ref.ID)
	if e.Ref.Namespace != "" {
		fmt.Fprintf(&b, " in namespace %s", e.Ref.Namespace)
	}
	fmt.Fprintf(&b, " for %s", e.Package)
	if len(e.Jobs) > 0 {
		b.WriteString("; its jobs:")
		for _, j := range e.Jobs {
			b.WriteString("\n  " + j.String())
		}
		if e.Ambiguous {
			fmt.Fprintf(&b, "\nJob %s is in several namespaces: choose one with --namespace NAMESPACE.", e.Ref.ID)
		}
		return b.String()
	}
	b.WriteString(".\nThe app has no scheduled jobs: open it so it schedules its background work (jobs are cancelled when the app is force-stopped), then try again.")
	return b.String()
}

// JobError is a job run the device refused, in plain words.
type JobError struct {
	Package string
	Ref     JobRef
	Outcome JobOutcome
	Output  string
}

func (e *JobError) Error() string {
	out := strings.TrimSpace(e.Output)
	switch e.Outcome {
	case JobConstraintsUnmet:
		return fmt.Sprintf("job %s of %s has unmet constraints and was not forced: %s", e.Ref.ID, e.Package, out)
	case JobNamespaceUnsupported:
		return fmt.Sprintf("this device does not know job namespaces (-n needs Android 14, API 34); run job %s without a namespace", e.Ref.ID)
	case JobSchedulerCmdMissing:
		return "this device cannot run jobs from the shell: `cmd jobscheduler run` needs Android 7.0 (API 24) or later (device said: " + out + ")"
	case JobPermissionDenied:
		return "the device refused to force the job: " + out + "\nThe shell user needs CHANGE_APP_IDLE_STATE; some vendor builds remove it. Try an emulator image or `adb root`."
	}
	return fmt.Sprintf("job %s of %s did not run; the device said:\n  %s", e.Ref.ID, e.Package, strings.ReplaceAll(out, "\n", "\n  "))
}

// RunJob forces one job to run now. When JobScheduler cannot find the job,
// it looks the job up in dumpsys and, if the job sits in another namespace
// there (WorkManager 2.10+ on Android 14+ uses one; or the namespace given
// was wrong), runs it again in that namespace. A job id found in several
// other namespaces is not guessed at: the error lists them.
func (a *ADB) RunJob(ctx context.Context, pkg string, ref JobRef) (JobRun, error) {
	run, outcome, res, err := a.runJobOnce(ctx, pkg, ref)
	if err != nil || outcome == JobRan {
		return run, err
	}
	if outcome != JobNotFound {
		return run, jobRunError(pkg, ref, outcome, res, a.Serial)
	}
	jobs, lerr := a.Jobs(ctx, pkg)
	if lerr != nil {
		return run, lerr
	}
	var elsewhere []Job
	for _, j := range jobs {
		if strconv.Itoa(j.ID) == ref.ID && j.Namespace != ref.Namespace && (ref.User == "" || strconv.Itoa(j.User) == ref.User) {
			elsewhere = append(elsewhere, j)
		}
	}
	if len(elsewhere) != 1 {
		return run, &JobNotFoundError{Package: pkg, Ref: ref, Jobs: jobs, Ambiguous: len(elsewhere) > 1}
	}
	retry := ref
	retry.Namespace = elsewhere[0].Namespace
	run, outcome, res, err = a.runJobOnce(ctx, pkg, retry)
	if err != nil {
		return run, err
	}
	if outcome == JobRan {
		run.Retried = true
		return run, nil
	}
	return run, jobRunError(pkg, retry, outcome, res, a.Serial)
}

func jobRunError(pkg string, ref JobRef, outcome JobOutcome, res trigger.Result, serial string) error {
	if outcome == JobPackageNotFound {
		return &PackageNotFoundError{Package: pkg, Serial: serial, User: ref.User}
	}
	return &JobError{Package: pkg, Ref: ref, Outcome: outcome, Output: res.Output()}
}

func (a *ADB) runJobOnce(ctx context.Context, pkg string, ref JobRef) (JobRun, JobOutcome, trigger.Result, error) {
	c, err := a.RunJobCmd(pkg, ref)
	if err != nil {
		return JobRun{}, JobFailed, trigger.Result{}, err
	}
	id, _ := strconv.Atoi(ref.ID) // validated by RunJobCmd
	run := JobRun{ID: id, Namespace: ref.Namespace, User: ref.User}
	res, err := a.Run(ctx, c)
	if err != nil {
		return run, JobFailed, res, err
	}
	outcome, forced := JudgeJobRun(res)
	run.Forced = forced
	return run, outcome, res, nil
}
