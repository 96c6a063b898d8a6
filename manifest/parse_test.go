package manifest

import (
	"errors"
	"strings"
	"testing"
)

const sampleManifest = `<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:a="http://schemas.android.com/apk/res/android"
    xmlns:t="http://schemas.android.com/tools"
    package="com.example.app">

    <uses-sdk a:minSdkVersion="21" a:targetSdkVersion="34" />
    <uses-permission a:name="android.permission.INTERNET" />
    <!-- <uses-permission a:name="android.permission.CAMERA" /> -->
    <uses-permission-sdk-23 a:name="android.permission.VIBRATE"
        a:minSdkVersion="23" />
    <uses-permission a:name="android.permission.WRITE_EXTERNAL_STORAGE" a:maxSdkVersion="28"/>
    <uses-permission a:name="com.google.android.gms.permission.AD_ID" t:node="remove"/>

    <application a:label="App">
        <receiver a:name=".BootReceiver" a:exported="false">
            <intent-filter>
                <action a:name="android.intent.action.BOOT_COMPLETED" />
            </intent-filter>
        </receiver>
        <service a:name=".SyncService" a:foregroundServiceType="dataSync" a:exported="true"
            a:permission="android.permission.BIND_JOB_SERVICE" />
        <activity a:name=".Main" a:exported="${exported}" />
        <provider a:name=".Files" t:node="remove" />
        <uses-permission a:name="android.permission.NOT_A_REQUEST" />
    </application>
</manifest>
`

func TestParseModel(t *testing.T) {
	m, err := Parse("AndroidManifest.xml", []byte(sampleManifest))
	if err != nil {
		t.Fatal(err)
	}
	if m.Package != "com.example.app" || m.MinSDK != "21" || m.TargetSDK != "34" || !m.HasApp {
		t.Errorf("manifest = %+v", m)
	}
	want := []Permission{
		{Name: "android.permission.INTERNET", Tag: "uses-permission", Line: 7, Col: 5},
		{Name: "android.permission.VIBRATE", Tag: "uses-permission-sdk-23", Line: 9, Col: 5, MinSDK: "23"},
		{Name: "android.permission.WRITE_EXTERNAL_STORAGE", Tag: "uses-permission", Line: 11, Col: 5, MaxSDK: "28"},
		{Name: "com.google.android.gms.permission.AD_ID", Tag: "uses-permission", Line: 12, Col: 5, Removed: true, ToolsNode: "remove"},
	}
	if len(m.Permissions) != len(want) {
		t.Fatalf("permissions = %+v, want %+v", m.Permissions, want)
	}
	for i := range want {
		if m.Permissions[i] != want[i] {
			t.Errorf("permission %d = %+v, want %+v", i, m.Permissions[i], want[i])
		}
	}
	if len(m.Components) != 4 {
		t.Fatalf("components = %+v", m.Components)
	}
	boot := m.BootReceivers()
	if len(boot) != 1 || boot[0].Name != ".BootReceiver" || boot[0].Line != 15 || boot[0].Exported == nil || *boot[0].Exported {
		t.Errorf("boot receivers = %+v", boot)
	}
	svc := m.Services()
	if len(svc) != 1 || svc[0].ForegroundServiceType != "dataSync" || svc[0].Permission != "android.permission.BIND_JOB_SERVICE" || svc[0].Exported == nil || !*svc[0].Exported {
		t.Errorf("services = %+v", svc)
	}
	act := m.Components[2]
	if act.Kind != "activity" || act.Exported != nil {
		t.Errorf("activity with a placeholder exported = %+v", act)
	}
	if prov := m.Components[3]; prov.Kind != "provider" || prov.ToolsNode != "remove" {
		t.Errorf("provider = %+v", prov)
	}
	if got := m.Requested("android.permission.INTERNET"); len(got) != 1 {
		t.Errorf("Requested(INTERNET) = %v", got)
	}
	if got := m.Requested("com.google.android.gms.permission.AD_ID"); len(got) != 0 {
		t.Errorf("a removed permission is not requested: %v", got)
	}
	if got := m.RemovedEntries("com.google.android.gms.permission.AD_ID"); len(got) != 1 || got[0].Line != 12 {
		t.Errorf("RemovedEntries = %v", got)
	}
}

func TestDepthLimit(t *testing.T) {
	deep := "<manifest>" + strings.Repeat("<a>", 255) + strings.Repeat("</a>", 255) + "</manifest>"
	if _, err := Parse("M.xml", []byte(deep)); err != nil {
		t.Fatalf("256 levels: %v", err)
	}
}

func TestParseErrors(t *testing.T) {
	const ns = `xmlns:android="http://schemas.android.com/apk/res/android"`
	tests := []struct {
		name, in string
		line     int
		msg      string
	}{
		{"empty", "", 1, "empty file"},
		{"blank", "\n  \n", 1, "empty file"},
		{"bom only", "\xEF\xBB\xBF", 1, "empty file"},
		{"not xml", "hello", 1, "text outside the root"},
		{"wrong root", "<?xml version=\"1.0\"?>\n<plist>\n</plist>\n", 2, "not <manifest>"},
		{"unclosed", "<manifest>\n  <application>\n</manifest>\n", 3, "does not match <application>"},
		{"never closed", "<manifest>\n  <application>\n", 2, "<application> is never closed"},
		{"duplicate attribute", "<manifest " + ns + ">\n<uses-permission android:name=\"a.B\"\n  android:name=\"a.C\"/>\n</manifest>", 3, "duplicate attribute android:name"},
		{"duplicate expanded attribute", "<manifest " + ns + " xmlns:a=\"http://schemas.android.com/apk/res/android\">\n<uses-permission android:name=\"a.B\" a:name=\"a.C\"/>\n</manifest>", 2, "same attribute"},
		{"unbound attribute prefix", "<manifest " + ns + ">\n<uses-permission android:name=\"a.B\" tools:node=\"remove\"/>\n</manifest>", 2, `prefix "tools"`},
		{"unbound element prefix", "<manifest>\n<x:y/>\n</manifest>", 2, `prefix "x"`},
		{"merge conflict", "<manifest>\n<<<<<<< HEAD\n=======\n>>>>>>> branch\n</manifest>", 2, "merge-conflict"},
		{"entity declaration", "<!DOCTYPE manifest [\n<!ENTITY lol \"lol\">\n]>\n<manifest>&lol;</manifest>", 2, "entity declarations"},
		{"undefined entity", "<manifest>\n&nbsp;</manifest>", 2, "undefined entity"},
		{"lt in attribute", "<manifest a=\"<\"/>", 1, "'<' is not allowed"},
		{"unquoted attribute", "<manifest a=b/>", 1, "in quotes"},
		{"no space between attributes", "<manifest a=\"1\"b=\"2\"/>", 1, "expected whitespace"},
		{"double dash comment", "<manifest>\n<!-- a -- b -->\n</manifest>", 2, `"--"`},
		{"two roots", "<manifest/>\n<manifest/>", 2, "second root"},
		{"text after root", "<manifest/>\nx", 2, "text outside"},
		{"xml decl not first", "\n<?xml version=\"1.0\"?><manifest/>", 2, "must be the very first thing"},
		{"control char", "<manifest>\x01</manifest>", 1, "control character"},
		{"bad utf8", "<manifest a=\"\xff\"/>", 1, "UTF-8"},
		{"utf16", "\xFF\xFE<\x00m\x00", 1, "UTF-16"},
		{"latin1", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><manifest/>", 1, "not supported"},
		{"cdata text end", "<manifest>]]></manifest>", 1, "]]>"},
		{"empty prefix binding", "<manifest xmlns:a=\"\"/>", 1, "empty namespace"},
		{"bad char ref", "<manifest>&#0;</manifest>", 1, "not an XML character"},
		{"unterminated comment", "<manifest>\n<!-- x\n</manifest>", 2, "unterminated comment"},
		// Rules shared with plistcfg through xmltok: a lone "\r" ends a
		// line, nesting is bounded, every git conflict marker is refused.
		{"lone cr line breaks", "<manifest>\r<application>\r</manifest>\r", 3, "does not match <application>"},
		{"cr lf then lone cr", "<manifest>\r\n<a>\r\r</b></manifest>", 4, "does not match <a>"},
		{"too deep", "<manifest>" + strings.Repeat("<a>", 256) + strings.Repeat("</a>", 256) + "</manifest>", 1, "nested more than 256 levels"},
		{"conflict separator", "<manifest>\n=======\n</manifest>", 2, "merge-conflict"},
		{"conflict marker and tab", "<manifest>\r>>>>>>>\tbranch\r</manifest>", 2, "merge-conflict"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("M.xml", []byte(tt.in))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a *ParseError", err)
			}
			if pe.File != "M.xml" || pe.Line != tt.line || !strings.Contains(pe.Msg, tt.msg) {
				t.Errorf("err = %q (line %d), want line %d containing %q", err, pe.Line, tt.line, tt.msg)
			}
			if !strings.HasPrefix(err.Error(), "M.xml:") {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
}

func TestParseAccepts(t *testing.T) {
	tests := map[string]string{
		"self-closing root":  "<manifest />",
		"bom and crlf":       "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<manifest>\r\n</manifest>",
		"doctype no entity":  "<!DOCTYPE manifest>\n<manifest/>",
		"entities and cdata": "<manifest a=\"&amp;&#65;&#x42;\"><![CDATA[<x>]]> &lt; </manifest>",
		"single quotes":      "<manifest xmlns:android='http://schemas.android.com/apk/res/android'><uses-permission android:name='a.B'/></manifest>",
		"comments and pi":    "<!-- c --><?pi x?><manifest><!-- <uses-permission/> --></manifest><!-- end -->",
		"default namespace":  "<manifest xmlns=\"\"><application/></manifest>",
		"xml prefix":         "<manifest xml:lang=\"en\"/>",
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := Parse("M.xml", []byte(in)); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestParseCommentedPermissionIsNotAPermission(t *testing.T) {
	in := "<manifest xmlns:android=\"http://schemas.android.com/apk/res/android\">\n" +
		"    <!--<uses-permission android:name=\"android.permission.WAKE_LOCK\" />-->\n</manifest>\n"
	m, err := Parse("M.xml", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Permissions) != 0 {
		t.Errorf("permissions = %v, want none", m.Permissions)
	}
}

func TestExpandPermission(t *testing.T) {
	tests := []struct {
		in, want string
		err      string
	}{
		{"WAKE_LOCK", "android.permission.WAKE_LOCK", ""},
		{"android.permission.WAKE_LOCK", "android.permission.WAKE_LOCK", ""},
		{"com.google.android.c2dm.permission.RECEIVE", "com.google.android.c2dm.permission.RECEIVE", ""},
		{"${applicationId}.permission.C2D_MESSAGE", "${applicationId}.permission.C2D_MESSAGE", ""},
		{"", "", "empty"},
		{"wake_lock", "", "did you mean WAKE_LOCK"},
		{"WAKE LOCK", "", "short name"},
		{"a..b", "", "empty segment"},
		{".WAKE_LOCK", "", "empty segment"},
		{"a.b;rm -rf", "", "not a Java identifier"},
		{"a.1b", "", "not a Java identifier"},
		{"a.${x", "", "not a Java identifier"},
		{"a.b\"/><x", "", "not a Java identifier"},
		{strings.Repeat("a", 300), "", "longer than 255"},
	}
	for _, tt := range tests {
		got, err := ExpandPermission(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ExpandPermission(%q) = %q, %v; want error containing %q", tt.in, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ExpandPermission(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestSuggestPermission(t *testing.T) {
	tests := map[string]string{
		"android.permission.WAKELOCK":             "android.permission.WAKE_LOCK",
		"android.permission.RECEIVE_BOOT_COMPLET": "android.permission.RECEIVE_BOOT_COMPLETED",
		"android.permission.WAKE_LOCK":            "",
		"com.example.permission.X":                "",
		"android.permission.ZZZZZZZZZZZZZZZZZZZ":  "",
	}
	for in, want := range tests {
		if got := SuggestPermission(in); got != want {
			t.Errorf("SuggestPermission(%q) = %q, want %q", in, got, want)
		}
	}
	if !KnownPermission("android.permission.SCHEDULE_EXACT_ALARM") || KnownPermission("android.permission.WAKELOCK") || !KnownPermission("com.x.Y") {
		t.Error("KnownPermission is wrong")
	}
	// Real permissions apps request for background work and health data.
	for _, name := range []string{
		"android.permission.health.READ_HEALTH_DATA_IN_BACKGROUND",
		"android.permission.health.READ_STEPS",
		"android.permission.ACCESS_ADSERVICES_AD_ID",
		"android.permission.POST_PROMOTED_NOTIFICATIONS",
	} {
		if !KnownPermission(name) {
			t.Errorf("KnownPermission(%q) = false", name)
		}
	}
	for _, name := range []string{"android.permission.health.read_steps", "android.permission.healthy.READ_STEPS"} {
		if KnownPermission(name) {
			t.Errorf("KnownPermission(%q) = true", name)
		}
	}
}

func TestPolicyNote(t *testing.T) {
	if !strings.Contains(PolicyNote("android.permission.USE_EXACT_ALARM"), "alarm clocks") {
		t.Error("USE_EXACT_ALARM has no note")
	}
	if PolicyNote("android.permission.WAKE_LOCK") != "" {
		t.Error("WAKE_LOCK needs no note")
	}
	for name := range policyNotes {
		if !KnownPermission(name) {
			t.Errorf("%s has a note but is not a known permission", name)
		}
	}
}

func TestFullShortPermission(t *testing.T) {
	for _, tt := range []struct{ in, full, short string }{
		{"WAKE_LOCK", "android.permission.WAKE_LOCK", "WAKE_LOCK"},
		{"android.permission.WAKE_LOCK", "android.permission.WAKE_LOCK", "WAKE_LOCK"},
		{"com.example.P", "com.example.P", "com.example.P"},
		{"android.permission.a.b", "android.permission.a.b", "android.permission.a.b"},
		{"wake_lock", "android.permission.wake_lock", "wake_lock"},
	} {
		if got := FullPermission(tt.in); got != tt.full {
			t.Errorf("FullPermission(%q) = %q, want %q", tt.in, got, tt.full)
		}
		if got := ShortPermission(tt.in); got != tt.short {
			t.Errorf("ShortPermission(%q) = %q, want %q", tt.in, got, tt.short)
		}
		if got := FullPermission(ShortPermission(tt.full)); got != tt.full {
			t.Errorf("FullPermission(ShortPermission(%q)) = %q", tt.full, got)
		}
	}
}
