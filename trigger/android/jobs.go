package android

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/bgkit/bgkit/internal/lazyre"
	"github.com/bgkit/bgkit/trigger"
)

// Libraries that schedule Android background work through JobScheduler,
// named by what bgkit can see on the device: the job's service class.
const (
	// LibWorkManager is androidx WorkManager's SystemJobService. It
	// runs the work of expo-background-task, @capacitor/background-runner,
	// Flutter workmanager and native WorkManager code.
	LibWorkManager = "workmanager"
	// LibBackgroundFetch is transistorsoft's tsbackgroundfetch
	// (react-native-background-fetch, Flutter background_fetch); job 999 is
	// its fetch task, other ids are scheduleTask tasks (taskId.hashCode()).
	LibBackgroundFetch = "background-fetch"
	// LibExpoTaskManager is expo-task-manager's TaskJobService (used
	// by expo-background-fetch and expo-location).
	LibExpoTaskManager = "expo-task-manager"
)

// WorkManagerNamespace is the JobScheduler namespace WorkManager 2.10+ puts
// its jobs in on Android 14 (API 34) and later.
const WorkManagerNamespace = "androidx.work.systemjobscheduler"

// BackgroundFetchJobID is the job id of transistorsoft's fetch task.
const BackgroundFetchJobID = 999

var androidJobServices = map[string]string{
	"androidx.work.impl.background.systemjob.SystemJobService": LibWorkManager,
	"com.transistorsoft.tsbackgroundfetch.FetchJobService":     LibBackgroundFetch,
	"expo.modules.taskManager.TaskJobService":                  LibExpoTaskManager,
}

// JobLibrary names the library that owns a job service class, or "".
func JobLibrary(service string) string { return androidJobServices[service] }

// LibraryDescription says which packages a job library stands for.
func LibraryDescription(lib string) string {
	switch lib {
	case LibWorkManager:
		return "WorkManager (expo-background-task, @capacitor/background-runner, Flutter workmanager, androidx.work)"
	case LibBackgroundFetch:
		return "transistorsoft background fetch (react-native-background-fetch, Flutter background_fetch)"
	case LibExpoTaskManager:
		return "expo-task-manager (expo-background-fetch, expo-location)"
	}
	return lib
}

// JobLibraries maps the dependencies a project declares to the job
// libraries they schedule through, each once.
func JobLibraries(dependencies []string) []string {
	seen := map[string]bool{}
	var libs []string
	for _, d := range dependencies {
		if lib := LibraryForDependency(d); lib != "" && !seen[lib] {
			seen[lib] = true
			libs = append(libs, lib)
		}
	}
	return libs
}

// LibraryForDependency maps a dependency a project declares (npm,
// pub or Maven name) to the job library whose jobs it schedules, or "".
func LibraryForDependency(name string) string {
	switch name {
	case "expo-background-task", "@capacitor/background-runner", "workmanager",
		"androidx.work:work-runtime", "androidx.work:work-runtime-ktx":
		return LibWorkManager
	case "react-native-background-fetch", "background_fetch", "@transistorsoft/capacitor-background-fetch",
		"cordova-plugin-background-fetch", "com.transistorsoft:tsbackgroundfetch":
		return LibBackgroundFetch
	case "expo-background-fetch", "expo-task-manager":
		return LibExpoTaskManager
	}
	return ""
}

// Job is one job JobScheduler holds for the app.
type Job struct {
	ID        int    `json:"id"`
	Namespace string `json:"namespace,omitempty"` // "" is JobScheduler's default (null) namespace
	UID       string `json:"uid"`
	Package   string `json:"package"` // the app the job runs for (the Source: line)
	User      int    `json:"user"`
	Service   string `json:"service"`       // fully qualified service class
	Tag       string `json:"tag,omitempty"` // debug tag: WorkManager puts the worker's class name here
	Library   string `json:"library,omitempty"`
	// Constraints are JobScheduler's names (CONNECTIVITY, CHARGING,
	// TIMING_DELAY, ...). Unsatisfied lists what still holds the job back;
	// "run -f" ignores them.
	Required       []string `json:"required"`
	Satisfied      []string `json:"satisfied"`
	Unsatisfied    []string `json:"unsatisfied"`
	ConstraintsMet bool     `json:"constraintsMet"`
	Ready          *bool    `json:"ready,omitempty"`
	Periodic       string   `json:"periodic,omitempty"` // e.g. "interval=+15m0s0ms flex=+5m0s0ms"
	StandbyBucket  string   `json:"standbyBucket,omitempty"`
	RunTime        string   `json:"runTime,omitempty"` // e.g. "earliest=+14m40s387ms, latest=none"
}

// Ref is what `cmd jobscheduler run` needs to find the job.
func (j Job) Ref() JobRef {
	return JobRef{ID: strconv.Itoa(j.ID), Namespace: j.Namespace, User: strconv.Itoa(j.User)}
}

// String is the job as bgkit lists it in messages.
func (j Job) String() string {
	s := strconv.Itoa(j.ID)
	if j.Namespace != "" {
		s += " (namespace " + j.Namespace + ")"
	}
	what := j.Service
	if j.Library != "" {
		what = j.Library
		if j.Library == LibBackgroundFetch && j.ID == BackgroundFetchJobID {
			what += " fetch task"
		}
	}
	s += ": " + what
	if j.Tag != "" {
		s += " " + j.Tag
	}
	return s
}

// JobsCmd lists the package's jobs.
func (a *ADB) JobsCmd(pkg string) (trigger.Cmd, error) {
	if err := ValidatePackage(pkg); err != nil {
		return trigger.Cmd{}, err
	}
	return a.Shell("dumpsys", "jobscheduler", pkg), nil
}

// Jobs lists the jobs JobScheduler holds for pkg.
func (a *ADB) Jobs(ctx context.Context, pkg string) ([]Job, error) {
	c, err := a.JobsCmd(pkg)
	if err != nil {
		return nil, err
	}
	res, err := a.Run(ctx, c)
	if err != nil {
		return nil, err
	}
	out := string(res.Stdout)
	if strings.Contains(out, "Invalid package: ") {
		return nil, &PackageNotFoundError{Package: pkg, Serial: a.Serial}
	}
	if res.ExitCode != 0 || strings.TrimSpace(out) == "" || strings.Contains(res.Output(), "Can't find service") {
		return nil, newADBError(c, res, "")
	}
	return ParseJobs(res.Stdout, pkg), nil
}

// PackageNotFoundError means the app is not installed on the device.
type PackageNotFoundError struct {
	Package, Serial, User string
}

func (e *PackageNotFoundError) Error() string {
	where := e.Serial
	if e.User != "" {
		where += " for user " + e.User
	}
	return fmt.Sprintf("package %s is not installed on %s; install the app first (for example: npx expo run:android, npx react-native run-android, npx cap run android, flutter run, or ./gradlew installDebug), or pass the right --package", e.Package, where)
}

var (
	jobHeaderRE  = lazyre.New(`^\s*JOB (?:#|([^:\s]+):)(u\d+[ais]\d+|\d+)/(-?\d+): ([0-9a-f]+) (?:#([^#]*)#)?(?:@([^@]+)@)?([^/\s]+)/(\S+)`)
	registeredRE = lazyre.New(`^(\s*)Registered \d+ jobs:`)
	constraintRE = lazyre.New(`\s*\[0x[0-9a-fA-F]+\]\s*$`)
)

// ParseJobs reads `dumpsys jobscheduler PKG` and returns the jobs of
// pkg (by their Source: line; the dump also shows jobs other apps schedule
// for it). It reads only the "Registered N jobs:" section when there is one.
// It never fails: text it does not know is skipped.
func ParseJobs(out []byte, pkg string) []Job {
	lines := strings.Split(strings.ReplaceAll(string(out), "\r\n", "\n"), "\n")
	start, end := 0, len(lines)
	for i, l := range lines {
		m := registeredRE.Get().FindStringSubmatch(l)
		if m == nil {
			continue
		}
		start = i + 1
		for j := start; j < len(lines); j++ {
			if strings.TrimSpace(lines[j]) != "" && indent(lines[j]) <= len(m[1]) {
				end = j
				break
			}
		}
		break
	}
	jobs := []Job{}
	var cur *Job
	flush := func() {
		if cur == nil {
			return
		}
		if cur.Unsatisfied == nil {
			cur.Unsatisfied = missing(cur.Required, cur.Satisfied)
		}
		cur.ConstraintsMet = len(cur.Unsatisfied) == 0
		if pkg == "" || cur.Package == pkg {
			jobs = append(jobs, *cur)
		}
		cur = nil
	}
	for _, l := range lines[start:end] {
		if m := jobHeaderRE.Get().FindStringSubmatch(l); m != nil {
			flush()
			id, err := strconv.Atoi(m[3])
			if err != nil {
				continue
			}
			ns := m[1]
			if ns == "" {
				ns = m[6]
			}
			cur = &Job{ID: id, Namespace: ns, UID: m[2], Package: m[7], Tag: m[5],
				Service: qualifyClass(m[7], m[8]), Required: []string{}, Satisfied: []string{}}
			cur.Library = JobLibrary(cur.Service)
			if u, ok := uidUser(m[2]); ok {
				cur.User = u
			}
			continue
		}
		if cur == nil {
			continue
		}
		t := strings.TrimSpace(l)
		key, val, ok := strings.Cut(t, ":")
		if !ok {
			continue
		}
		val = strings.TrimSpace(val)
		switch key {
		case "Source":
			for _, f := range strings.Fields(val) {
				k, v, _ := strings.Cut(f, "=")
				switch k {
				case "pkg":
					cur.Package = v
				case "user":
					if u, err := strconv.Atoi(v); err == nil {
						cur.User = u
					}
				}
			}
		case "Required constraints":
			cur.Required = constraintList(val)
		case "Satisfied constraints":
			cur.Satisfied = constraintList(val)
		case "Unsatisfied constraints":
			cur.Unsatisfied = constraintList(val)
		case "Ready":
			word, _, _ := strings.Cut(val, " ")
			if b, err := strconv.ParseBool(word); err == nil {
				cur.Ready = &b
			}
		case "PERIODIC", "Periodic":
			cur.Periodic = val
		case "Standby bucket":
			cur.StandbyBucket = val
		case "Run time":
			cur.RunTime = val
		}
	}
	flush()
	return jobs
}

func indent(l string) int { return len(l) - len(strings.TrimLeft(l, " \t")) }

func constraintList(s string) []string {
	s = constraintRE.Get().ReplaceAllString(s, "")
	f := strings.Fields(s)
	if f == nil {
		return []string{}
	}
	return f
}

func missing(required, satisfied []string) []string {
	have := map[string]bool{}
	for _, s := range satisfied {
		have[s] = true
	}
	out := []string{}
	for _, r := range required {
		if !have[r] {
			out = append(out, r)
		}
	}
	return out
}

// qualifyClass expands a component's short class name (".Service") the way
// Android does.
func qualifyClass(pkg, class string) string {
	if strings.HasPrefix(class, ".") {
		return pkg + class
	}
	return class
}

// uidUser reads the user from a formatted uid such as u10a183.
func uidUser(uid string) (int, bool) {
	if !strings.HasPrefix(uid, "u") {
		return 0, false
	}
	end := strings.IndexAny(uid[1:], "ais")
	if end < 0 {
		return 0, false
	}
	u, err := strconv.Atoi(uid[1 : 1+end])
	return u, err == nil
}

// NoJobsError means JobScheduler holds no job bgkit could run.
type NoJobsError struct {
	Package string
	Library string // the library bgkit looked for, if any
	Others  []Job  // jobs of the package that are not of Library
}

func (e *NoJobsError) Error() string {
	var b strings.Builder
	if e.Library != "" {
		fmt.Fprintf(&b, "%s has no scheduled job of %s", e.Package, LibraryDescription(e.Library))
	} else {
		fmt.Fprintf(&b, "%s has no scheduled job of a background library bgkit knows", e.Package)
	}
	if len(e.Others) > 0 {
		b.WriteString("; its jobs:")
		for _, j := range e.Others {
			b.WriteString("\n  " + j.String())
		}
		b.WriteString("\nRun one by id: bgkit trigger android job ID")
		return b.String()
	}
	b.WriteString(".\nJobs exist only once the app has scheduled them: open the app (and let it register its background task), then try again. Force-stopping the app cancels its jobs until it starts again.")
	return b.String()
}

// SeveralJobsError means several jobs match and none was chosen.
type SeveralJobsError struct {
	Package string
	Jobs    []Job
}

func (e *SeveralJobsError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s has several scheduled jobs that could be the one you mean:", e.Package)
	for _, j := range e.Jobs {
		b.WriteString("\n  " + j.String())
	}
	b.WriteString("\nRun one with: bgkit trigger android job ID   (or all of them with --all)")
	return b.String()
}

// SelectJobs picks the jobs to run when the user gave no id: the
// jobs of the libraries the project uses (libs, job library names; may be
// empty when the project told nothing), else the jobs of any library bgkit
// knows. Several jobs come back only with all set; otherwise that is a
// *SeveralJobsError.
func SelectJobs(pkg string, jobs []Job, libs []string, all bool) ([]Job, error) {
	want := map[string]bool{}
	for _, l := range libs {
		if l != "" {
			want[l] = true
		}
	}
	var picked []Job
	for _, j := range jobs {
		if want[j.Library] {
			picked = append(picked, j)
		}
	}
	if len(picked) == 0 {
		for _, j := range jobs {
			if j.Library != "" {
				picked = append(picked, j)
			}
		}
	}
	if len(picked) == 0 {
		lib := ""
		if len(want) == 1 {
			for l := range want {
				lib = l
			}
		}
		return nil, &NoJobsError{Package: pkg, Library: lib, Others: jobs}
	}
	sort.SliceStable(picked, func(a, b int) bool { return picked[a].ID < picked[b].ID })
	if len(picked) > 1 && !all {
		// transistorsoft's fetch task is what "run the library's job"
		// means; its other jobs are scheduleTask tasks, run by id or --all.
		var fetch []Job
		onlyFetchLib := true
		for _, j := range picked {
			onlyFetchLib = onlyFetchLib && j.Library == LibBackgroundFetch
			if j.Library == LibBackgroundFetch && j.ID == BackgroundFetchJobID {
				fetch = append(fetch, j)
			}
		}
		if onlyFetchLib && len(fetch) == 1 {
			return fetch, nil
		}
		return picked, &SeveralJobsError{Package: pkg, Jobs: picked}
	}
	return picked, nil
}
