package cmdutil

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/bgkit/bgkit/internal/suggest"
)

// DidYouMean is " (did you mean X?)" for the closest candidates, or "".
func DidYouMean(s string, candidates []string) string {
	c := suggest.Closest(s, candidates)
	if len(c) == 0 {
		return ""
	}
	return fmt.Sprintf(" (did you mean %s?)", OrList(c))
}

func OrList(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// commandNames lists c's available subcommands and their aliases.
func commandNames(c *cobra.Command) []string {
	var names []string
	for _, s := range c.Commands() {
		if s.IsAvailableCommand() || s.Name() == "help" {
			names = append(names, s.Name())
			names = append(names, s.Aliases...)
		}
	}
	return names
}

// UnknownCommand is the usage error for a mistyped subcommand of c.
func UnknownCommand(c *cobra.Command, name string) error {
	hint := DidYouMean(name, commandNames(c))
	if hint == "" {
		hint = ": want " + SubcommandNames(c)
	}
	return UsageErrorf("unknown command %q for %q%s", name, c.CommandPath(), hint)
}

// FlagError rewords pflag's errors about flags in bgkit's words, with the
// closest flag when one was mistyped and how to write a duration.
func FlagError(c *cobra.Command, err error) error {
	msg := err.Error()
	var names []string
	c.Flags().VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			names = append(names, "--"+f.Name)
		}
	})
	c.InheritedFlags().VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			names = append(names, "--"+f.Name)
		}
	})
	switch {
	case strings.HasPrefix(msg, "unknown flag: "):
		name := strings.TrimPrefix(msg, "unknown flag: ")
		if n, _, ok := strings.Cut(name, "="); ok {
			name = n
		}
		return UsageErrorf("unknown flag %s for %q%s", name, c.CommandPath(), DidYouMean(name, names))
	case strings.HasPrefix(msg, "unknown shorthand flag: "):
		// unknown shorthand flag: 'x' in -xyz
		rest := strings.TrimPrefix(msg, "unknown shorthand flag: ")
		short := strings.Trim(strings.SplitN(rest, " ", 2)[0], "'")
		return UsageErrorf("unknown flag -%s for %q", short, c.CommandPath())
	case strings.HasPrefix(msg, "flag needs an argument: "):
		// "flag needs an argument: --format" or "...: 'o' in -o"
		name := strings.TrimPrefix(msg, "flag needs an argument: ")
		if _, short, ok := strings.Cut(name, "' in "); ok {
			name = short
		}
		return UsageErrorf("%s needs a value (usage: %s)", name, c.UseLine())
	case strings.HasPrefix(msg, "invalid argument "):
		// invalid argument "x" for "--timeout" flag: time: invalid duration "x"
		if strings.Contains(msg, "time: ") {
			var val, flag string
			fmt.Sscanf(msg, "invalid argument %q for %q", &val, &flag)
			return UsageErrorf("%s %s: not a duration: write it as 90s, 2m or 1m30s", flag, val)
		}
		var val, flag string
		if _, serr := fmt.Sscanf(msg, "invalid argument %q for %q", &val, &flag); serr == nil {
			_, why, _ := strings.Cut(msg, " flag: ")
			switch {
			case strings.Contains(why, "ParseBool"):
				why = "want true or false (or the flag alone)"
			case strings.Contains(why, "ParseInt"), strings.Contains(why, "ParseUint"):
				why = "want a whole number"
			}
			return UsageErrorf("%s %s: %s", flag, val, why)
		}
	}
	return &UsageError{Err: err}
}

// NewHelpCmd replaces cobra's help command, which shows the root's help for
// a topic it does not know: bgkit says so, with the closest names.
func NewHelpCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		Long:  "help prints the help of a command: bgkit help doctor is bgkit doctor --help.",
		ValidArgsFunction: func(c *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			target, _, err := c.Root().Find(args)
			if err != nil || target == nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var out []string
			for _, s := range target.Commands() {
				if s.IsAvailableCommand() && strings.HasPrefix(s.Name(), toComplete) {
					out = append(out, s.Name()+"\t"+s.Short)
				}
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(c *cobra.Command, args []string) error {
			target := c.Root()
			for _, a := range args {
				var next *cobra.Command
				for _, s := range target.Commands() {
					if s.Name() == a || s.HasAlias(a) {
						next = s
						break
					}
				}
				if next == nil {
					return UnknownCommand(target, a)
				}
				target = next
			}
			return target.Help()
		},
	}
}
