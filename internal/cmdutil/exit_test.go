package cmdutil

import (
	"errors"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

func TestFinish(t *testing.T) {
	t.Parallel()
	root := &cobra.Command{Use: "bgkit"}
	root.AddCommand(&cobra.Command{Use: "plist"})
	for _, tc := range []struct {
		name   string
		args   []string
		err    error
		code   int
		stderr string
	}{
		{"done", nil, nil, ExitOK, ""},
		{"a silent no", nil, ErrNo, ExitNo, ""},
		{"a failure, escaped", nil, errors.New("Info.plist: bad \x1b[31m"), ExitFailed, "bgkit: Info.plist: bad \\x1b[31m\n"},
		{"a usage error points at the command's help", []string{"plist", "--x"}, UsageErrorf("unknown flag --x"), ExitFailed,
			"bgkit: unknown flag --x\nRun 'bgkit plist --help' for usage.\n"},
		{"cobra's words reworded", nil, errors.New(`required flag(s) "bundle" not set`), ExitFailed,
			"bgkit: --bundle is required\nRun 'bgkit --help' for usage.\n"},
		{"an exit code with a message", nil, &ExitError{Code: ExitNo, Err: errors.New("2 errors")}, ExitNo, "bgkit: 2 errors\n"},
	} {
		var w strings.Builder
		if code := Finish(root, tc.args, tc.err, &w); code != tc.code || w.String() != tc.stderr {
			t.Errorf("%s: exit %d, stderr %q; want %d, %q", tc.name, code, w.String(), tc.code, tc.stderr)
		}
	}
}
