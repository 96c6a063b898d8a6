package android

import (
	"bytes"
	"strings"
	"testing"

	"github.com/bgkit/bgkit/internal/safetext"
	"github.com/bgkit/bgkit/trigger"
)

// FuzzJudgeJobRun: whatever a device answers, bgkit says a job ran only
// when the command exited 0 and printed "Running job", and never calls a
// job forced that did not run.
func FuzzJudgeJobRun(f *testing.F) {
	f.Add("Running job [FORCED]\n", "", 0)
	f.Add("Running job\n", "", 0)
	f.Add("", "Could not find job 6 in package com.acme.tides / user 0\n", 23)
	f.Add("Running job [FORCED]\nCould not find job 6\n", "", 0)
	f.Add("", "Running job [FORCED]\n", 0)
	f.Add("Running job [FORCED]\n", "", 1)
	f.Add("Error: unknown option '-n'\n", "", 255)
	f.Fuzz(func(t *testing.T, stdout, stderr string, code int) {
		res := trigger.Result{Stdout: []byte(stdout), Stderr: []byte(stderr), ExitCode: code}
		got, forced := JudgeJobRun(res)
		if got == JobRan && (code != 0 || !strings.Contains(stdout, "Running job")) {
			t.Fatalf("judged %q / %q (exit %d) as a run", stdout, stderr, code)
		}
		if forced && got != JobRan {
			t.Fatalf("forced but outcome %v", got)
		}
	})
}

// FuzzParseBroadcast: a broadcast counts as completed only when am said so.
func FuzzParseBroadcast(f *testing.F) {
	f.Add("Broadcasting: Intent { act=android.intent.action.BOOT_COMPLETED flg=0x400000 pkg=com.acme.tides }\nBroadcast completed: result=0\n")
	f.Add("Broadcasting: Intent { act=x }\nSecurity exception: Permission Denial: not allowed to send broadcast android.intent.action.BOOT_COMPLETED from pid=1, uid=2000\n")
	f.Add("Broadcast completed: result=-99999999999999999999\n")
	f.Fuzz(func(t *testing.T, out string) {
		_, ok := ParseBroadcast(out)
		if ok && !strings.Contains(out, "Broadcast completed: result=") {
			t.Fatalf("%q taken for a completed broadcast", out)
		}
	})
}

// FuzzParseStandbyBucket: a bucket read is always one bgkit can name.
func FuzzParseStandbyBucket(f *testing.F) {
	for _, s := range []string{"10\n", "45", "STANDBY_BUCKET_RARE", "active", " 99 ", "-0", "+10", "Error: no package"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, out string) {
		b, ok := ParseStandbyBucket(out)
		if ok && b.Name == "" {
			t.Fatalf("%q: bucket %+v has no name", out, b)
		}
	})
}

// FuzzLogWatcher: the verdict and the text passed through do not depend on
// how the log stream is cut into writes.
func FuzzLogWatcher(f *testing.F) {
	f.Add([]byte("I/WM-WorkerWrapper( 4711): Worker result SUCCESS for Work [ id=c3a8e2d1, tags={ x } ]\n"), uint8(7))
	f.Add([]byte("D/TSBackgroundFetch( 1): - Background Fetch event received\r\nD/TSBackgroundFetch( 1): - finish\r\n"), uint8(1))
	f.Add([]byte("I/WM-WorkerWrapper( 1): Worker result FAILURE for Work [ id=a ]\nI/WM-WorkerWrapper( 1): Worker result SUCCESS for Work [ id=b ]"), uint8(3))
	f.Fuzz(func(t *testing.T, log []byte, step uint8) {
		var whole, cut bytes.Buffer
		w1 := NewLogWatcher(&whole)
		w1.Write(log)
		w2 := NewLogWatcher(&cut)
		n := int(step)%16 + 1
		for i := 0; i < len(log); i += n {
			w2.Write(log[i:min(i+n, len(log))])
		}
		v1, v2 := w1.Verdict(0), w2.Verdict(0)
		if v1.String() != v2.String() || v1.OK() != v2.OK() {
			t.Fatalf("whole: %s\ncut by %d: %s", v1, n, v2)
		}
		// Passed through as safetext shows it (escape sequences escaped),
		// the same however it was cut; an unfinished last character or CR
		// may be held back.
		want := safetext.EscapeLines(string(log))
		if !bytes.Equal(whole.Bytes(), cut.Bytes()) || !strings.HasPrefix(want, whole.String()) {
			t.Fatalf("the log was not passed through as escaped text:\nwhole %q\ncut   %q\nwant  %q", whole.Bytes(), cut.Bytes(), want)
		}
	})
}
