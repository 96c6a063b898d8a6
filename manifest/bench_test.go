package manifest

import (
	"fmt"
	"strings"
	"testing"
)

// largeManifest builds a manifest with n permissions and n components, in
// the shape of a big app's (home-assistant's is 52 KB).
func largeManifest(n int) []byte {
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<manifest " + androidNS + "\n    " + toolsNS + ">\n\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "    <!-- permission %d -->\n    <uses-permission android:name=\"com.example.permission.P%d\" />\n", i, i)
	}
	b.WriteString("\n    <application android:label=\"Big\">\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "        <receiver\n            android:name=\".R%d\"\n            android:exported=\"false\">\n            <intent-filter>\n                <action android:name=\"android.intent.action.BOOT_COMPLETED\" />\n            </intent-filter>\n        </receiver>\n", i)
	}
	b.WriteString("    </application>\n</manifest>\n")
	return []byte(b.String())
}

func BenchmarkParse(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		data := largeManifest(n)
		b.Run(fmt.Sprintf("%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := Parse("m.xml", data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAddPermissions should grow linearly with the file: bytes/s stays
// about the same from 100 to 10000 elements.
func BenchmarkAddPermissions(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		data := largeManifest(n)
		b.Run(fmt.Sprintf("%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := AddPermissions("m.xml", data, []string{"WAKE_LOCK", "RECEIVE_BOOT_COMPLETED"}, AddOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkRemovePermissions(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		data := largeManifest(n)
		b.Run(fmt.Sprintf("%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := RemovePermissions("m.xml", data, []string{"com.example.permission.P7", "WAKE_LOCK"}, RemoveOptions{Block: true}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDeepNesting guards against work that grows with depth times
// size (namespace lookups, line starts): 10x the depth should cost about
// 10x, not 100x. Nesting is bounded by xmltok.MaxDepth (256).
func BenchmarkDeepNesting(b *testing.B) {
	for _, n := range []int{25, 250} {
		data := []byte("<manifest>" + strings.Repeat("<a>", n) + strings.Repeat("</a>", n) + "</manifest>")
		b.Run(fmt.Sprintf("%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := AddPermissions("m.xml", data, []string{"WAKE_LOCK"}, AddOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
