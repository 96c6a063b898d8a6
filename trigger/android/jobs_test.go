package android

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseJobsAPI34(t *testing.T) {
	jobs := ParseJobs(readAndroidFixture(t, "dumpsys_api34_workmanager.txt"), "com.acme.tides")
	if len(jobs) != 3 {
		t.Fatalf("got %d jobs, want 3 (the helper package's job and the completed one are not the app's): %+v", len(jobs), jobs)
	}
	tru, fals := true, false
	want := []Job{
		{ID: 6, Namespace: WorkManagerNamespace, UID: "u0a211", Package: "com.acme.tides", User: 0,
			Service: "androidx.work.impl.background.systemjob.SystemJobService", Library: LibWorkManager,
			Required: []string{"TIMING_DELAY", "CONNECTIVITY"}, Satisfied: []string{"BATTERY_NOT_LOW", "CONNECTIVITY", "DEVICE_NOT_DOZING", "BACKGROUND_NOT_RESTRICTED", "WITHIN_QUOTA"},
			Unsatisfied: []string{"TIMING_DELAY"}, ConstraintsMet: false, Ready: &fals, StandbyBucket: "ACTIVE",
			RunTime: "earliest=+14m18s710ms, latest=none, original latest=none"},
		{ID: 7, Namespace: WorkManagerNamespace, UID: "u0a211", Package: "com.acme.tides", Tag: "SyncTidesWorker",
			Service: "androidx.work.impl.background.systemjob.SystemJobService", Library: LibWorkManager,
			Required: []string{}, Satisfied: []string{"BATTERY_NOT_LOW", "DEVICE_NOT_DOZING", "BACKGROUND_NOT_RESTRICTED", "WITHIN_QUOTA"},
			Unsatisfied: []string{}, ConstraintsMet: true, Ready: &tru, StandbyBucket: "ACTIVE", RunTime: "earliest=none, latest=none, original latest=none"},
		{ID: -359368280, UID: "u0a211", Package: "com.acme.tides", Service: "com.acme.tides.sync.LegacySyncService",
			Required: []string{"CHARGING"}, Satisfied: []string{"BATTERY_NOT_LOW", "DEVICE_NOT_DOZING"},
			Unsatisfied: []string{"CHARGING"}, Ready: &fals, StandbyBucket: "ACTIVE"},
	}
	if !reflect.DeepEqual(jobs, want) {
		t.Fatalf("got\n%+v\nwant\n%+v", jobs, want)
	}
	if got := jobs[1].String(); got != "7 (namespace androidx.work.systemjobscheduler): workmanager SyncTidesWorker" {
		t.Errorf("String() = %q", got)
	}
}

func TestParseJobsOldAndroid(t *testing.T) {
	jobs := ParseJobs(readAndroidFixture(t, "dumpsys_api29_backgroundfetch.txt"), "com.example.fetchdemo")
	if len(jobs) != 3 {
		t.Fatalf("got %d jobs: %+v", len(jobs), jobs)
	}
	fetch := jobs[0]
	if fetch.ID != 999 || fetch.Namespace != "" || fetch.Library != LibBackgroundFetch ||
		fetch.Periodic != "interval=+15m0s0ms flex=+15m0s0ms" ||
		!reflect.DeepEqual(fetch.Unsatisfied, []string{"TIMING_DELAY"}) || fetch.ConstraintsMet {
		t.Errorf("fetch job: %+v (no Unsatisfied line: it is Required minus Satisfied)", fetch)
	}
	if jobs[0].String() != "999: background-fetch fetch task" {
		t.Errorf("String() = %q", jobs[0].String())
	}
	if jobs[1].ID != -1279354874 || jobs[1].Library != LibBackgroundFetch {
		t.Errorf("scheduleTask job: %+v", jobs[1])
	}
	if jobs[2].Library != LibExpoTaskManager || !jobs[2].ConstraintsMet || len(jobs[2].Required) != 0 {
		t.Errorf("expo-task-manager job: %+v", jobs[2])
	}
}

func TestParseJobsEmpty(t *testing.T) {
	for _, name := range []string{"dumpsys_api30_nojobs.txt", "dumpsys_invalid_package.txt"} {
		jobs := ParseJobs(readAndroidFixture(t, name), "com.acme.tides")
		if jobs == nil || len(jobs) != 0 {
			t.Errorf("%s: %#v, want an empty list", name, jobs)
		}
	}
}

func FuzzParseJobs(f *testing.F) {
	for _, name := range []string{"dumpsys_api34_workmanager.txt", "dumpsys_api29_backgroundfetch.txt", "dumpsys_api30_nojobs.txt"} {
		f.Add(readAndroidFixture(f, name))
	}
	f.Add([]byte("  Registered 1 jobs:\n    JOB #u0a1/-5: ab #x#@ns@p.q/.S\n      Required constraints: [0x1]\n      Ready: maybe\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, j := range ParseJobs(b, "") {
			if j.Service == "" || j.Required == nil || j.Satisfied == nil || j.Unsatisfied == nil {
				t.Fatalf("incomplete job %+v", j)
			}
			if j.ConstraintsMet != (len(j.Unsatisfied) == 0) {
				t.Fatalf("ConstraintsMet disagrees with Unsatisfied: %+v", j)
			}
		}
	})
}

func TestADBJobs(t *testing.T) {
	fake := newADBFake(t, []adbAnswer{
		{argv: "-s emulator-5554 shell dumpsys jobscheduler com.acme.tides", res: out(string(readAndroidFixture(t, "dumpsys_api34_workmanager.txt")))},
		{argv: "-s emulator-5554 shell dumpsys jobscheduler com.acme.missing", res: out(string(readAndroidFixture(t, "dumpsys_invalid_package.txt")))},
	})
	a := &ADB{Runner: fake, Serial: "emulator-5554"}
	jobs, err := a.Jobs(context.Background(), "com.acme.tides")
	if err != nil || len(jobs) != 3 {
		t.Fatalf("jobs = %v, %v", jobs, err)
	}
	_, err = a.Jobs(context.Background(), "com.acme.missing")
	var pnf *PackageNotFoundError
	if !errors.As(err, &pnf) || !strings.Contains(err.Error(), "is not installed on emulator-5554") {
		t.Fatalf("err = %v", err)
	}
	if _, err := a.Jobs(context.Background(), "com.acme;reboot"); err == nil {
		t.Fatal("an invalid package reached the device")
	}
	if len(fake.calls()) != 2 {
		t.Fatalf("calls = %q", fake.calls())
	}
}

func TestSelectJobs(t *testing.T) {
	wm := ParseJobs(readAndroidFixture(t, "dumpsys_api34_workmanager.txt"), "com.acme.tides")
	ts := ParseJobs(readAndroidFixture(t, "dumpsys_api29_backgroundfetch.txt"), "com.example.fetchdemo")
	ids := func(js []Job) []int {
		var out []int
		for _, j := range js {
			out = append(out, j.ID)
		}
		return out
	}
	tests := []struct {
		name    string
		jobs    []Job
		libs    []string
		all     bool
		want    []int
		errType any
	}{
		{name: "two WorkManager jobs need --all", jobs: wm, libs: []string{LibWorkManager}, errType: new(*SeveralJobsError), want: []int{6, 7}},
		{name: "--all runs both", jobs: wm, all: true, want: []int{6, 7}},
		{name: "fetch task is the library's job", jobs: ts, libs: []string{LibBackgroundFetch}, want: []int{999}},
		{name: "fetch --all", jobs: ts, libs: []string{LibBackgroundFetch}, all: true, want: []int{-1279354874, 999}},
		{name: "project says expo-task-manager", jobs: ts, libs: []string{LibExpoTaskManager}, want: []int{3}},
		{name: "no hint: every known library's job", jobs: ts, errType: new(*SeveralJobsError), want: []int{-1279354874, 3, 999}},
		{name: "library absent falls back to known ones", jobs: wm, libs: []string{LibBackgroundFetch}, errType: new(*SeveralJobsError), want: []int{6, 7}},
		{name: "no jobs at all", jobs: nil, libs: []string{LibWorkManager}, errType: new(*NoJobsError)},
		{name: "only unknown jobs", jobs: wm[2:], errType: new(*NoJobsError)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := SelectJobs("com.acme.tides", tt.jobs, tt.libs, tt.all)
			if tt.errType != nil {
				if !errors.As(err, tt.errType) {
					t.Fatalf("err = %v, want %T", err, tt.errType)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(ids(got), tt.want) {
				t.Fatalf("ids = %v, want %v", ids(got), tt.want)
			}
		})
	}
	_, err := SelectJobs("com.acme.tides", wm[2:], nil, false)
	if err == nil || !strings.Contains(err.Error(), "-359368280: com.acme.tides.sync.LegacySyncService") || !strings.Contains(err.Error(), "bgkit trigger android job ID") {
		t.Fatalf("no-known-jobs error should list the jobs and say how to run one: %v", err)
	}
	_, err = SelectJobs("com.acme.tides", nil, nil, false)
	if err == nil || !strings.Contains(err.Error(), "open the app") {
		t.Fatalf("no-jobs error should say to open the app: %v", err)
	}
}

func TestLibraryForDependency(t *testing.T) {
	for dep, want := range map[string]string{
		"expo-background-task":          LibWorkManager,
		"@capacitor/background-runner":  LibWorkManager,
		"workmanager":                   LibWorkManager,
		"androidx.work:work-runtime":    LibWorkManager,
		"react-native-background-fetch": LibBackgroundFetch,
		"background_fetch":              LibBackgroundFetch,
		"expo-background-fetch":         LibExpoTaskManager,
		"react-native":                  "",
	} {
		if got := LibraryForDependency(dep); got != want {
			t.Errorf("%s -> %q, want %q", dep, got, want)
		}
	}
}
