package doctor

import (
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/bgkit/bgkit/project"
)

// "fixable" must mean what --fix will do. The same missing aps-environment
// is fixable in an Expo app config (bgkit edits app.json) and not in a bare
// React Native app whose target has no entitlements file yet (bgkit does not
// create one behind Xcode's back).
func TestFixableFollowsThePlanner(t *testing.T) {
	const pkg = `{"dependencies": {"react-native": "0.79.0", "@react-native-firebase/messaging": "^22.0.0"}}`
	const plist = `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
	<key>CFBundleIdentifier</key>
	<string>com.example.push</string>
	<key>UIBackgroundModes</key>
	<array>
		<string>remote-notification</string>
	</array>
</dict>
</plist>
`
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  bool
	}{
		{"expo app.json", map[string]string{
			"package.json": `{"dependencies": {"expo": "~54.0.0", "@react-native-firebase/messaging": "^22.0.0"}}`,
			"app.json":     `{"expo": {"ios": {"infoPlist": {"UIBackgroundModes": ["remote-notification"]}}}}`,
		}, true},
		{"native without entitlements file", map[string]string{
			"package.json":               pkg,
			"ios/Push/Info.plist":        plist,
			"ios/Push/AppDelegate.swift": "import UIKit\n",
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := &txtar.Archive{}
			for name, data := range tc.files {
				a.Files = append(a.Files, txtar.File{Name: "p/" + name, Data: []byte(data)})
			}
			root := drUnpack(t, a, "p")
			p, err := project.Detect(root)
			if err != nil {
				t.Fatal(err)
			}
			rep := Run(p, Options{Rules: []string{"ios-push-entitlement-missing"}})
			if len(rep.Findings) != 1 {
				t.Fatalf("findings: %+v", rep.Findings)
			}
			if got := rep.Findings[0].Fixable; got != tc.want {
				t.Fatalf("fixable = %v, want %v (%s)", got, tc.want, rep.Findings[0].Message)
			}
		})
	}
}

func TestWithoutLocation(t *testing.T) {
	for _, tc := range []struct{ msg, file, want string }{
		{"ios/App/App/Info.plist:4: UIBackgroundModes is a <string>", "ios/App/App/Info.plist", "UIBackgroundModes is a <string>"},
		{"Info.plist:4:9: bad", "ios/App/App/Info.plist", "bad"},
		{"app.json: unexpected end", "app.json", "unexpected end"},
		{"key \"A\" has no value", "ios/Info.plist", "key \"A\" has no value"},
		{"other.plist:4: not this file", "ios/Info.plist", "other.plist:4: not this file"},
	} {
		if got := withoutLocation(tc.msg, tc.file); got != tc.want {
			t.Errorf("withoutLocation(%q, %q) = %q, want %q", tc.msg, tc.file, got, tc.want)
		}
	}
}

func TestBracketHelpers(t *testing.T) {
	for _, tc := range []struct {
		src       string
		wantArgs  string
		wantObj   string
		objOffset int
	}{
		{`f('a)', {x: [1, 2]}, g(3))`, `'a)', {x: [1, 2]}, g(3)`, `{x: [1, 2]}`, 8},
		{`f("}", {s: "{", n: {m: 1}})`, `"}", {s: "{", n: {m: 1}}`, `{s: "{", n: {m: 1}}`, 7},
		{`f({a: 'it\'s }'})`, `{a: 'it\'s }'}`, `{a: 'it\'s }'}`, 2},
		{`f({unclosed: 1`, ``, ``, 0},
	} {
		args, off := callArgs(tc.src, 1)
		if args != tc.wantArgs || (args != "" && off != 2) {
			t.Errorf("callArgs(%q) = %q, %d; want %q, 2", tc.src, args, off, tc.wantArgs)
		}
		obj, objOff := firstObject(tc.src)
		if obj != tc.wantObj || objOff != tc.objOffset {
			t.Errorf("firstObject(%q) = %q, %d; want %q, %d", tc.src, obj, objOff, tc.wantObj, tc.objOffset)
		}
	}
	if got, _ := callArgs("x", 0); got != "" {
		t.Errorf("callArgs on a non-parenthesis = %q", got)
	}
}
