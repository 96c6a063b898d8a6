package doctor

import (
	"fmt"
	"strconv"
	"strings"
)

// Library facts that changed over time hold for a range of versions. bgkit
// judges the installed version (from a lock file) or, without one, the
// declared range; when neither settles it, the fact is "unknown" and a rule
// may say so, never more than a warning.

// since is a library fact that holds from From (inclusive) to Until
// (exclusive; "" for no end), with the source that says so.
type since struct {
	From, Until string
	Source      string
}

type tristate int

const (
	unknown tristate = iota
	yes
	no
)

// holds says whether the fact holds for the library as installed or
// declared, and which version was judged.
func (s since) holds(l libUse) (tristate, string) {
	if v, ok := parseVersion(l.Lib.Installed); ok {
		return s.contains(v), fmt.Sprintf("installed %s (%s)", l.Lib.Installed, l.Lib.InstalledFrom)
	}
	lo, hi, ok := parseRange(l.Lib.Version)
	if !ok {
		return unknown, fmt.Sprintf("declared %q (%s), and no lock file says what is installed", l.Lib.Version, l.loc())
	}
	from, _ := parseVersion(s.From)
	until, bounded := parseVersion(s.Until)
	where := fmt.Sprintf("declared %s (%s)", l.Lib.Version, l.loc())
	switch {
	case cmpVersion(lo, from) >= 0 && (!bounded || hi != nil && cmpVersion(hi, until) <= 0):
		return yes, where
	case hi != nil && cmpVersion(hi, from) <= 0, bounded && cmpVersion(lo, until) >= 0:
		return no, where
	}
	return unknown, where
}

func (s since) contains(v []int) tristate {
	from, _ := parseVersion(s.From)
	if cmpVersion(v, from) < 0 {
		return no
	}
	if until, ok := parseVersion(s.Until); ok && cmpVersion(v, until) >= 0 {
		return no
	}
	return yes
}

func (s since) String() string {
	if s.Until == "" {
		return "from " + s.From
	}
	return fmt.Sprintf("from %s before %s", s.From, s.Until)
}

// parseVersion reads "1.2.3" (a leading v, prerelease and build suffixes
// ignored; missing parts are 0).
func parseVersion(s string) ([]int, bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "v")
	if i := strings.IndexAny(s, "-+ "); i >= 0 {
		s = s[:i]
	}
	if s == "" {
		return nil, false
	}
	parts := strings.Split(s, ".")
	if len(parts) > 3 {
		return nil, false
	}
	v := make([]int, 3)
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return nil, false
		}
		v[i] = n
	}
	return v, true
}

// parseRange turns a declared npm/pub range into [lo, hi) (hi nil: no
// upper bound): "1.2.3", "^1.2.3", "~1.2.3", ">=1.2.3", "1.x", "1.2.x".
// Ranges with alternatives or tags ("dev", "workspace:^", git URLs) are
// not understood.
func parseRange(r string) (lo, hi []int, ok bool) {
	r = strings.TrimSpace(r)
	if r == "" || strings.ContainsAny(r, "|:/ <") || r == "*" {
		return nil, nil, false
	}
	switch {
	case strings.HasPrefix(r, ">="):
		v, ok := parseVersion(r[2:])
		return v, nil, ok
	case strings.HasPrefix(r, "^"):
		v, ok := parseVersion(r[1:])
		if !ok {
			return nil, nil, false
		}
		switch {
		case v[0] > 0:
			return v, []int{v[0] + 1, 0, 0}, true
		case v[1] > 0:
			return v, []int{0, v[1] + 1, 0}, true
		}
		return v, []int{0, 0, v[2] + 1}, true
	case strings.HasPrefix(r, "~"):
		v, ok := parseVersion(strings.TrimPrefix(r[1:], ">"))
		if !ok {
			return nil, nil, false
		}
		return v, []int{v[0], v[1] + 1, 0}, true
	}
	r = strings.TrimPrefix(r, "=")
	if x := strings.Index(r, ".x"); x >= 0 || strings.HasSuffix(r, ".*") {
		if x < 0 {
			x = len(r) - 2
		}
		v, ok := parseVersion(r[:x])
		if !ok {
			return nil, nil, false
		}
		if strings.Count(r[:x], ".") == 0 {
			return v, []int{v[0] + 1, 0, 0}, true
		}
		return v, []int{v[0], v[1] + 1, 0}, true
	}
	v, ok := parseVersion(r)
	if !ok {
		return nil, nil, false
	}
	return v, []int{v[0], v[1], v[2] + 1}, true
}

func cmpVersion(a, b []int) int {
	for i := 0; i < 3; i++ {
		var x, y int
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}
