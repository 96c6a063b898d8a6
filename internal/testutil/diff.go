package testutil

import (
	"strconv"
	"strings"
	"testing"
)

// CheckMinimalDiff fails unless a unified diff only adds lines, apart from
// lines that only gain text (the comma after a member, a value in a
// one-line array) and lines that hold a value a fix removes (written as a
// JSON string).
func CheckMinimalDiff(t testing.TB, diff string, removedValues ...string) {
	t.Helper()
	var removed, added []string
	for _, l := range strings.Split(diff, "\n") {
		switch {
		case strings.HasPrefix(l, "+++"), strings.HasPrefix(l, "---"):
		case strings.HasPrefix(l, "+"):
			added = append(added, l[1:])
		case strings.HasPrefix(l, "-"):
			removed = append(removed, l[1:])
		}
	}
	if len(added) == 0 {
		t.Fatalf("nothing added:\n%s", diff)
	}
	for _, r := range removed {
		ok := false
		for _, a := range added {
			ok = ok || inserted(r, a)
		}
		for _, v := range removedValues {
			ok = ok || strings.Contains(r, strconv.Quote(v))
		}
		if !ok {
			t.Fatalf("line %q is changed, not only extended:\n%s", r, diff)
		}
	}
}

// inserted reports whether long is short with text inserted (short is a
// subsequence of long): the line only gained text.
func inserted(short, long string) bool {
	i := 0
	for j := 0; j < len(long) && i < len(short); j++ {
		if long[j] == short[i] {
			i++
		}
	}
	return i == len(short)
}
