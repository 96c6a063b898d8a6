package ios

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/plistcfg"
	"github.com/bgkit/bgkit/project"
)

// FetchInput is what a project says about its background work on iOS.
type FetchInput struct {
	Libraries        []string // npm and pub package names
	BackgroundModes  []string // UIBackgroundModes
	PermittedTaskIDs []string // BGTaskSchedulerPermittedIdentifiers
	RunnerLabel      string   // @capacitor/background-runner's label
}

// ProjectFetchInput gathers what the project says about its iOS
// background work. Modes and task ids come from the real Info.plist only:
// an Expo app's config plugins add them at prebuild, so app.json alone
// would mislead.
func ProjectFetchInput(p *project.Project) FetchInput {
	var in FetchInput
	for _, l := range p.Libraries {
		in.Libraries = append(in.Libraries, l.Name)
	}
	if p.InfoPlist != "" {
		if data, err := fsutil.ReadFile(filepath.Join(p.Root, p.InfoPlist), fsutil.MaxEditSize); err == nil {
			if doc, err := plistcfg.Parse(p.InfoPlist, data); err == nil {
				in.BackgroundModes, _ = doc.StringValues("UIBackgroundModes")
				in.PermittedTaskIDs, _ = doc.StringValues("BGTaskSchedulerPermittedIdentifiers")
			}
		}
	}
	if p.Capacitor != nil {
		in.RunnerLabel, _ = p.Capacitor.Get("plugins", "BackgroundRunner", "label").StringValue()
	}
	return in
}

// FetchPlan is what `bgkit trigger fetch` can do on an iOS simulator,
// and what only a device or Xcode can.
type FetchPlan struct {
	// PushReason is set when the app does push-driven background work: a
	// silent push is the trigger the simulator supports.
	PushReason string
	// Tasks are BGTaskScheduler identifiers: the simulator never runs
	// them (submit fails with Code=1); a device under Xcode's debugger can.
	Tasks []FetchTask
	// LegacyFetch names libraries on legacy background fetch, which only
	// Xcode's Debug > Simulate Background Fetch triggers.
	LegacyFetch []string
	// Notes are caveats worth a line each.
	Notes []string
}

// FetchTask is a BGTaskScheduler identifier and who registers it.
type FetchTask struct {
	ID      string
	Library string
}

// Empty reports whether the plan has nothing to do or to say.
func (p FetchPlan) Empty() bool {
	return p.PushReason == "" && len(p.Tasks) == 0 && len(p.LegacyFetch) == 0
}

// Statements say what the plan does and why, and how to run what the
// simulator cannot, a line each: legacy fetch, tasks, then the push.
func (p FetchPlan) Statements() []string {
	var out []string
	for _, lib := range p.LegacyFetch {
		out = append(out, LegacyFetchStatement(lib))
	}
	for _, t := range p.Tasks {
		out = append(out, SimulatorTaskStatement(t))
	}
	if p.PushReason != "" {
		out = append(out, p.PushReason+", so bgkit puts the app in the background and sends one.")
	}
	return out
}

// Errors of a FetchPlan with nothing the simulator can run.
var (
	ErrNoIOSLibrary = errors.New("bgkit knows no background library in this project that works on iOS; " +
		"send a silent push with `bgkit trigger ios push`, or simulate a BGTaskScheduler task with `bgkit trigger ios task ID`")
	ErrNothingInSimulator = errors.New("nothing in this project can be triggered in the iOS simulator from the command line; " +
		"the lines above say how to run it on a device or from Xcode")
)

// Err says why the plan runs nothing in the simulator, or nil when it
// sends a push.
func (p FetchPlan) Err() error {
	switch {
	case p.Empty():
		return ErrNoIOSLibrary
	case p.PushReason == "":
		return ErrNothingInSimulator
	}
	return nil
}

// iosPushLibraries handle content-available pushes in the background.
var iosPushLibraries = []string{
	"@react-native-firebase/messaging",
	"expo-notifications",
	"firebase_messaging",
	"react-native-notifications",
	"@react-native-community/push-notification-ios",
	"react-native-onesignal",
	"onesignal_flutter",
	"@capacitor-firebase/messaging",
}

// Task identifiers fixed by their libraries.
const (
	TransistorsoftFetchTaskID = "com.transistorsoft.fetch"
	ExpoBackgroundTaskID      = "com.expo.modules.backgroundtask.processing"
)

// PlanFetch decides what triggers the project's background work on iOS.
func PlanFetch(in FetchInput) FetchPlan {
	var plan FetchPlan
	has := map[string]bool{}
	for _, l := range in.Libraries {
		has[l] = true
	}
	remoteMode := false
	for _, m := range in.BackgroundModes {
		if m == "remote-notification" {
			remoteMode = true
		}
	}

	var pushLibs []string
	for _, l := range iosPushLibraries {
		if has[l] {
			pushLibs = append(pushLibs, l)
		}
	}
	switch {
	case len(pushLibs) > 0:
		plan.PushReason = strings.Join(pushLibs, " and ") + " handle" + plural(len(pushLibs), "s", "") + " silent pushes"
		if len(in.BackgroundModes) > 0 && !remoteMode {
			plan.Notes = append(plan.Notes, "UIBackgroundModes has no remote-notification, so iOS will not wake the app for a silent push (bgkit doctor explains the fix)")
		}
	case remoteMode:
		plan.PushReason = "UIBackgroundModes has remote-notification"
	}
	if has["@capacitor/push-notifications"] && plan.PushReason == "" {
		plan.Notes = append(plan.Notes, "@capacitor/push-notifications does not support iOS silent pushes, so bgkit sends none")
	}

	seen := map[string]bool{}
	addTask := func(id, lib string) {
		if id == "" || seen[id] || ValidateTaskID(id) != nil {
			return
		}
		seen[id] = true
		plan.Tasks = append(plan.Tasks, FetchTask{ID: id, Library: lib})
	}
	for _, lib := range []string{"react-native-background-fetch", "background_fetch"} {
		if !has[lib] {
			continue
		}
		addTask(TransistorsoftFetchTaskID, lib)
		// scheduleTask ids must start with com.transistorsoft.
		for _, id := range in.PermittedTaskIDs {
			if strings.HasPrefix(id, "com.transistorsoft.") {
				addTask(id, lib)
			}
		}
		plan.Notes = append(plan.Notes, lib+" falls back to legacy background fetch in the simulator, which only Xcode's Debug > Simulate Background Fetch triggers")
	}
	if has["expo-background-task"] {
		addTask(ExpoBackgroundTaskID, "expo-background-task")
		plan.Notes = append(plan.Notes, "expo-background-task: in a development build, BackgroundTask.triggerTaskWorkerForTestingAsync() runs the task from the app itself, on any device")
	}
	if has["@capacitor/background-runner"] {
		if in.RunnerLabel != "" && ValidateTaskID(in.RunnerLabel) == nil {
			addTask(in.RunnerLabel, "@capacitor/background-runner")
		} else {
			plan.Notes = append(plan.Notes, "@capacitor/background-runner: no valid plugins.BackgroundRunner.label in capacitor.config, so there is no task id to simulate")
		}
	}
	if has["workmanager"] {
		for _, id := range in.PermittedTaskIDs {
			addTask(id, "workmanager")
		}
	}
	if len(plan.Tasks) == 0 {
		// A native app: whatever the Info.plist permits.
		for _, id := range in.PermittedTaskIDs {
			addTask(id, "BGTaskSchedulerPermittedIdentifiers")
		}
	}

	if has["expo-background-fetch"] {
		plan.LegacyFetch = append(plan.LegacyFetch, "expo-background-fetch")
		if len(in.PermittedTaskIDs) > 0 {
			plan.Notes = append(plan.Notes, "BGTaskSchedulerPermittedIdentifiers is set, which on iOS 13+ disables the legacy background fetch expo-background-fetch relies on")
		}
	}
	sort.Strings(plan.Notes)
	return plan
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// SimulatorTaskStatement says plainly why a BGTaskScheduler task cannot be
// run in the simulator, and how to run it elsewhere.
func SimulatorTaskStatement(t FetchTask) string {
	return fmt.Sprintf("%s schedules %s with BGTaskScheduler, which never runs in the simulator (submit fails there with BGTaskSchedulerErrorDomain Code=1). "+
		"On a device, pause the app in Xcode after it has submitted the request and paste the expression that `bgkit trigger ios task %s --print` prints.",
		t.Library, t.ID, t.ID)
}

// LegacyFetchStatement says that legacy background fetch has no command
// line trigger.
func LegacyFetchStatement(lib string) string {
	return lib + " uses legacy background fetch (performFetchWithCompletionHandler), which nothing on the command line can trigger: " +
		"run the app from Xcode and choose Debug > Simulate Background Fetch."
}
