// Package suggest picks the names closest to a mistyped one, for the "did
// you mean" of every error that names a choice: commands, flags, formats,
// doctor rule ids, background modes, permissions.
package suggest

import (
	"sort"
	"strings"

	"github.com/agnivade/levenshtein"
)

// Closest returns the candidates nearest to s, ignoring case, best first
// and in the order of candidates among equals. Nearest are, in this order:
// those within 2 edits of s; those s begins (from 2 characters of s); those
// 3 edits away, when s is long enough for that to be close (an edit per two
// characters of s, rounded up, at most 3); those s begins with (from 4
// characters of theirs); and, when none of that is found, those holding s
// (from 4 characters).
func Closest(s string, candidates []string) []string {
	s = strings.ToLower(s)
	limit := max(1, min(3, (len(s)+1)/2))
	const far = 1 << 30
	type scored struct {
		name  string
		score int
	}
	var found []scored
	for _, c := range candidates {
		lc := strings.ToLower(c)
		score := far
		if d := levenshtein.ComputeDistance(s, lc); d <= limit {
			score = 2 * d
		}
		if len(s) >= 2 && strings.HasPrefix(lc, s) {
			score = min(score, 5)
		}
		if len(lc) >= 4 && strings.HasPrefix(s, lc) {
			score = min(score, 7)
		}
		if score == far && len(s) >= 4 && strings.Contains(lc, s) {
			score = 9
		}
		if score < far {
			found = append(found, scored{c, score})
		}
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].score < found[j].score })
	var out []string
	for _, f := range found {
		if len(out) > 0 && f.score > found[0].score {
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
