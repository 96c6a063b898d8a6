package cmdutil

import (
	"errors"
	"testing"
)

func TestRewordCobra(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"if any flags in the group [json format] are set none of the others can be; [format json] were all set": "--format and --json cannot be used together",
		"at least one of the flags in the group [file target] is required":                                      "give one of --file or --target",
		"if any flags in the group [a b c] are set they must all be set; missing [c]":                           "--a, --b and --c go together: add --c",
		`required flag(s) "bundle" not set`:                                                                     "--bundle is required",
	} {
		err := RewordCobra(errors.New(in))
		var ue *UsageError
		if !errors.As(err, &ue) || err.Error() != want {
			t.Errorf("RewordCobra(%q) = %v, want the usage error %q", in, err, want)
		}
	}
}
