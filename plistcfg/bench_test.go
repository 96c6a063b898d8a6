package plistcfg

import (
	"fmt"
	"strings"
	"testing"
)

// largePlist builds an Xcode-style Info.plist with n top-level keys (a
// string, an array and a nested dict in turn), sorted, and no background
// keys.
func largePlist(n int) []byte {
	var b strings.Builder
	b.WriteString(xmlDecl + "\n" + doctype + "\n<plist version=\"1.0\">\n<dict>\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "\t<key>Key%06d</key>\n", i)
		switch i % 3 {
		case 0:
			fmt.Fprintf(&b, "\t<string>value &amp; %d</string>\n", i)
		case 1:
			b.WriteString("\t<array>\n\t\t<string>a</string>\n\t\t<integer>1</integer>\n\t</array>\n")
		case 2:
			b.WriteString("\t<dict>\n\t\t<key>x</key>\n\t\t<real>1.0</real>\n\t</dict>\n")
		}
	}
	b.WriteString("</dict>\n</plist>\n")
	return []byte(b.String())
}

// BenchmarkAddStrings patches Info.plists of growing size: the cost per
// byte (see the MB/s column) must stay flat, i.e. grow linearly.
func BenchmarkAddStrings(b *testing.B) {
	for _, n := range []int{100, 1000, 10000, 50000} {
		data := largePlist(n)
		b.Run(fmt.Sprintf("keys=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := AddStrings("Info.plist", data, KeyBackgroundModes, "fetch", "processing"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkParse reads the same files without editing them.
func BenchmarkParse(b *testing.B) {
	for _, n := range []int{100, 1000, 10000, 50000} {
		data := largePlist(n)
		b.Run(fmt.Sprintf("keys=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse("Info.plist", data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkOneLine patches a plist written on a single line, where line
// lookups could turn quadratic.
func BenchmarkOneLine(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		data := []byte(strings.NewReplacer("\n", "", "\t", "").Replace(string(largePlist(n))))
		b.Run(fmt.Sprintf("keys=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := AddStrings("Info.plist", data, KeyBackgroundModes, "fetch"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
