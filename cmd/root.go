// Package cmd holds bgkit's cobra commands. Commands parse flags, call the
// packages that do the work, and render what they return; they are the only
// code that prints or decides exit codes.
package cmd

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/internal/buildinfo"
	"github.com/bgkit/bgkit/internal/cmdutil"
	"github.com/bgkit/bgkit/internal/iostreams"
)

// Main runs bgkit with the process's arguments and returns the exit code.
//
// SIGINT, SIGTERM and SIGHUP cancel the run: every adb, xcrun or lldb
// process group bgkit started is asked to stop, then killed; bgkit then
// exits with 128 + the signal number (130, 143, 129) as shells expect. A
// second signal ends bgkit at once, killing those groups first.
func Main() int {
	f := &cmdutil.Factory{IO: iostreams.System()}
	ctx, caught, stop := cmdutil.WithSignals(context.Background())
	defer stop()
	code := RunContext(ctx, f, os.Args[1:])
	if sig := caught(); sig != 0 {
		return 128 + int(sig)
	}
	return code
}

// Run runs bgkit with the given arguments and returns the exit code.
func Run(f *cmdutil.Factory, args []string) int {
	return RunContext(context.Background(), f, args)
}

// RunContext is Run with a context that ends the run's external programs
// when it is cancelled.
func RunContext(ctx context.Context, f *cmdutil.Factory, args []string) int {
	root := NewRootCmd(f)
	root.SetArgs(args)
	return cmdutil.Finish(root, args, root.ExecuteContext(ctx), f.IO.ErrOut)
}

// NewRootCmd builds the command tree.
func NewRootCmd(f *cmdutil.Factory) *cobra.Command {
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

` + cmdutil.ExitCodesHelp,
		Example: `  bgkit doctor
  bgkit plist add-mode fetch processing
  bgkit manifest add-permission RECEIVE_BOOT_COMPLETED WAKE_LOCK --check
  bgkit trigger fetch --platform android --watch`,
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if fl := cmd.Flags().Lookup("verbose"); fl != nil && fl.Changed && cmd.LocalFlags().Lookup("verbose") == nil {
				return cmdutil.UsageErrorf("%s has no verbose output (-v, --verbose is for bgkit doctor)", cmd.CommandPath())
			}
			if noColor {
				f.IO.SetNoColor(true)
			}
			return cmdutil.CheckDir(string(f.Dir))
		},
	}
	root.SetIn(f.IO.In)
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	// --version without -v: -v means --verbose wherever a command has it.
	var showVersion bool
	root.Flags().BoolVar(&showVersion, "version", false, "print bgkit's version (bgkit version says more)")
	root.SetFlagErrorFunc(cmdutil.FlagError)
	root.PersistentFlags().StringVarP((*string)(&f.Dir), "chdir", "C", "", "run as if bgkit was started in `DIR`")
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
		cmdutil.WrapArgsValidation(c)
	}
	root.Args = func(cmd *cobra.Command, args []string) error {
		if len(args) > 0 {
			return cmdutil.UnknownCommand(cmd, args[0])
		}
		return nil
	}
	root.SetHelpCommand(cmdutil.NewHelpCmd())
	root.RunE = func(cmd *cobra.Command, args []string) error {
		if verbose {
			return cmdutil.UsageErrorf("-v (--verbose) goes with a command that has it: bgkit doctor -v")
		}
		if showVersion {
			fmt.Fprintf(f.IO.Out, "bgkit %s\n", version())
			return nil
		}
		return cmd.Help()
	}
	return root
}

// version is what --version prints.
func version() string { return buildinfo.Read().Short() }
