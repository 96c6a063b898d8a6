package textedit

import (
	"strings"
	"testing"
)

func TestApply(t *testing.T) {
	data := []byte("0123456789")
	tests := []struct {
		name string
		sp   []Splice
		want string
		err  string
	}{
		{"none", nil, "0123456789", ""},
		{"insert", []Splice{{3, 3, "x"}}, "012x3456789", ""},
		{"replace", []Splice{{3, 5, "x"}}, "012x56789", ""},
		{"out of order", []Splice{{8, 9, ""}, {1, 1, "a"}}, "0a12345679", ""},
		{"insert before delete at one offset", []Splice{{2, 4, ""}, {2, 2, "x"}}, "01x456789", ""},
		{"overlapping deletions merge", []Splice{{2, 5, ""}, {4, 7, ""}}, "01789", ""},
		{"text inside a deletion", []Splice{{2, 5, ""}, {3, 4, "x"}}, "", "overlapping"},
		{"outside", []Splice{{9, 11, ""}}, "", "outside"},
		{"backwards", []Splice{{5, 4, ""}}, "", "outside"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Apply(data, tt.sp)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("Apply = %q, %v; want an error with %q", got, err, tt.err)
				}
				return
			}
			if err != nil || string(got) != tt.want {
				t.Fatalf("Apply = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

// naiveLine counts line breaks ("\r\n", "\n", lone "\r") before p; the
// "\n" of a "\r\n" belongs to the line the "\r" ends.
func naiveLine(data []byte, p int) int {
	if p > 0 && p < len(data) && data[p] == '\n' && data[p-1] == '\r' {
		p--
	}
	line := 1
	for i := 0; i < p && i < len(data); i++ {
		if data[i] == '\r' || data[i] == '\n' && (i == 0 || data[i-1] != '\r') {
			line++
		}
	}
	return line
}

func TestLines(t *testing.T) {
	data := []byte("a\nb\r\nc\rd\r\re")
	// offsets: a0 \n1 b2 \r3 \n4 c5 \r6 d7 \r8 \r9 e10
	want := map[int]int{0: 1, 1: 1, 2: 2, 3: 2, 4: 2, 5: 3, 6: 3, 7: 4, 8: 4, 9: 5, 10: 6, 11: 6}
	for _, order := range [][]int{{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, {11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0}, {5, 0, 10, 3, 4, 9}} {
		l := NewLines(data)
		for _, p := range order {
			if got := l.Line(p); got != want[p] {
				t.Errorf("Line(%d) = %d, want %d (order %v)", p, got, want[p], order)
			}
		}
	}
	if line, col := NewLines(data).LineCol(7); line != 4 || col != 1 {
		t.Errorf("LineCol(7) = %d, %d; want 4, 1", line, col)
	}
	if line, col := NewLines([]byte("ab\ncé d")).LineCol(7); line != 2 || col != 4 {
		t.Errorf("LineCol counts runes: got %d, %d; want 2, 4", line, col)
	}
}

func TestLineHelpers(t *testing.T) {
	data := []byte("x\r  \ty z\r\n")
	if got := LineStart(data, 6); got != 2 {
		t.Errorf("LineStart = %d, want 2", got)
	}
	if got := LineEnd(data, 3); got != 8 {
		t.Errorf("LineEnd = %d, want 8", got)
	}
	if got := BreakLen(data, 8); got != 2 {
		t.Errorf("BreakLen = %d, want 2", got)
	}
	if got := Indent(data, 7); got != "  \t" {
		t.Errorf("Indent = %q", got)
	}
	if ind, first := LeadingSpace(data, 5); ind != "  \t" || !first {
		t.Errorf("LeadingSpace = %q, %v", ind, first)
	}
	if _, first := LeadingSpace(data, 7); first {
		t.Error("LeadingSpace: z is not first on its line")
	}
	for in, want := range map[string]string{"": "\n", "a\r\nb\r\nc\n": "\r\n", "a\rb\rc\n": "\r", "a\nb\r\n": "\n"} {
		if got := EOL([]byte(in)); got != want {
			t.Errorf("EOL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFirstEOL(t *testing.T) {
	for in, want := range map[string]string{"": "\n", "a\r\nb\n": "\r\n", "a\nb\r\n": "\n", "\n": "\n", "a\rb\r\n": "\r\n"} {
		if got := FirstEOL([]byte(in)); got != want {
			t.Errorf("FirstEOL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLineOf(t *testing.T) {
	src := "a\nb\r\nc\rd"
	for off, want := range map[int]int{0: 1, 2: 2, 4: 2, 5: 3, 7: 4, 8: 4, 99: 4, -1: 1} {
		if got := LineOf(src, off); got != want {
			t.Errorf("LineOf(%d) = %d, want %d", off, got, want)
		}
		if off >= 0 && off <= len(src) {
			if got := NewLines([]byte(src)).Line(off); got != want {
				t.Errorf("Lines.Line(%d) = %d, want %d", off, got, want)
			}
		}
	}
}

func FuzzLines(f *testing.F) {
	f.Add([]byte("a\nb\r\nc\rd\r\re"), uint16(3), uint16(9))
	f.Add([]byte("\r\n\r\n"), uint16(1), uint16(0))
	f.Fuzz(func(t *testing.T, data []byte, p, q uint16) {
		l := NewLines(data)
		for _, off := range []int{int(p) % (len(data) + 1), int(q) % (len(data) + 1)} {
			if got, want := LineOf(string(data), off), naiveLine(data, off); got != want {
				t.Fatalf("LineOf(%d) = %d, want %d in %q", off, got, want, data)
			}
			if got, want := l.Line(off), naiveLine(data, off); got != want {
				t.Fatalf("Line(%d) = %d, want %d in %q", off, got, want, data)
			}
			if got, want := l.Line(off), CountBreaks(data[:LineStart(data, off)])+1; got != want && !(off < len(data) && data[off] == '\n' && off > 0 && data[off-1] == '\r') {
				t.Fatalf("Line(%d) = %d, LineStart says %d in %q", off, got, want, data)
			}
		}
	})
}

func FuzzApply(f *testing.F) {
	f.Add([]byte("0123456789"), uint8(2), uint8(5), "x", uint8(4), uint8(7), "")
	f.Add([]byte("abc"), uint8(1), uint8(1), "y", uint8(0), uint8(3), "")
	f.Fuzz(func(t *testing.T, data []byte, s1, e1 uint8, t1 string, s2, e2 uint8, t2 string) {
		sp := []Splice{{int(s1), int(e1), t1}, {int(s2), int(e2), t2}}
		out, err := Apply(data, sp)
		if err != nil {
			return
		}
		// Every byte outside the deletions survives, in order, and every
		// text is written.
		kept := 0
		for i := range data {
			if !(i >= sp[0].Start && i < sp[0].End) && !(i >= sp[1].Start && i < sp[1].End) {
				kept++
			}
		}
		if len(out) != kept+len(t1)+len(t2) {
			t.Fatalf("Apply(%q, %v) = %q: %d bytes, want %d", data, sp, out, len(out), kept+len(t1)+len(t2))
		}
	})
}

func TestSteps(t *testing.T) {
	tests := []struct {
		name  string
		pairs [][2]string
		unit  string
		ok    bool
		flat  bool
		below map[string]string
	}{
		{name: "nothing"},
		{name: "one step", pairs: [][2]string{{"", "  "}, {"  ", "    "}}, unit: "  ", ok: true},
		{name: "most common wins", pairs: [][2]string{{"", "\t"}, {"", "  "}, {"  ", "    "}}, unit: "  ", ok: true},
		{name: "tie goes to the first seen", pairs: [][2]string{{"", "    "}, {"", "  "}}, unit: "    ", ok: true},
		{name: "flat", pairs: [][2]string{{"", ""}, {"", ""}}, flat: true},
		{name: "flat and nested is nested", pairs: [][2]string{{"", ""}, {"", "\t"}}, unit: "\t", ok: true},
		{name: "not a prefix tells nothing", pairs: [][2]string{{"\t", "    "}, {"  ", " "}}},
		{
			name:  "below each parent",
			pairs: [][2]string{{"", "\t"}, {"\t", "\t\t"}, {"\t", "\t\t"}, {"    ", "      "}},
			unit:  "\t", ok: true,
			below: map[string]string{"": "\t", "\t": "\t", "    ": "  ", "zz": "\t"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s Steps
			for _, p := range tt.pairs {
				s.Add(p[0], p[1])
			}
			if u, ok := s.Unit(); u != tt.unit || ok != tt.ok {
				t.Errorf("Unit() = %q, %v; want %q, %v", u, ok, tt.unit, tt.ok)
			}
			if s.Flat() != tt.flat {
				t.Errorf("Flat() = %v, want %v", s.Flat(), tt.flat)
			}
			for parent, want := range tt.below {
				if got, _ := s.Below(parent); got != want {
					t.Errorf("Below(%q) = %q, want %q", parent, got, want)
				}
			}
		})
	}
}
