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

// oneValue builds a binary plist {"X": v} where v is the raw object bytes.
func oneValue(v []byte) []byte {
	out := []byte("bplist00")
	offsets := []int{len(out)}
	out = append(out, 0xD1, 1, 2)
	offsets = append(offsets, len(out))
	out = append(out, 0x51, 'X')
	offsets = append(offsets, len(out))
	out = append(out, v...)
	table := len(out)
	for _, off := range offsets {
		out = binary.BigEndian.AppendUint16(out, uint16(off))
	}
	trailer := make([]byte, 32)
	trailer[6], trailer[7] = 2, 1
	binary.BigEndian.PutUint64(trailer[8:], 3)
	binary.BigEndian.PutUint64(trailer[24:], uint64(table))
	return append(out, trailer...)
}

// TestBinaryValuesBgkitCannotKeep: values the decoder would turn into
// something else make an edit refuse, naming what it is.
func TestBinaryValuesBgkitCannotKeep(t *testing.T) {
	int128 := append([]byte{0x14}, make([]byte, 16)...)
	int128[1], int128[16] = 0x01, 0x02 // 2^120 + 2
	uint64Max := append([]byte{0x14}, make([]byte, 8)...)
	uint64Max = append(uint64Max, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF)
	nan := []byte{0x23, 0x7F, 0xF8, 0, 0, 0, 0, 0, 1}
	for name, tc := range map[string]struct {
		v    []byte
		want string // "" when the edit must succeed
	}{
		"128-bit integer":    {int128, "an integer wider than 64 bits"},
		"lone surrogate":     {[]byte{0x62, 0x00, 'a', 0xD8, 0x00}, "invalid UTF-16"},
		"lone low surrogate": {[]byte{0x61, 0xDC, 0x00}, "invalid UTF-16"},
		"NaN":                {nan, "NaN"},
		"high ASCII":         {[]byte{0x51, 0xE9}, "byte over 0x7f"},
		"surrogate pair":     {[]byte{0x62, 0xD8, 0x3D, 0xDE, 0x00}, ""},
		"8-byte integer":     {[]byte{0x13, 0x7F, 0, 0, 0, 0, 0, 0, 1}, ""},
		"uint64 max":         {uint64Max, ""},
		"real":               {[]byte{0x23, 0x3F, 0xF0, 0, 0, 0, 0, 0, 0}, ""},
	} {
		t.Run(name, func(t *testing.T) {
			data := oneValue(tc.v)
			var before map[string]any
			if _, err := plist.Unmarshal(data, &before); err != nil {
				t.Fatalf("the fixture does not decode: %v", err)
			}
			out, err := AddStrings("Info.plist", data, KeyBackgroundModes, "fetch")
			if tc.want == "" {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				var after map[string]any
				if _, err := plist.Unmarshal(out, &after); err != nil || !sameValue(after["X"], before["X"]) {
					t.Fatalf("X was %#v, is %#v (%v)", before["X"], after["X"], err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "cannot write back exactly") {
				t.Fatalf("err = %v, want a refusal naming %q", err, tc.want)
			}
		})
	}
}

// FuzzBinaryValues: whatever object a binary plist holds, an edit either
// refuses or keeps that object's decoded value, and the check never panics.
func FuzzBinaryValues(f *testing.F) {
	f.Add([]byte{0x14, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2})
	f.Add([]byte{0x62, 0x00, 'a', 0xD8, 0x00})
	f.Add([]byte{0x23, 0x7F, 0xF8, 0, 0, 0, 0, 0, 1})
	f.Add([]byte{0x6F, 0x10, 0x02, 0xD8, 0x3D, 0xDE, 0x00})
	f.Add([]byte{0x5F, 0x10, 0x01, 'a'})
	f.Fuzz(func(t *testing.T, v []byte) {
		data := oneValue(v)
		checkBinaryValues("f.plist", data)
		var before map[string]any
		if _, err := plist.Unmarshal(data, &before); err != nil {
			return
		}
		out, err := AddStrings("f.plist", data, KeyBackgroundModes, "fetch")
		if err != nil {
			return
		}
		var after map[string]any
		if _, err := plist.Unmarshal(out, &after); err != nil || !sameValue(after["X"], before["X"]) {
			t.Fatalf("X was %#v, is %#v (%v)", before["X"], after["X"], err)
		}
		if err := checkBinaryValues("f.plist", out); err != nil {
			t.Fatalf("bgkit wrote a value it refuses: %v", err)
		}
	})
}
