// Package suggest picks the names closest to a mistyped one, for the "did
// you mean" of every error that names a choice: commands, flags, formats,
// background modes, permissions.
package suggest

import (
	"sort"
	"strings"

	"github.com/agnivade/levenshtein"
)

// Closest returns the candidates nearest to s, ignoring case: those within
// half its length in edits, rounded up (at least 1, at most 3); failing
// that, those it is a prefix of (from 2 characters); failing that, those
// holding it (from 4 characters). Only the nearest are returned, in the
// order of candidates.
func Closest(s string, candidates []string) []string {
	s = strings.ToLower(s)
	limit := max(1, min(3, (len(s)+1)/2))
	type scored struct {
		name string
		d    int
	}
	var found []scored
	for _, c := range candidates {
		lc := strings.ToLower(c)
		d := levenshtein.ComputeDistance(s, lc)
		switch {
		case d <= limit:
			found = append(found, scored{c, d})
		case len(s) >= 2 && strings.HasPrefix(lc, s):
			found = append(found, scored{c, limit + 1})
		case len(s) >= 4 && strings.Contains(lc, s):
			found = append(found, scored{c, limit + 2})
		}
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].d < found[j].d })
	var out []string
	for _, f := range found {
		if len(out) > 0 && f.d > found[0].d {
			break
		}
		out = append(out, f.name)
	}
	return out
}

// Best is the first of Closest, or "" when no candidate is close.
func Best(s string, candidates []string) string {
	if c := Closest(s, candidates); len(c) > 0 {
		return c[0]
	}
	return ""
}
