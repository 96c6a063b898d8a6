// Package cmd holds bgkit's cobra commands. Commands parse flags, call the
// packages that do the work, and render what they return; they are the only
// code that prints or decides exit codes.
package cmd

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/internal/buildinfo"
	"github.com/bgkit/bgkit/internal/iostreams"
	"github.com/bgkit/bgkit/internal/safetext"
	"github.com/bgkit/bgkit/trigger"
)

// Main runs bgkit with the process's arguments and returns the exit code.
//
// SIGINT, SIGTERM and SIGHUP cancel the run: every adb, xcrun or lldb
// process group bgkit started is asked to stop, then killed; bgkit then
// exits with 128 + the signal number (130, 143, 129) as shells expect. A
// second signal ends bgkit at once, killing those groups first.
func Main() int {
	f := &Factory{IO: iostreams.System()}
	ctx, caught, stop := withSignals(context.Background())
	defer stop()
	code := RunContext(ctx, f, os.Args[1:])
	if sig := caught(); sig != 0 {
		return 128 + int(sig)
	}
	return code
}

// withSignals returns a context cancelled by SIGINT, SIGTERM or SIGHUP and
// a function telling which one came first (0 for none).
func withSignals(parent context.Context) (context.Context, func() syscall.Signal, func()) {
	ctx, cancel := context.WithCancel(parent)
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	var first atomic.Int32
	done := make(chan struct{})
	go func() {
		for {
			select {
			case s := <-ch:
				sig := s.(syscall.Signal)
				if !first.CompareAndSwap(0, int32(sig)) {
					trigger.KillRunning()
					os.Exit(128 + int(first.Load()))
				}
				cancel()
			case <-done:
				return
			}
		}
	}()
	stop := func() {
		signal.Stop(ch)
		close(done)
		cancel()
	}
	return ctx, func() syscall.Signal { return syscall.Signal(first.Load()) }, stop
}

// Run runs bgkit with the given arguments and returns the exit code.
func Run(f *Factory, args []string) int {
	return RunContext(context.Background(), f, args)
}

// RunContext is Run with a context that ends the run's external programs
// when it is cancelled.
func RunContext(ctx context.Context, f *Factory, args []string) int {
	root := NewRootCmd(f)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err != nil && isCobraUsageError(err) {
		err = rewordCobra(err)
	}
	if err != nil {
		var ee *ExitError
		if !errors.As(err, &ee) || ee.Err != nil {
			// Errors quote paths and values from files and devices.
			fmt.Fprintf(f.IO.ErrOut, "bgkit: %s\n", safetext.EscapeLines(err.Error()))
		}
		var ue *UsageError
		if errors.As(err, &ue) {
			c, _, ferr := root.Find(args)
			if ferr != nil || c == nil {
				c = root
			}
			fmt.Fprintf(f.IO.ErrOut, "Run '%s --help' for usage.\n", c.CommandPath())
		}
	}
	return exitCode(err)
}

// NewRootCmd builds the command tree.
func NewRootCmd(f *Factory) *cobra.Command {
	var noColor bool
	root := &cobra.Command{
		Use:   "bgkit",
		Short: "Configure, check and trigger background work in mobile apps",
		Long: `bgkit configures, checks and triggers background work in iOS and Android apps.

  patch    plist and manifest edit Info.plist and AndroidManifest.xml with the
           diff a careful human would write
  doctor   finds missing or contradictory background configuration
  trigger  makes background work run now on a simulator, emulator or device

Results go to standard output, diagnostics to standard error. Colour is used
only on a terminal and never when NO_COLOR is set.

` + exitCodesHelp,
		Example: `  bgkit doctor
  bgkit plist add-mode fetch processing
  bgkit manifest add-permission RECEIVE_BOOT_COMPLETED WAKE_LOCK --check
  bgkit trigger fetch --platform android --watch`,
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if fl := cmd.Flags().Lookup("verbose"); fl != nil && fl.Changed && cmd.LocalFlags().Lookup("verbose") == nil {
				return usageErrorf("%s has no verbose output (-v, --verbose is for bgkit doctor)", cmd.CommandPath())
			}
			if noColor {
				f.IO.SetNoColor(true)
			}
			return checkDir(f.Dir)
		},
	}
	root.SetIn(f.IO.In)
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	// --version without -v: -v means --verbose wherever a command has it.
	var showVersion bool
	root.Flags().BoolVar(&showVersion, "version", false, "print bgkit's version (bgkit version says more)")
	root.SetFlagErrorFunc(flagError)
	root.PersistentFlags().StringVarP(&f.Dir, "chdir", "C", "", "run as if bgkit was started in `DIR`")
	root.PersistentFlags().BoolVar(&noColor, "no-color", false, "never use colour (as NO_COLOR does)")
	// -v is --verbose on the commands that have it (doctor), wherever it is
	// written: `bgkit -v doctor` too. This hidden stand-in lets it come
	// before the command name; a command's own --verbose takes its place,
	// and on the others it is a usage error.
	var verbose bool
	root.PersistentFlags().BoolVarP(&verbose, "verbose", "v", false, "")
	root.PersistentFlags().MarkHidden("verbose")
	root.MarkPersistentFlagDirname("chdir")

	root.AddCommand(
		newPlistCmd(f),
		newManifestCmd(f),
		newDoctorCmd(f),
		newDevicesCmd(f),
		newTriggerCmd(f),
		newVersionCmd(f),
	)
	// cobra adds its completion command on Execute; add it now to give it
	// examples like every other command.
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			c.Example = `  bgkit completion bash > /etc/bash_completion.d/bgkit
  bgkit completion zsh > "${fpath[1]}/_bgkit"
  bgkit completion fish > ~/.config/fish/completions/bgkit.fish
  source <(bgkit completion bash)   # this shell only`
		}
	}
	// Unknown subcommands and stray arguments are usage errors (exit 2).
	for _, c := range root.Commands() {
		wrapArgsValidation(c)
	}
	root.Args = func(cmd *cobra.Command, args []string) error {
		if len(args) > 0 {
			return unknownCommand(cmd, args[0])
		}
		return nil
	}
	root.SetHelpCommand(newHelpCmd())
	root.RunE = func(cmd *cobra.Command, args []string) error {
		if verbose {
			return usageErrorf("-v (--verbose) goes with a command that has it: bgkit doctor -v")
		}
		if showVersion {
			fmt.Fprintf(f.IO.Out, "bgkit %s\n", version())
			return nil
		}
		return cmd.Help()
	}
	return root
}

// checkDir refuses a -C DIR that is no folder bgkit can work in (exit 2).
func checkDir(dir string) error {
	if dir == "" {
		return nil
	}
	st, err := os.Stat(dir)
	if err != nil {
		return usageErrorf("-C %s: %v", dir, errors.Unwrap(err))
	}
	if !st.IsDir() {
		return usageErrorf("-C %s: %v", dir, syscall.ENOTDIR)
	}
	// What chdir needs: search permission, which looking up DIR/. takes.
	if _, err := os.Stat(dir + string(os.PathSeparator) + "."); err != nil {
		return usageErrorf("-C %s: %v", dir, errors.Unwrap(err))
	}
	return nil
}

// version is what --version prints.
func version() string { return buildinfo.Read().Short() }
