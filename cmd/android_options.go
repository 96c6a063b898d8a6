package cmd

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bgkit/bgkit/internal/cmdutil"
	"github.com/bgkit/bgkit/project"
	"github.com/bgkit/bgkit/trigger"
	"github.com/bgkit/bgkit/trigger/android"
)

// androidOptions are the flags every `bgkit trigger android` command shares.
type androidOptions struct {
	f *cmdutil.Factory

	Serial  string
	Package string
	Timeout time.Duration
	DryRun  bool
	Verbose bool

	// s is the command's session once open chose the device.
	s *android.Session
}

// sayWhichADB tells on stderr which adb bgkit runs (see
// android.WhichADB). Nothing is said when tests run a fake runner.
func sayWhichADB(f *cmdutil.Factory, verbose bool) {
	if _, real := f.CmdRunner().(trigger.ExecRunner); real {
		if say := android.WhichADB(verbose); say != "" {
			fmt.Fprintln(f.IO.ErrOut, say)
		}
	}
}

// check checks the flags every Android command shares and returns the
// serial asked for (--serial, else ANDROID_SERIAL; "" for none).
func (o *androidOptions) check() (string, error) {
	if o.Timeout <= 0 {
		return "", cmdutil.UsageErrorf("--timeout must be positive, such as 30s or 2m")
	}
	serial, err := android.WantedSerial(o.Serial, o.f.Env)
	var se *android.SerialError
	if errors.As(err, &se) {
		from := "--serial"
		if se.From == android.SerialFromEnv {
			from = "ANDROID_SERIAL"
		}
		return "", cmdutil.UsageErrorf("%s: %v", from, se.Err)
	}
	return serial, err
}

// open chooses the device (see android.Session.Device) for a command that
// watches the app's log for watch afterwards (0: not at all).
func (o *androidOptions) open(ctx context.Context, serial string, watch time.Duration) (*android.Session, error) {
	o.s = &android.Session{Runner: o.f.CmdRunner(), Timeout: o.Timeout, DryRun: o.DryRun, Watch: watch, Log: o.f.IO.Out,
		Progress: func(s string) { fmt.Fprintln(o.f.IO.ErrOut, s) }}
	if !o.DryRun {
		sayWhichADB(o.f, o.Verbose)
	} else if serial == "" {
		fmt.Fprintf(o.f.IO.ErrOut, "note: no --serial or ANDROID_SERIAL; %s stands for the device bgkit would choose\n", android.PlaceholderSerial)
	}
	if _, err := o.s.Device(ctx, serial); err != nil {
		return nil, err
	}
	return o.s, nil
}

// device is what the commands that act on the device alone start with.
func (o *androidOptions) device(ctx context.Context) (*android.Session, error) {
	serial, err := o.check()
	if err != nil {
		return nil, err
	}
	return o.open(ctx, serial, 0)
}

// appPackage is --package, else the project's application id. Where it came
// from goes to stderr, so a wrong guess is visible.
func (o *androidOptions) appPackage() (string, error) {
	if o.Package != "" {
		if err := android.ValidatePackage(o.Package); err != nil {
			return "", cmdutil.UsageErrorf("--package: %v", err)
		}
		return o.Package, nil
	}
	id, source, err := project.AndroidApplicationID(o.f.Dir.Root())
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
func (o *androidOptions) appOnDevice(ctx context.Context, watch time.Duration) (string, *android.Session, error) {
	serial, err := o.check()
	if err != nil {
		return "", nil, err
	}
	pkg, err := o.appPackage()
	if err != nil {
		return "", nil, err
	}
	s, err := o.open(ctx, serial, watch)
	return pkg, s, err
}

// done ends a command that failed, or a dry run, which prints the
// commands its steps ran, one a line as a shell would need them, and what
// their placeholders stand for. A bad value typed by the user is a usage
// error.
func (o *androidOptions) done(err error) error {
	if s := o.s; s != nil && s.Dry != nil {
		fmt.Fprint(o.f.IO.Out, s.Dry.Script())
		for _, n := range s.Notes {
			fmt.Fprintln(o.f.IO.ErrOut, "note: "+n)
		}
	}
	return usageIfInvalid(err)
}

// usageIfInvalid turns an error about a value the user typed into a usage
// error (exit 2 with a pointer to --help).
func usageIfInvalid(err error) error {
	if android.IsInvalidValue(err) {
		return &cmdutil.UsageError{Err: err}
	}
	return err
}
