package manifest

import "testing"

func TestIndentUnit(t *testing.T) {
	const ns = `xmlns:android="http://schemas.android.com/apk/res/android"`
	tests := []struct {
		name, in, want string
	}{
		{"the most common step, not the first", "<manifest " + ns + ">\n    <application>\n      <service/>\n      <receiver/>\n      <provider/>\n    </application>\n</manifest>\n", "  "},
		{"tabs", "<manifest " + ns + ">\n\t<application>\n\t\t<service/>\n\t</application>\n</manifest>\n", "\t"},
		{"only attribute lines tell: a tab", "<manifest " + ns + "\n\tpackage=\"a.b\">\n<application/>\n</manifest>\n", "\t"},
		{"nothing tells: four spaces", "<manifest " + ns + "><application/></manifest>", "    "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := parseDocument("AndroidManifest.xml", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if got := newEditor(doc).indentUnit(); got != tt.want {
				t.Errorf("indentUnit() = %q, want %q", got, tt.want)
			}
		})
	}
}
