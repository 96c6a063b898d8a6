package ios

import (
	"reflect"
	"strings"
	"testing"
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
