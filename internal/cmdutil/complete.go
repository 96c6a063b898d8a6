package cmdutil

import (
	"slices"
	"strings"
)

// CompleteUnused returns the values that start with prefix and are not
// already on the command line.
func CompleteUnused(values, args []string, prefix string) []string {
	var out []string
	for _, v := range values {
		if strings.HasPrefix(v, prefix) && !slices.Contains(args, v) {
			out = append(out, v)
		}
	}
	return out
}
