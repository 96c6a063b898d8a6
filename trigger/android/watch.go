package android

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/bgkit/bgkit/internal/lazyre"
	"github.com/bgkit/bgkit/trigger"
)

// WatchTags are the log tags --watch follows when it cannot filter by the
// app's pid (pidof missing before Android 7, or the app not running yet):
// WorkManager's worker and job service, transistorsoft's fetch, and the
// JavaScript and Dart consoles of React Native and Flutter.
var WatchTags = []string{"WM-WorkerWrapper", "WM-SystemJobService", "TSBackgroundFetch", "ReactNativeJS", "flutter", "Capacitor"}

// PidofCmd is `pidof -s PKG` (toybox, Android 7+).
func (a *ADB) PidofCmd(pkg string) (trigger.Cmd, error) {
	if err := ValidatePackage(pkg); err != nil {
		return trigger.Cmd{}, err
	}
	return a.Shell("pidof", "-s", pkg), nil
}

// AppPID returns the app's pid, or 0 when it is not running or the device
// has no pidof; neither is an error, --watch then follows tags.
func (a *ADB) AppPID(ctx context.Context, pkg string) (int, error) {
	c, err := a.PidofCmd(pkg)
	if err != nil {
		return 0, err
	}
	res, err := a.Run(ctx, c)
	if err != nil {
		return 0, err
	}
	fields := strings.Fields(string(res.Stdout))
	if res.ExitCode != 0 || len(fields) == 0 {
		return 0, nil
	}
	pid, err := strconv.Atoi(fields[0])
	if err != nil || pid <= 0 {
		return 0, nil
	}
	return pid, nil
}

// DeviceTimeCmd prints the device's clock as Unix seconds.
func (a *ADB) DeviceTimeCmd() trigger.Cmd { return a.Shell("date", "+%s") }

// DeviceTime reads the device's clock, so --watch can show the log from
// the moment of the trigger (logcat -T) rather than old lines. "" when the
// device cannot tell.
func (a *ADB) DeviceTime(ctx context.Context) (string, error) {
	res, err := a.Run(ctx, a.DeviceTimeCmd())
	if err != nil {
		return "", err
	}
	s := strings.TrimSpace(string(res.Stdout))
	if _, perr := strconv.ParseInt(s, 10, 64); perr != nil || res.ExitCode != 0 {
		return "", nil
	}
	return s + ".0", nil
}

var logcatSinceRE = lazyre.New(`^[0-9]+\.[0-9]+$`)

// LogcatCmd streams the device log: the app's process when pid > 0, else
// WatchTags. since ("seconds.fraction" from DeviceTime) starts it at that
// moment; "" starts with the last line only, so old runs cannot produce a
// verdict. adb's logcat escapes its own arguments for the device shell, so
// they are not quoted here. The command has no timeout: the caller ends it.
func (a *ADB) LogcatCmd(pid int, since string) trigger.Cmd {
	args := []string{"logcat", "-v", "brief"}
	if since != "" && logcatSinceRE.Get().MatchString(since) {
		args = append(args, "-T", since)
	} else {
		args = append(args, "-T", "1")
	}
	if pid > 0 {
		args = append(args, "--pid="+strconv.Itoa(pid))
	} else {
		for _, t := range WatchTags {
			args = append(args, t+":V")
		}
		args = append(args, "*:S")
	}
	c := a.Command(args...)
	c.Timeout = -1
	return c
}

// StreamLog runs c (a LogcatCmd) with its output going to w until ctx ends.
// An ended context (the --watch duration, Ctrl-C) is not an error.
func (a *ADB) StreamLog(ctx context.Context, c trigger.Cmd, w io.Writer) error {
	c.Stdout = w
	res, err := a.Run(ctx, c)
	if ctx.Err() != nil {
		return nil
	}
	if err != nil {
		return err
	}
	if res.ExitCode != 0 {
		return newADBError(c, res, "")
	}
	return nil
}

// WatchEvent is a log line that tells how a background job went.
type WatchEvent struct {
	Library  string // a Lib* name
	Finished bool   // false: the job started
	Result   string // SUCCESS, FAILURE, RETRY for WorkManager; "" otherwise
	Line     string
}

var (
	wmResultRE = lazyre.New(`Worker result (SUCCESS|FAILURE|RETRY) for (Work \[ id=[^,\]]+)`)
	tsEventRE  = lazyre.New(`TSBackgroundFetch.*Background Fetch event received`)
	tsFinishRE = lazyre.New(`TSBackgroundFetch.*- (finish|jobFinished)\b`)
	wmStartRE  = lazyre.New(`WM-SystemJobService.*onStartJob`)
)

// MatchWatchLine reports whether a log line says a background job started
// or finished.
func MatchWatchLine(line string) (WatchEvent, bool) {
	line = strings.TrimRight(line, "\r")
	switch {
	case wmResultRE.Get().MatchString(line) && strings.Contains(line, "WM-WorkerWrapper"):
		m := wmResultRE.Get().FindStringSubmatch(line)
		return WatchEvent{Library: LibWorkManager, Finished: true, Result: m[1], Line: line}, true
	case tsFinishRE.Get().MatchString(line):
		return WatchEvent{Library: LibBackgroundFetch, Finished: true, Line: line}, true
	case tsEventRE.Get().MatchString(line):
		return WatchEvent{Library: LibBackgroundFetch, Line: line}, true
	case wmStartRE.Get().MatchString(line):
		return WatchEvent{Library: LibWorkManager, Line: line}, true
	}
	return WatchEvent{}, false
}

// LogWatcher passes a log stream through (trigger.LineTee) and remembers
// the first started and finished events, for the verdict --watch ends
// with. It is safe for the one writer goroutine and a reader after the
// stream ends.
type LogWatcher struct {
	tee      *trigger.LineTee
	started  *WatchEvent
	finished *WatchEvent
	lines    int
}

// NewLogWatcher returns a LogWatcher passing the log to w (nil: nowhere).
func NewLogWatcher(w io.Writer) *LogWatcher {
	lw := &LogWatcher{}
	lw.tee = trigger.NewLineTee(w, lw.note)
	return lw
}

func (w *LogWatcher) Write(p []byte) (int, error) { return w.tee.Write(p) }

func (w *LogWatcher) note(line string) {
	w.lines++
	ev, ok := MatchWatchLine(line)
	if !ok {
		return
	}
	if ev.Finished {
		if w.finished == nil {
			w.finished = &ev
		}
	} else if w.started == nil {
		w.started = &ev
	}
}

// Verdict is the closing line of --watch.
func (w *LogWatcher) Verdict(d time.Duration) (v WatchVerdict) {
	w.tee.Flushed(func() {
		v = WatchVerdict{Duration: d, Lines: w.lines}
		if w.finished != nil {
			v.Finished = *w.finished
			v.Seen = true
		}
		if w.started != nil {
			v.Started = *w.started
			v.StartSeen = true
		}
	})
	return v
}

// WatchVerdict sums up what the log showed.
type WatchVerdict struct {
	Seen      bool // a finished-job line appeared
	Finished  WatchEvent
	StartSeen bool
	Started   WatchEvent
	Duration  time.Duration
	Lines     int
}

// OK reports whether the job finished well (WorkManager's FAILURE is not).
func (v WatchVerdict) OK() bool { return v.Seen && v.Finished.Result != "FAILURE" }

func (v WatchVerdict) String() string {
	if v.Seen {
		switch v.Finished.Library {
		case LibWorkManager:
			m := wmResultRE.Get().FindStringSubmatch(v.Finished.Line)
			return fmt.Sprintf("verdict: WorkManager finished the work with %s (%s ])", v.Finished.Result, m[2])
		case LibBackgroundFetch:
			return "verdict: the background fetch task ran and called finish"
		}
		return "verdict: the job finished"
	}
	if v.StartSeen {
		return fmt.Sprintf("verdict: the job started but no finished-job line was seen within %s (the app must call finish; WorkManager logs \"Worker result\")", v.Duration)
	}
	return fmt.Sprintf("verdict: no finished-job line seen within %s (%d log lines)", v.Duration, v.Lines)
}
