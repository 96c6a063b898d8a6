// Package cmd holds bgkit's cobra commands. Commands parse flags, call the
// packages that do the work, and render what they return; they are the only
// code that prints or decides exit codes.
package cmd

import (
	"errors"
	"fmt"
	"github.com/bgkit/bgkit/internal/buildinfo"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/internal/iostreams"
	"github.com/bgkit/bgkit/trigger"
)

// Factory holds what commands depend on, so tests can replace it.
type Factory struct {
	IO *iostreams.IOStreams
	// Getenv reads the environment (ANDROID_SERIAL and friends).
	Getenv func(string) string
	// Runner runs adb and xcrun. Nil means the real one.
	Runner trigger.Runner
}

func (f *Factory) runner() trigger.Runner {
	if f.Runner == nil {
		f.Runner = trigger.ExecRunner{}
	}
	return f.Runner
}

func (f *Factory) getenv(key string) string {
	if f.Getenv == nil {
		return os.Getenv(key)
	}
	return f.Getenv(key)
}

// Main runs bgkit with the process's arguments and returns the exit code.
func Main() int {
	f := &Factory{IO: iostreams.System()}
	return Run(f, os.Args[1:])
}

// Run runs bgkit with the given arguments and returns the exit code.
func Run(f *Factory, args []string) int {
	root := NewRootCmd(f)
	root.SetArgs(args)
	err := root.Execute()
	if err != nil {
		var ee *ExitError
		if !errors.As(err, &ee) || ee.Err != nil {
			fmt.Fprintf(f.IO.ErrOut, "bgkit: %v\n", err)
		}
		var ue *UsageError
		if errors.As(err, &ue) || isCobraUsageError(err) {
			c, _, ferr := root.Find(args)
			if ferr != nil || c == nil {
				c = root
			}
			fmt.Fprintf(f.IO.ErrOut, "Run '%s --help' for usage.\n", c.CommandPath())
		}
	}
	return exitCode(err)
}

// isCobraUsageError recognises the mistakes cobra reports itself, before a
// command runs: an unknown command, or flags that cannot go together.
func isCobraUsageError(err error) bool {
	msg := err.Error()
	for _, prefix := range []string{"unknown command", "if any flags in the group", "required flag(s)", "at least one of the flags in the group"} {
		if strings.HasPrefix(msg, prefix) {
			return true
		}
	}
	return false
}

// NewRootCmd builds the command tree.
func NewRootCmd(f *Factory) *cobra.Command {
	var chdir string
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
		Version:       version(),
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if noColor {
				f.IO.SetNoColor(true)
			}
			if chdir != "" {
				if err := os.Chdir(chdir); err != nil {
					return usageErrorf("-C %s: %v", chdir, errors.Unwrap(err))
				}
			}
			return nil
		},
	}
	root.SetIn(f.IO.In)
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	root.SetVersionTemplate("bgkit {{.Version}}\n")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return &UsageError{Err: err} })
	root.PersistentFlags().StringVarP(&chdir, "chdir", "C", "", "run as if bgkit was started in `DIR`")
	root.PersistentFlags().BoolVar(&noColor, "no-color", false, "never use colour (as NO_COLOR does)")
	root.MarkPersistentFlagDirname("chdir")

	root.AddCommand(
		newPlistCmd(f),
		newManifestCmd(f),
		newDoctorCmd(f),
		newDevicesCmd(f),
		newTriggerCmd(f),
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
	return root
}

// wrapArgsValidation turns cobra's argument errors into usage errors.
func wrapArgsValidation(c *cobra.Command) {
	for _, sub := range c.Commands() {
		wrapArgsValidation(sub)
	}
	if c.Args == nil {
		if c.HasSubCommands() && c.Run == nil && c.RunE == nil {
			c.Args = func(cmd *cobra.Command, args []string) error {
				if len(args) > 0 {
					return usageErrorf("unknown command %q for %q", args[0], cmd.CommandPath())
				}
				return nil
			}
			c.RunE = func(cmd *cobra.Command, args []string) error {
				return usageErrorf("%s needs a subcommand: %s", cmd.CommandPath(), subcommandNames(cmd))
			}
		}
		return
	}
	inner := c.Args
	c.Args = func(cmd *cobra.Command, args []string) error {
		if err := inner(cmd, args); err != nil {
			var ue *UsageError
			if errors.As(err, &ue) {
				return err
			}
			return &UsageError{Err: err}
		}
		return nil
	}
}

func subcommandNames(c *cobra.Command) string {
	var names []string
	for _, s := range c.Commands() {
		if s.IsAvailableCommand() {
			names = append(names, s.Name())
		}
	}
	return strings.Join(names, ", ")
}

// version is what --version prints.
func version() string { return buildinfo.Read().Short() }
