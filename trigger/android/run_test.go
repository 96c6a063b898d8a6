package android

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/bgkit/bgkit/trigger"
)

func TestJudgeJobRun(t *testing.T) {
	tests := []struct {
		name   string
		res    trigger.Result
		want   JobOutcome
		forced bool
	}{
		{"forced", trigger.Result{Stdout: []byte("Running job [FORCED]\n")}, JobRan, true},
		{"plain", trigger.Result{Stdout: []byte("Running job\n")}, JobRan, false},
		{"not found, new (stderr, exit 23)", trigger.Result{Stderr: []byte("Could not find job 6 in package com.acme.tides / user 0\n"), ExitCode: 23}, JobNotFound, false},
		{"not found, old (stdout, exit 0)", trigger.Result{Stdout: []byte("Could not find job 999 in package com.example.fetchdemo / user 0\n")}, JobNotFound, false},
		{"not found, exit code only", trigger.Result{ExitCode: 23}, JobNotFound, false},
		{"package, new", trigger.Result{Stderr: []byte("Package not found: com.acme.gone / user 0\n"), ExitCode: 24}, JobPackageNotFound, false},
		{"package, old", trigger.Result{Stdout: []byte("Package not found: com.acme.gone / user 0\n")}, JobPackageNotFound, false},
		{"constraints", trigger.Result{Stderr: []byte("Job 6 in package com.acme.tides / user 0 has functional constraints but --force not specified\n"), ExitCode: 22}, JobConstraintsUnmet, false},
		{"namespace on Android 13", trigger.Result{Stdout: []byte("Error: unknown option '-n'\n"), ExitCode: 255}, JobNamespaceUnsupported, false},
		{"no cmd on Android 6", trigger.Result{Stdout: []byte("/system/bin/sh: cmd: not found\n"), ExitCode: 127}, JobSchedulerCmdMissing, false},
		{"security", trigger.Result{Stdout: []byte("Exception: java.lang.SecurityException: Uid 2000 not permitted to force scheduled jobs\n"), ExitCode: 255}, JobPermissionDenied, false},
		{"running job but failing exit", trigger.Result{Stdout: []byte("Running job\n"), ExitCode: 1}, JobFailed, false},
		{"silence", trigger.Result{}, JobFailed, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, forced := JudgeJobRun(tt.res)
			if got != tt.want || forced != tt.forced {
				t.Fatalf("got %v forced=%v, want %v forced=%v", got, forced, tt.want, tt.forced)
			}
		})
	}
}

func TestRunJobCmd(t *testing.T) {
	a := &ADB{Serial: "emulator-5554"}
	c, err := a.RunJobCmd("com.acme.tides", JobRef{ID: "-359368280", Namespace: WorkManagerNamespace, User: "10"})
	if err != nil {
		t.Fatal(err)
	}
	want := "adb -s emulator-5554 shell cmd jobscheduler run -f -u 10 -n androidx.work.systemjobscheduler com.acme.tides -359368280 ';' echo '__bgkit_exit:$?'"
	if c.String() != want {
		t.Fatalf("got  %s\nwant %s", c, want)
	}
	for _, ref := range []JobRef{{ID: "6;reboot"}, {ID: "6", Namespace: "a b"}, {ID: "6", User: "all"}} {
		if _, err := a.RunJobCmd("com.acme.tides", ref); err == nil {
			t.Errorf("%+v accepted", ref)
		}
	}
	if _, err := a.RunJobCmd("com.acme.tides'", JobRef{ID: "6"}); err == nil {
		t.Error("bad package accepted")
	}
}

func TestRunJobRetriesInNamespace(t *testing.T) {
	dump := string(readAndroidFixture(t, "dumpsys_api34_workmanager.txt"))
	fake := newADBFake(t, []adbAnswer{
		{argv: "-s emulator-5554 shell cmd jobscheduler run -f com.acme.tides 6", res: errOut("Could not find job 6 in package com.acme.tides / user 0\n", 23)},
		{argv: "-s emulator-5554 shell dumpsys jobscheduler com.acme.tides", res: out(dump)},
		{argv: "-s emulator-5554 shell cmd jobscheduler run -f -n androidx.work.systemjobscheduler com.acme.tides 6", res: out("Running job [FORCED]\n")},
	})
	a := &ADB{Runner: fake, Serial: "emulator-5554"}
	run, err := a.RunJob(context.Background(), "com.acme.tides", JobRef{ID: "6"})
	if err != nil {
		t.Fatal(err)
	}
	if !run.Retried || !run.Forced || run.Namespace != WorkManagerNamespace || run.ID != 6 {
		t.Fatalf("run = %+v", run)
	}
	want := []string{
		"-s emulator-5554 shell cmd jobscheduler run -f com.acme.tides 6",
		"-s emulator-5554 shell dumpsys jobscheduler com.acme.tides",
		"-s emulator-5554 shell cmd jobscheduler run -f -n androidx.work.systemjobscheduler com.acme.tides 6",
	}
	if !reflect.DeepEqual(fake.calls(), want) {
		t.Fatalf("calls:\n%s", strings.Join(fake.calls(), "\n"))
	}
}

func TestRunJobErrors(t *testing.T) {
	dump := string(readAndroidFixture(t, "dumpsys_api34_workmanager.txt"))
	tests := []struct {
		name    string
		answers []adbAnswer
		ref     JobRef
		check   func(error) bool
		text    string
	}{
		{
			name: "not scheduled anywhere lists the jobs",
			answers: []adbAnswer{
				{argv: "-s S shell cmd jobscheduler run -f com.acme.tides 12", res: out("Could not find job 12 in package com.acme.tides / user 0\n")},
				{argv: "-s S shell dumpsys jobscheduler com.acme.tides", res: out(dump)},
			},
			ref:   JobRef{ID: "12"},
			check: func(e error) bool { var x *JobNotFoundError; return errors.As(e, &x) && len(x.Jobs) == 3 },
			text:  "6 (namespace androidx.work.systemjobscheduler): workmanager",
		},
		{
			name:    "package not installed",
			answers: []adbAnswer{{res: errOut("Package not found: com.acme.tides / user 0\n", 24)}},
			ref:     JobRef{ID: "6"},
			check:   func(e error) bool { var x *PackageNotFoundError; return errors.As(e, &x) },
			text:    "not installed on S",
		},
		{
			name:    "namespace on an old Android",
			answers: []adbAnswer{{res: out("Error: unknown option '-n'\n")}},
			ref:     JobRef{ID: "6", Namespace: "androidx.work.systemjobscheduler"},
			check: func(e error) bool {
				var x *JobError
				return errors.As(e, &x) && x.Outcome == JobNamespaceUnsupported
			},
			text: "Android 14",
		},
		{
			name:    "device went away",
			answers: []adbAnswer{{res: errOut("error: device 'S' not found\n", 1)}},
			ref:     JobRef{ID: "6"},
			check:   func(e error) bool { var x *DeviceNotFoundError; return errors.As(e, &x) },
			text:    `device "S" not found`,
		},
		{
			name:    "unknown failure shows the device's words",
			answers: []adbAnswer{{res: out("Exception: java.lang.NullPointerException\n")}},
			ref:     JobRef{ID: "6"},
			check:   func(e error) bool { var x *JobError; return errors.As(e, &x) && x.Outcome == JobFailed },
			text:    "java.lang.NullPointerException",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &ADB{Runner: newADBFake(t, tt.answers), Serial: "S"}
			_, err := a.RunJob(context.Background(), "com.acme.tides", tt.ref)
			if err == nil || !tt.check(err) || !strings.Contains(err.Error(), tt.text) {
				t.Fatalf("err = %v (%T), want it to contain %q", err, err, tt.text)
			}
		})
	}
}

func TestRunJobRetriesOutOfAWrongNamespace(t *testing.T) {
	dump := string(readAndroidFixture(t, "dumpsys_api34_workmanager.txt"))
	fake := newADBFake(t, []adbAnswer{
		{argv: "-s S shell cmd jobscheduler run -f -n androidx.work.systemjobscheduler com.acme.tides -359368280", res: errOut("Could not find job -359368280 in package com.acme.tides / namespace androidx.work.systemjobscheduler / user 0\n", 23)},
		{argv: "-s S shell dumpsys jobscheduler com.acme.tides", res: out(dump)},
		{argv: "-s S shell cmd jobscheduler run -f com.acme.tides -359368280", res: out("Running job [FORCED]\n")},
	})
	a := &ADB{Runner: fake, Serial: "S"}
	run, err := a.RunJob(context.Background(), "com.acme.tides", JobRef{ID: "-359368280", Namespace: WorkManagerNamespace})
	if err != nil {
		t.Fatal(err)
	}
	if !run.Retried || run.Namespace != "" || run.ID != -359368280 {
		t.Fatalf("run = %+v", run)
	}
	if len(fake.calls()) != 3 {
		t.Fatalf("calls:\n%s", strings.Join(fake.calls(), "\n"))
	}
}

func TestRunJobInSeveralNamespacesDoesNotGuess(t *testing.T) {
	dump := "  Registered 2 jobs:\n" +
		"    JOB androidx.work.systemjobscheduler:u0a211/6: 5e1f0a3 @androidx.work.systemjobscheduler@com.acme.tides/androidx.work.impl.background.systemjob.SystemJobService\n" +
		"      Source: uid=u0a211 user=0 pkg=com.acme.tides\n" +
		"    JOB sync:u0a211/6: 5e1f0a4 @sync@com.acme.tides/.SyncService\n" +
		"      Source: uid=u0a211 user=0 pkg=com.acme.tides\n"
	fake := newADBFake(t, []adbAnswer{
		{argv: "-s S shell cmd jobscheduler run -f com.acme.tides 6", res: errOut("Could not find job 6 in package com.acme.tides / user 0\n", 23)},
		{argv: "-s S shell dumpsys jobscheduler com.acme.tides", res: out(dump)},
	})
	a := &ADB{Runner: fake, Serial: "S"}
	_, err := a.RunJob(context.Background(), "com.acme.tides", JobRef{ID: "6"})
	var nf *JobNotFoundError
	if !errors.As(err, &nf) || !strings.Contains(err.Error(), "6 (namespace sync)") || !strings.Contains(err.Error(), "--namespace") {
		t.Fatalf("err = %v", err)
	}
	if len(fake.calls()) != 2 {
		t.Fatalf("ran again although the namespace is ambiguous:\n%s", strings.Join(fake.calls(), "\n"))
	}
}
