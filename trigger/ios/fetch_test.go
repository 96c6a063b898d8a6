package ios

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/bgkit/bgkit/project"
)

func TestPlanFetch(t *testing.T) {
	tests := []struct {
		name       string
		in         FetchInput
		pushReason string
		tasks      []FetchTask
		legacy     []string
		note       string // a fragment one of the notes must contain
		empty      bool
	}{
		{name: "nothing", in: FetchInput{Libraries: []string{"react", "expo"}}, empty: true},
		{name: "firebase messaging",
			in:         FetchInput{Libraries: []string{"@react-native-firebase/messaging"}, BackgroundModes: []string{"fetch", "remote-notification"}},
			pushReason: "@react-native-firebase/messaging handles silent pushes"},
		{name: "two push libraries",
			in:         FetchInput{Libraries: []string{"expo-notifications", "firebase_messaging"}},
			pushReason: "expo-notifications and firebase_messaging handle silent pushes"},
		{name: "push library without the mode",
			in:         FetchInput{Libraries: []string{"expo-notifications"}, BackgroundModes: []string{"fetch"}},
			pushReason: "expo-notifications handles silent pushes", note: "no remote-notification"},
		{name: "native app with the mode",
			in:         FetchInput{BackgroundModes: []string{"remote-notification"}},
			pushReason: "UIBackgroundModes has remote-notification"},
		{name: "capacitor push cannot do silent",
			in:   FetchInput{Libraries: []string{"@capacitor/push-notifications"}},
			note: "does not support iOS silent pushes", empty: true},
		{name: "transistorsoft",
			in: FetchInput{Libraries: []string{"react-native-background-fetch"},
				PermittedTaskIDs: []string{"com.transistorsoft.fetch", "com.transistorsoft.customtask", "com.example.other"}},
			tasks: []FetchTask{{"com.transistorsoft.fetch", "react-native-background-fetch"}, {"com.transistorsoft.customtask", "react-native-background-fetch"}},
			note:  "falls back to legacy background fetch"},
		{name: "flutter background_fetch",
			in:    FetchInput{Libraries: []string{"background_fetch"}},
			tasks: []FetchTask{{"com.transistorsoft.fetch", "background_fetch"}}},
		{name: "expo-background-task",
			in:    FetchInput{Libraries: []string{"expo-background-task", "expo-task-manager"}},
			tasks: []FetchTask{{"com.expo.modules.backgroundtask.processing", "expo-background-task"}},
			note:  "triggerTaskWorkerForTestingAsync"},
		{name: "capacitor runner",
			in:    FetchInput{Libraries: []string{"@capacitor/background-runner"}, RunnerLabel: "com.example.background.task"},
			tasks: []FetchTask{{"com.example.background.task", "@capacitor/background-runner"}}},
		{name: "capacitor runner without a label",
			in:   FetchInput{Libraries: []string{"@capacitor/background-runner"}, RunnerLabel: `bad"label`},
			note: "no valid plugins.BackgroundRunner.label", empty: true},
		{name: "workmanager skips wildcards",
			in:    FetchInput{Libraries: []string{"workmanager"}, PermittedTaskIDs: []string{"com.example.sync", "com.example.continued.*"}},
			tasks: []FetchTask{{"com.example.sync", "workmanager"}}},
		{name: "native ids",
			in:    FetchInput{PermittedTaskIDs: []string{"com.example.refresh"}},
			tasks: []FetchTask{{"com.example.refresh", "BGTaskSchedulerPermittedIdentifiers"}}},
		{name: "legacy fetch, disabled by permitted ids",
			in:     FetchInput{Libraries: []string{"expo-background-fetch", "expo-background-task"}, PermittedTaskIDs: []string{"com.expo.modules.backgroundtask.processing"}},
			tasks:  []FetchTask{{"com.expo.modules.backgroundtask.processing", "expo-background-task"}},
			legacy: []string{"expo-background-fetch"}, note: "disables the legacy background fetch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := PlanFetch(tt.in)
			if p.PushReason != tt.pushReason {
				t.Errorf("push reason = %q, want %q", p.PushReason, tt.pushReason)
			}
			if !reflect.DeepEqual(p.Tasks, tt.tasks) {
				t.Errorf("tasks = %v, want %v", p.Tasks, tt.tasks)
			}
			if !reflect.DeepEqual(p.LegacyFetch, tt.legacy) {
				t.Errorf("legacy = %v, want %v", p.LegacyFetch, tt.legacy)
			}
			if p.Empty() != tt.empty {
				t.Errorf("Empty() = %v", p.Empty())
			}
			if tt.note != "" && !strings.Contains(strings.Join(p.Notes, "\n"), tt.note) {
				t.Errorf("notes %q lack %q", p.Notes, tt.note)
			}
		})
	}
}

func TestFetchStatements(t *testing.T) {
	s := SimulatorTaskStatement(FetchTask{ID: "com.transistorsoft.fetch", Library: "react-native-background-fetch"})
	for _, want := range []string{"never runs in the simulator", "Code=1", "bgkit trigger ios task com.transistorsoft.fetch --print"} {
		if !strings.Contains(s, want) {
			t.Errorf("%q lacks %q", s, want)
		}
	}
	if s := LegacyFetchStatement("expo-background-fetch"); !strings.Contains(s, "Debug > Simulate Background Fetch") {
		t.Error(s)
	}
}

// A plan states legacy fetch, then tasks, then the push; its error says
// why it sends nothing.
func TestFetchPlanStatementsAndErr(t *testing.T) {
	p := PlanFetch(FetchInput{Libraries: []string{"expo-background-fetch", "expo-notifications"}, PermittedTaskIDs: []string{"com.example.refresh"}})
	got := p.Statements()
	if len(got) != 3 || !strings.Contains(got[0], "expo-background-fetch uses legacy background fetch") ||
		!strings.Contains(got[1], "com.example.refresh") ||
		got[2] != "expo-notifications handles silent pushes, so bgkit puts the app in the background and sends one." {
		t.Fatalf("statements = %q", got)
	}
	if p.Err() != nil {
		t.Fatalf("err = %v", p.Err())
	}
	if err := PlanFetch(FetchInput{PermittedTaskIDs: []string{"com.example.refresh"}}).Err(); err != ErrNothingInSimulator {
		t.Fatalf("tasks only: %v", err)
	}
	if p := PlanFetch(FetchInput{}); p.Err() != ErrNoIOSLibrary || len(p.Statements()) != 0 {
		t.Fatalf("nothing: %v, %q", p.Err(), p.Statements())
	}
}

// The modes and task ids come from the project's Info.plist.
func TestProjectFetchInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("package.json", `{"dependencies":{"react-native":"0.74.0","react-native-background-fetch":"4.2.0"}}`)
	write("ios/App/Info.plist", `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
	<key>UIBackgroundModes</key>
	<array><string>fetch</string><string>processing</string></array>
	<key>BGTaskSchedulerPermittedIdentifiers</key>
	<array><string>com.transistorsoft.fetch</string></array>
</dict>
</plist>
`)
	p, err := project.Detect(dir)
	if err != nil {
		t.Fatal(err)
	}
	in := ProjectFetchInput(p)
	if !slices.Contains(in.Libraries, "react-native-background-fetch") ||
		!reflect.DeepEqual(in.BackgroundModes, []string{"fetch", "processing"}) ||
		!reflect.DeepEqual(in.PermittedTaskIDs, []string{"com.transistorsoft.fetch"}) {
		t.Fatalf("input = %+v (Info.plist %q)", in, p.InfoPlist)
	}
}
