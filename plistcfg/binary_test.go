package plistcfg

import (
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"howett.net/plist"
)

// sharedArrays builds a binary plist {"k": A0} where array Ai holds two
// references to A(i+1) and the last one holds "a": 2^depth values once
// decoded, in a few bytes per level. With cycle, the last array refers to
// the first instead.
func sharedArrays(depth int, cycle bool) []byte {
	n := depth + 3 // the root dict, the arrays, "a", "k"
	aObj, kObj := byte(n-2), byte(n-1)
	out := []byte("bplist00")
	var offsets []int
	offsets = append(offsets, len(out))
	out = append(out, 0xD1, kObj, 1)
	for i := 1; i <= depth; i++ {
		offsets = append(offsets, len(out))
		next := byte(i + 1)
		if i == depth {
			next = aObj
			if cycle {
				next = 1
			}
		}
		out = append(out, 0xA2, next, next)
	}
	offsets = append(offsets, len(out))
	out = append(out, 0x51, 'a')
	offsets = append(offsets, len(out))
	out = append(out, 0x51, 'k')
	table := len(out)
	for _, off := range offsets {
		out = binary.BigEndian.AppendUint16(out, uint16(off))
	}
	trailer := make([]byte, 32)
	trailer[6], trailer[7] = 2, 1
	binary.BigEndian.PutUint64(trailer[8:], uint64(n))
	binary.BigEndian.PutUint64(trailer[24:], uint64(table))
	return append(out, trailer...)
}

// TestBinarySharedObjects: a binary plist of a few hundred bytes whose
// shared objects decode to billions of values, or that contains itself, is
// refused by every entry point, before the decoder expands it.
func TestBinarySharedObjects(t *testing.T) {
	small := sharedArrays(4, false)
	var v any
	if _, err := plist.Unmarshal(small, &v); err != nil {
		t.Fatalf("the builder makes an invalid plist: %v", err)
	}
	if _, err := Parse("small.plist", small); err != nil {
		t.Fatalf("a small shared plist is refused: %v", err)
	}
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		// 2^21 values: over the limit, yet quick enough for the decoder
		// to finish when the check is missing.
		{"expands", sharedArrays(21, false), "decode to more than"},
		{"cycle", sharedArrays(3, true), "contain themselves"},
	} {
		for what, run := range map[string]func() error{
			"Parse":      func() error { _, err := Parse("x.plist", tc.data); return err },
			"AddStrings": func() error { _, err := AddStrings("x.plist", tc.data, KeyBackgroundModes, "fetch"); return err },
			"XMLText":    func() error { _, err := XMLText("x.plist", tc.data); return err },
		} {
			err := run()
			var pe *ParseError
			if !errors.As(err, &pe) || !strings.HasPrefix(err.Error(), "x.plist: ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s %s: err = %v, want a ParseError naming the file and %q", tc.name, what, err, tc.want)
			}
		}
	}
}
