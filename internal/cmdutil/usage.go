package cmdutil

import (
	"errors"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/bgkit/bgkit/internal/lazyre"
)

// IsCobraUsageError recognises the mistakes cobra reports itself, before a
// command runs: an unknown command, or flags that cannot go together.
func IsCobraUsageError(err error) bool {
	msg := err.Error()
	for _, prefix := range []string{"unknown command", "if any flags in the group", "required flag(s)", "at least one of the flags in the group"} {
		if strings.HasPrefix(msg, prefix) {
			return true
		}
	}
	return false
}

// WrapArgsValidation puts cobra's argument errors in bgkit's words, as
// usage errors: a mistyped subcommand gets the closest names, a stray
// argument that is a duration says how to write the flag that wanted it.
func WrapArgsValidation(c *cobra.Command) {
	for _, sub := range c.Commands() {
		WrapArgsValidation(sub)
	}
	noteDurationFlags(c)
	if c.HasSubCommands() && c.Run == nil && c.RunE == nil {
		c.Args = func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return UnknownCommand(cmd, args[0])
			}
			return nil
		}
		c.RunE = func(cmd *cobra.Command, args []string) error {
			return UsageErrorf("%s needs a subcommand: %s", cmd.CommandPath(), SubcommandNames(cmd))
		}
		return
	}
	if c.Args == nil {
		c.Args = cobra.ArbitraryArgs
	}
	inner := c.Args
	c.Args = func(cmd *cobra.Command, args []string) error {
		if err := durationArg(cmd, args); err != nil {
			return err
		}
		if err := inner(cmd, args); err != nil {
			var ue *UsageError
			if errors.As(err, &ue) {
				return err
			}
			return argsError(cmd, args, err)
		}
		return nil
	}
}

// durationFlags are the flags that take an optional duration
// (--watch[=DURATION]): their value cannot follow a space.
func durationFlags(c *cobra.Command) []*pflag.Flag {
	var fs []*pflag.Flag
	c.Flags().VisitAll(func(f *pflag.Flag) {
		if f.NoOptDefVal != "" && f.Value.Type() == "duration" {
			fs = append(fs, f)
		}
	})
	return fs
}

// noteDurationFlags makes the help of every such flag say how to write it.
func noteDurationFlags(c *cobra.Command) {
	for _, f := range durationFlags(c) {
		if !strings.Contains(f.Usage, "with =") {
			f.Usage += "; write --" + f.Name + "=30s, with ="
		}
	}
}

// durationArg catches `--watch 1m`: the flag took its default and 1m was
// left as an argument.
func durationArg(c *cobra.Command, args []string) error {
	for _, f := range durationFlags(c) {
		if !f.Changed {
			continue
		}
		for _, a := range args {
			// "0" parses as a duration too, but is more likely a job id.
			if _, err := time.ParseDuration(a); err == nil && strings.ContainsAny(a, "hmnsuµ") {
				return UsageErrorf("%q looks like the --%s duration: write it as --%s=%s", a, f.Name, f.Name, a)
			}
		}
	}
	return nil
}

var (
	reAtLeast = lazyre.New(`^requires at least (\d+) arg\(s\), only received (\d+)$`)
	reAtMost  = lazyre.New(`^accepts at most (\d+) arg\(s\), received (\d+)$`)
	reExact   = lazyre.New(`^accepts (\d+) arg\(s\), received (\d+)$`)
	reBetween = lazyre.New(`^accepts between (\d+) and (\d+) arg\(s\), received (\d+)$`)
	reInvalid = lazyre.New(`^invalid argument "(.*)" for "(.*)"$`)
)

// argsError rewords cobra's argument errors.
func argsError(c *cobra.Command, args []string, err error) error {
	msg := err.Error()
	use := strings.TrimPrefix(c.UseLine(), "")
	arguments := func(n string) string {
		if n == "1" {
			return "1 argument"
		}
		return n + " arguments"
	}
	switch {
	case strings.HasPrefix(msg, "unknown command "):
		return UsageErrorf("%s takes no arguments, but got %q (usage: %s)", c.CommandPath(), strings.Join(args, " "), use)
	case reAtLeast.Get().MatchString(msg):
		m := reAtLeast.Get().FindStringSubmatch(msg)
		return UsageErrorf("%s needs at least %s (usage: %s)", c.CommandPath(), arguments(m[1]), use)
	case reAtMost.Get().MatchString(msg):
		m := reAtMost.Get().FindStringSubmatch(msg)
		return UsageErrorf("%s takes at most %s, but got %s: %s (usage: %s)", c.CommandPath(), arguments(m[1]), m[2], strings.Join(args, " "), use)
	case reExact.Get().MatchString(msg):
		m := reExact.Get().FindStringSubmatch(msg)
		return UsageErrorf("%s needs exactly %s, but got %s (usage: %s)", c.CommandPath(), arguments(m[1]), m[2], use)
	case reBetween.Get().MatchString(msg):
		m := reBetween.Get().FindStringSubmatch(msg)
		return UsageErrorf("%s needs %s to %s arguments, but got %s (usage: %s)", c.CommandPath(), m[1], m[2], m[3], use)
	case reInvalid.Get().MatchString(msg):
		m := reInvalid.Get().FindStringSubmatch(msg)
		return UsageErrorf("%s: %q is not one of %s%s", c.CommandPath(), m[1], strings.Join(c.ValidArgs, ", "), DidYouMean(m[1], c.ValidArgs))
	}
	return &UsageError{Err: err}
}

var (
	reExclusive = lazyre.New(`^if any flags in the group \[(.*)\] are set none of the others can be; \[(.*)\] were all set$`)
	reOneOf     = lazyre.New(`^at least one of the flags in the group \[(.*)\] is required$`)
	reTogether  = lazyre.New(`^if any flags in the group \[(.*)\] are set they must all be set; missing \[(.*)\]$`)
	reRequired  = lazyre.New(`^required flag\(s\) (.*) not set$`)
)

func dashed(list string) []string {
	var out []string
	for _, f := range strings.Fields(list) {
		out = append(out, "--"+strings.Trim(f, `"`))
	}
	return out
}

func AndList(names []string) string {
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// RewordCobra puts the errors cobra returns from Execute itself (flag
// groups, required flags) in bgkit's words.
func RewordCobra(err error) error {
	msg := err.Error()
	switch {
	case reExclusive.Get().MatchString(msg):
		m := reExclusive.Get().FindStringSubmatch(msg)
		return UsageErrorf("%s cannot be used together", AndList(dashed(m[2])))
	case reOneOf.Get().MatchString(msg):
		return UsageErrorf("give one of %s", OrList(dashed(reOneOf.Get().FindStringSubmatch(msg)[1])))
	case reTogether.Get().MatchString(msg):
		m := reTogether.Get().FindStringSubmatch(msg)
		return UsageErrorf("%s go together: add %s", AndList(dashed(m[1])), AndList(dashed(m[2])))
	case reRequired.Get().MatchString(msg):
		return UsageErrorf("%s is required", AndList(dashed(strings.ReplaceAll(reRequired.Get().FindStringSubmatch(msg)[1], ",", " "))))
	case strings.HasPrefix(msg, "unknown command "):
		return &UsageError{Err: err}
	}
	return err
}

func SubcommandNames(c *cobra.Command) string {
	var names []string
	for _, s := range c.Commands() {
		if s.IsAvailableCommand() {
			names = append(names, s.Name())
		}
	}
	return strings.Join(names, ", ")
}
