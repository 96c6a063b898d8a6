package android

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/bgkit/bgkit/trigger"
)

func TestWantedSerial(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "ANDROID_SERIAL" {
				return v
			}
			return ""
		}
	}
	for _, tt := range []struct {
		flag, env, want string
		from            SerialFrom
		bad             bool
	}{
		{"emulator-5554", "emulator-5556", "emulator-5554", 0, false},
		{"", " emulator-5556\n", "emulator-5556", 0, false},
		{"", "", "", 0, false},
		{"--help", "", "", SerialFromCaller, true},
		{"", "-x", "", SerialFromEnv, true},
	} {
		got, err := WantedSerial(tt.flag, env(tt.env))
		var se *SerialError
		if got != tt.want || errors.As(err, &se) != tt.bad || (tt.bad && se.From != tt.from) {
			t.Errorf("WantedSerial(%q, %q) = %q, %v", tt.flag, tt.env, got, err)
		}
		if tt.bad && !IsInvalidValue(err) {
			t.Errorf("%q: %v is not an invalid value", tt.flag+tt.env, err)
		}
	}
}

// A dry run chooses no device: it runs nothing and acts on the serial
// given, or on the placeholder. A real run lists the devices.
func TestSessionDevice(t *testing.T) {
	ctx := context.Background()
	for serial, want := range map[string]string{"": PlaceholderSerial, "emulator-5556": "emulator-5556"} {
		stub := trigger.NewStub(t)
		s := &Session{Runner: stub, DryRun: true}
		adb, err := s.Device(ctx, serial)
		if err != nil || adb.Serial != want || s.ADB != adb || s.Dry == nil || adb.Runner != s.Dry || len(stub.Calls) != 0 {
			t.Errorf("dry run, serial %q: %+v, %v; ran %q", serial, adb, err, stub.Lines())
		}
	}
	stub := trigger.NewStub(t)
	stub.Register("adb devices -l", trigger.Result{Stdout: []byte("List of devices attached\nemulator-5554\tdevice\nemulator-5556\tdevice\n")})
	s := &Session{Runner: stub}
	if _, err := s.Device(ctx, ""); !errors.As(err, new(*SeveralDevicesError)) {
		t.Errorf("two devices, none chosen: %v", err)
	}
	if adb, err := s.Device(ctx, "emulator-5556"); err != nil || adb.Serial != "emulator-5556" || adb.Runner != stub || s.Dry != nil {
		t.Errorf("chosen: %+v, %v", adb, err)
	}
}

func TestJobRequestCheck(t *testing.T) {
	for _, tt := range []struct {
		req     JobRequest
		problem JobRequestProblem
		invalid string // what InvalidArgError names
	}{
		{req: JobRequest{IDs: []string{"999", "-359368280"}, Namespace: "androidx.work.systemjobscheduler", User: "0"}},
		{req: JobRequest{All: true}},
		{req: JobRequest{IDs: []string{"1e3"}}, invalid: "job id"},
		{req: JobRequest{IDs: []string{"1"}, Namespace: "a b"}, invalid: "job namespace"},
		{req: JobRequest{Namespace: "androidx.work.systemjobscheduler"}, problem: NamespaceWithoutIDs},
		{req: JobRequest{User: "me"}, invalid: "user id"},
		{req: JobRequest{IDs: []string{"1"}, All: true}, problem: AllWithIDs},
	} {
		err := tt.req.Check()
		var re *JobRequestError
		var ie *InvalidArgError
		switch {
		case tt.problem != 0 && (!errors.As(err, &re) || re.Problem != tt.problem):
			t.Errorf("%+v: %v, want problem %d", tt.req, err, tt.problem)
		case tt.invalid != "" && (!errors.As(err, &ie) || ie.What != tt.invalid):
			t.Errorf("%+v: %v, want an invalid %s", tt.req, err, tt.invalid)
		case tt.problem == 0 && tt.invalid == "" && err != nil:
			t.Errorf("%+v: %v", tt.req, err)
		}
		if err != nil && !IsInvalidValue(err) {
			t.Errorf("%+v: %v is not an invalid value", tt.req, err)
		}
	}
}

// A dry run of jobs picked from the listing stops there: only a bad value
// typed by the user fails it, since what the listing holds is unknown.
func TestRunJobsDryRunStopsAtTheListing(t *testing.T) {
	ctx := context.Background()
	for pkg, wantErr := range map[string]bool{"com.example.app": false, "Com": true} {
		s := &Session{DryRun: true, Progress: func(string) { t.Error("a dry run said something") }}
		if _, err := s.Device(ctx, ""); err != nil {
			t.Fatal(err)
		}
		run, err := s.RunJobs(ctx, pkg, JobRequest{})
		var ie *InvalidArgError
		if !run.Listed || errors.As(err, &ie) != wantErr || (!wantErr && err != nil) || len(s.Notes) != 1 {
			t.Errorf("%s: %+v, %v, notes %q", pkg, run, err, s.Notes)
		}
		if want := "adb -s SERIAL shell dumpsys jobscheduler"; !wantErr && !strings.HasPrefix(s.Dry.Script(), want) {
			t.Errorf("%s: script %q", pkg, s.Dry.Script())
		}
	}
}

// With IDs, a dry run runs each job, and a failure is its error.
func TestRunJobsDryRunRunsEveryID(t *testing.T) {
	ctx := context.Background()
	s := &Session{DryRun: true}
	s.Device(ctx, "emulator-5554")
	run, err := s.RunJobs(ctx, "com.example.app", JobRequest{IDs: []string{"6", "7"}, Namespace: "androidx.work.systemjobscheduler"})
	if err != nil || run.Listed || len(run.Ran) != 2 || run.Tried != 2 || run.Serial != "emulator-5554" || run.FailedIDs == nil {
		t.Fatalf("%+v, %v", run, err)
	}
	if got := strings.Count(s.Dry.Script(), "cmd jobscheduler run -f -n androidx.work.systemjobscheduler com.example.app"); got != 2 {
		t.Errorf("script:\n%s", s.Dry.Script())
	}
}

func TestJobsRunErr(t *testing.T) {
	if err := (JobsRun{Ran: []JobRun{{ID: 1}}, Tried: 1}).Err(); err != nil {
		t.Errorf("all ran: %v", err)
	}
	none := JobsRun{Failed: []string{"1", "2"}, Tried: 2, LastErr: errors.New("job 2 not found\nmore")}
	if err := none.Err(); err == nil || err.Error() != "none of the 2 jobs ran (last error above: job 2 not found)" {
		t.Errorf("none ran: %v", err)
	}
	some := JobsRun{Ran: []JobRun{{ID: 3}}, Failed: []string{"1", "2"}, Tried: 3}
	if err := some.Err(); err == nil || err.Error() != "2 of 3 jobs did not run: 1, 2" {
		t.Errorf("some ran: %v", err)
	}
	if got := (JobRun{ID: 6, Namespace: "ns", Forced: true}).Text("com.example.app", "emulator-5554"); got != "ran job 6 (namespace ns) of com.example.app on emulator-5554 [forced]" {
		t.Errorf("text = %q", got)
	}
}

func TestDozeResult(t *testing.T) {
	if err := ValidateDozeAction("sometimes"); !IsInvalidValue(err) || err.Error() != `doze takes on, off or step, not "sometimes"` {
		t.Errorf("unknown action: %v", err)
	}
	for _, tt := range []struct {
		r          DozeResult
		text, hint string
	}{
		{DozeResult{Serial: "e", Action: "on", DozeState: DozeState{Deep: "IDLE"}}, "e is in deep idle (Doze), battery unplugged", "Doze holds jobs back until you run: bgkit trigger android doze off"},
		{DozeResult{Serial: "e", Action: "off", DozeState: DozeState{Light: "ACTIVE"}}, "e left forced idle (light: ACTIVE, deep: -), battery reset", ""},
		{DozeResult{Serial: "e", Action: "step", DozeState: DozeState{Light: "IDLE"}}, "e stepped to IDLE, battery unplugged", "undo with: bgkit trigger android doze off"},
		{DozeResult{Serial: "e", Action: "step"}, "e stepped to -, battery unplugged", "undo with: bgkit trigger android doze off"},
	} {
		if tt.r.Text() != tt.text || tt.r.Hint() != tt.hint {
			t.Errorf("%+v: %q, %q", tt.r, tt.r.Text(), tt.r.Hint())
		}
	}
}

func TestStandbyResult(t *testing.T) {
	if err := CheckStandbyBucket("sometimes"); !IsInvalidValue(err) || !strings.HasPrefix(err.Error(), `unknown standby bucket "sometimes": use one of active,`) {
		t.Errorf("unknown bucket: %v", err)
	}
	if err := CheckStandbyBucket("rare"); err != nil {
		t.Error(err)
	}
	for _, tt := range []struct {
		set, now string
		notes    int
	}{{"", "rare", 0}, {"active", "active", 0}, {"rare", "rare", 1}, {"active", "working_set", 1}, {"rare", "active", 2}} {
		r := StandbyResult{Set: tt.set, StandbyBucket: StandbyBucket{Name: tt.now}}
		if n := r.Notes(); len(n) != tt.notes {
			t.Errorf("set %q, now %q: notes %q", tt.set, tt.now, n)
		}
	}
}

func TestWriteDevicesTable(t *testing.T) {
	var b bytes.Buffer
	WriteDevicesTable(&b, []Device{
		{Serial: "emulator-5554", State: "device", Model: "sdk", Emulator: true},
		{Serial: "R5", State: "no permissions (user x is not in the plugdev group); see [http://x]"},
	})
	want := "ANDROID        STATE           MODEL           PRODUCT  DEVICE  TRANSPORT ID\n" +
		"emulator-5554  device          sdk (emulator)  -        -       -\n" +
		"R5             no permissions  -               -        -       -\n"
	if b.String() != want {
		t.Errorf("table:\n%s\nwant:\n%s", b.String(), want)
	}
}

// adb missing is no error for a listing, but a note; a device that cannot
// run commands gets a note saying what to do.
func TestList(t *testing.T) {
	ctx := context.Background()
	stub := trigger.NewStub(t)
	stub.Register("adb devices -l", trigger.Result{ExitCode: -1}).Fail(&trigger.ToolNotFoundError{Name: "adb"}).Once()
	stub.Register("adb devices -l", trigger.Result{Stdout: []byte("List of devices attached\nemulator-5554\tdevice\nR5\tunauthorized usb:1-1\n")}).Once()
	stub.Register("adb devices -l", trigger.Result{Stdout: []byte("garbage")})
	l := List(ctx, stub, 0)
	if !l.Missing || l.Err != nil || l.Devices == nil || len(l.Devices) != 0 {
		t.Errorf("missing: %+v", l)
	}
	if n := l.Notes(); len(n) != 1 || !strings.HasPrefix(n[0], "note: adb not found") {
		t.Errorf("missing: notes %q", n)
	}
	l = List(ctx, stub, 0)
	if l.Missing || l.Err != nil || len(l.Devices) != 2 {
		t.Errorf("listed: %+v", l)
	}
	if n := l.Notes(); len(n) != 1 || !strings.HasPrefix(n[0], "R5: unauthorized\n  accept the \"Allow USB debugging?\" prompt") {
		t.Errorf("listed: notes %q", n)
	}
	l = List(ctx, stub, 0)
	if l.Missing || !errors.As(l.Err, new(*ADBParseError)) || l.Devices == nil {
		t.Errorf("unreadable: %+v", l)
	}
}
