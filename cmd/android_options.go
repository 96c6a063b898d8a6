package cmd

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bgkit/bgkit/project"
	"github.com/bgkit/bgkit/trigger"
	"github.com/bgkit/bgkit/trigger/android"
)

// androidOptions are the flags every `bgkit trigger android` command shares.
type androidOptions struct {
	f *Factory

	Serial  string
	Package string
	Timeout time.Duration
	DryRun  bool
	Verbose bool

	// dry records the steps of --dry-run instead of running them.
	dry *trigger.DryRunner
	// dryNotes explain the placeholders of what dry printed, after it.
	dryNotes []string
}

// sayWhichADB tells on stderr which adb bgkit runs: always when it is not
// the one on PATH (Android Studio's SDK, which it does not put on PATH),
// and with -v in any case. Nothing is said when tests run a fake runner.
func sayWhichADB(f *Factory, verbose bool) {
	if _, real := f.runner().(trigger.ExecRunner); !real {
		return
	}
	loc, ok := android.LocateADB()
	switch {
	case !ok:
	case loc.From != "PATH":
		fmt.Fprintf(f.IO.ErrOut, "using adb from %s (it is not on PATH): %s\n", loc.From, loc.Path)
	case verbose:
		fmt.Fprintf(f.IO.ErrOut, "using adb on PATH: %s\n", loc.Path)
	}
}

// dryRunSerial stands for the device in --dry-run output when none was
// named: finding it would mean running adb.
const dryRunSerial = "SERIAL"

// serialWanted is --serial, else ANDROID_SERIAL.
func (o *androidOptions) serialWanted() (string, error) {
	s := o.Serial
	from := "--serial"
	if s == "" {
		s = strings.TrimSpace(o.f.getenv("ANDROID_SERIAL"))
		from = "ANDROID_SERIAL"
	}
	if s == "" {
		return "", nil
	}
	if err := android.ValidateSerial(s); err != nil {
		return "", usageErrorf("%s: %v", from, err)
	}
	return s, nil
}

func (o *androidOptions) check() error {
	if o.Timeout <= 0 {
		return usageErrorf("--timeout must be positive, such as 30s or 2m")
	}
	_, err := o.serialWanted()
	return err
}

// device chooses the device and returns an ADB for it. With --dry-run the
// ADB runs nothing but records (o.dry), and the serial is --serial,
// ANDROID_SERIAL or a placeholder: listing the devices would mean running adb.
func (o *androidOptions) device(ctx context.Context) (*android.ADB, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	want, _ := o.serialWanted()
	adb := &android.ADB{Runner: o.f.runner(), Timeout: o.Timeout}
	if o.DryRun {
		o.dry = android.NewDryRunner()
		adb.Runner, adb.Serial = o.dry, want
		if want == "" {
			adb.Serial = dryRunSerial
			fmt.Fprintf(o.f.IO.ErrOut, "note: no --serial or ANDROID_SERIAL; %s stands for the device bgkit would choose\n", dryRunSerial)
		}
		return adb, nil
	}
	sayWhichADB(o.f, o.Verbose)
	devices, err := android.ListDevices(ctx, o.f.runner(), o.Timeout)
	if err != nil {
		return nil, err
	}
	d, err := android.SelectDevice(devices, want)
	if err != nil {
		return nil, err
	}
	adb.Serial = d.Serial
	return adb, nil
}

// appPackage is --package, else the project's application id. Where it came
// from goes to stderr, so a wrong guess is visible.
func (o *androidOptions) appPackage() (string, error) {
	if o.Package != "" {
		if err := android.ValidatePackage(o.Package); err != nil {
			return "", usageErrorf("--package: %v", err)
		}
		return o.Package, nil
	}
	id, source, err := project.AndroidApplicationID(o.f.workDir())
	if err != nil {
		var nf *project.NotFoundError
		if errors.As(err, &nf) {
			return "", fmt.Errorf("no --package given and %w", err)
		}
		return "", err
	}
	fmt.Fprintf(o.f.IO.ErrOut, "package %s (from %s)\n", id, source)
	return id, nil
}

// appOnDevice is what most Android triggers start with: the flags checked,
// the app's package (--package or the project's), and the device to use.
func (o *androidOptions) appOnDevice(ctx context.Context) (string, *android.ADB, error) {
	if err := o.check(); err != nil {
		return "", nil, err
	}
	pkg, err := o.appPackage()
	if err != nil {
		return "", nil, err
	}
	adb, err := o.device(ctx)
	if err != nil {
		return "", nil, err
	}
	return pkg, adb, nil
}

// dryRunDone ends a --dry-run: it prints the commands the steps ran, one a
// line as a shell would need them, and returns err (a bad value typed by
// the user is a usage error).
func (o *androidOptions) dryRunDone(err error) error {
	fmt.Fprint(o.f.IO.Out, o.dry.Script())
	for _, n := range o.dryNotes {
		fmt.Fprintln(o.f.IO.ErrOut, "note: "+n)
	}
	return usageIfInvalid(err)
}

// failed ends a command that failed, or a dry run, which prints what it
// recorded.
func (o *androidOptions) failed(err error) error {
	if o.dry != nil {
		return o.dryRunDone(err)
	}
	return err
}

// progress says on stderr what a real run is doing; a dry run says nothing.
func (o *androidOptions) progress() func(string) {
	if o.dry != nil {
		return nil
	}
	return func(s string) { fmt.Fprintln(o.f.IO.ErrOut, s) }
}

// usageIfInvalid turns a trigger validation error into a usage error (exit
// 2 with a pointer to --help): the user typed the bad value.
func usageIfInvalid(err error) error {
	var ie *android.InvalidArgError
	if errors.As(err, &ie) {
		return &UsageError{Err: err}
	}
	return err
}

// orDash shows an empty value as "-" in a table.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
