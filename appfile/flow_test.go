package appfile

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/manifest"
	"github.com/bgkit/bgkit/plistcfg"
)

const testPlist = `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
	<key>UIBackgroundModes</key>
	<array>
		<string>audio</string>
	</array>
</dict>
</plist>
`

const testManifest = `<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="com.example.app">
    <uses-sdk android:minSdkVersion="24" android:targetSdkVersion="35" />
    <uses-permission android:name="android.permission.WAKE_LOCK" />
    <uses-permission-sdk-23 android:name="android.permission.READ_PHONE_STATE" android:maxSdkVersion="28" />
    <application>
        <receiver android:name=".Boot" android:exported="false">
            <intent-filter><action android:name="android.intent.action.BOOT_COMPLETED" /></intent-filter>
        </receiver>
        <service android:name=".Sync" android:foregroundServiceType="dataSync" />
    </application>
</manifest>
`

func write(t *testing.T, dir, name, body string) {
	t.Helper()
	path := filepath.Join(dir, name)
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// An edit plans the change with its diff and warnings, holds the lock
// until released, and writes only on Commit; a second plan has nothing
// pending.
func TestEditPlist(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write(t, dir, "Info.plist", testPlist)
	d := fsutil.Dir(dir)
	plan, err := EditPlist(d, PlistEdit{File: "Info.plist", Kind: AddTaskID, Values: []string{"com.example.app.refresh", "com.example.app.refresh"}, Lock: true})
	if err != nil {
		t.Fatal(err)
	}
	if plan.Path != "Info.plist" || len(plan.Changes) != 1 || !plan.Pending() || plan.Changes[0].Binary {
		t.Fatalf("plan %+v", plan)
	}
	if d := plan.Changes[0].Diff; !strings.Contains(d, "+\t\t<string>com.example.app.refresh</string>\n") || strings.Count(d, "com.example.app.refresh") != 1 {
		t.Errorf("diff:\n%s", d)
	}
	var codes []string
	for _, w := range plan.Warnings {
		codes = append(codes, w.Code)
	}
	if want := []string{plistcfg.LegacyFetchWarning().Code, plistcfg.WarnIDsWithoutMode}; !reflect.DeepEqual(codes, want) {
		t.Errorf("warnings %q, want %q", codes, want)
	}
	if !plan.Changes[0].File.Locked() {
		t.Error("the file was not read under the edit's lock")
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "Info.plist")); string(got) != testPlist {
		t.Fatal("planning wrote the file")
	}
	if err := plan.Commit(); err != nil {
		t.Fatal(err)
	}
	plan.Release()
	again, err := EditPlist(d, PlistEdit{File: "Info.plist", Kind: AddTaskID, Values: []string{"com.example.app.refresh"}})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Release()
	if again.Pending() || again.Changes[0].Diff != "" || again.Changes[0].File.Locked() {
		t.Errorf("second run: pending %v, diff %q, locked %v", again.Pending(), again.Changes[0].Diff, again.Changes[0].File.Locked())
	}
}

func TestEditPlistRefusals(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	d := fsutil.Dir(dir)
	if _, err := EditPlist(d, PlistEdit{File: "Info.plist", Kind: RemoveMode, Values: []string{" "}}); !errors.Is(err, ErrEmptyValue) {
		t.Errorf("an empty removal: %v", err)
	}
	// Values are checked before the file is looked for.
	if _, err := EditPlist(d, PlistEdit{Kind: AddMode, Values: []string{"fecth"}}); err == nil || !strings.Contains(err.Error(), `did you mean "fetch"?`) {
		t.Errorf("an unknown mode: %v", err)
	}
	if _, err := EditPlist(d, PlistEdit{File: "Info.plist", Kind: AddMode, Values: []string{"fetch"}}); err == nil || err.Error() != "Info.plist: no such file" {
		t.Errorf("a missing file: %v", err)
	}
}

func TestShowPlist(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write(t, dir, "ios/App/Info.plist", testPlist)
	s, err := ShowPlist(fsutil.Dir(dir), "ios/App/Info.plist", "")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(s)
	want := `{"file":"ios/App/Info.plist","format":"xml","backgroundModes":{"present":true,"line":4,"values":[{"value":"audio","line":6}]},` +
		`"taskIdentifiers":{"present":false,"values":[]},"usageDescriptions":[{"key":"NSMicrophoneUsageDescription","present":false,"required":false,"neededBy":["audio"]}],"warnings":[]}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if v := PlistValues(fsutil.Dir(dir), "ios/App/Info.plist", "", plistcfg.KeyBackgroundModes); !reflect.DeepEqual(v, []string{"audio"}) {
		t.Errorf("PlistValues = %q", v)
	}
	if v := PlistValues(fsutil.Dir(t.TempDir()), "", "", plistcfg.KeyBackgroundModes); v != nil {
		t.Errorf("PlistValues with no Info.plist to find = %q", v)
	}
}

func TestEditManifest(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write(t, dir, "AndroidManifest.xml", testManifest)
	plan, err := EditManifest(fsutil.Dir(dir), ManifestEdit{File: "AndroidManifest.xml", Add: true, Perms: []string{"WAKE_LOCK", "ACCESS_BACKGROUND_LOCATION"}})
	if err != nil {
		t.Fatal(err)
	}
	defer plan.Release()
	if len(plan.Notes) != 1 || plan.Notes[0].Permission != "android.permission.ACCESS_BACKGROUND_LOCATION" || plan.Notes[0].Text == "" {
		t.Errorf("notes %+v, want one for the permission not requested yet", plan.Notes)
	}
	if d := plan.Changes[0].Diff; !strings.Contains(d, `+    <uses-permission android:name="android.permission.ACCESS_BACKGROUND_LOCATION" />`) {
		t.Errorf("diff:\n%s", d)
	}
	if _, err := EditManifest(fsutil.Dir(dir), ManifestEdit{File: "AndroidManifest.xml", Add: true, Perms: []string{"WAKELOCK"}}); err == nil || !strings.Contains(err.Error(), "did you mean WAKE_LOCK?") {
		t.Errorf("an unknown permission: %v", err)
	}
}

func TestShowManifest(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write(t, dir, "AndroidManifest.xml", testManifest)
	s, err := ShowManifest(fsutil.Dir(dir), "AndroidManifest.xml")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(s.Facts(), ", "); got != "package com.example.app, minSdk 24, targetSdk 35" {
		t.Errorf("facts %q", got)
	}
	want := []Section{
		{"Permissions", []Row{{"android.permission.WAKE_LOCK", 3, ""}, {"android.permission.READ_PHONE_STATE", 4, "uses-permission-sdk-23, maxSdk 28"}}},
		{`Removed with tools:node="remove"`, nil},
		{"Boot receivers", []Row{{".Boot", 6, "exported=false"}}},
		{"Services", []Row{{".Sync", 9, "foregroundServiceType=dataSync"}}},
	}
	if got := s.Sections(); !reflect.DeepEqual(got, want) {
		t.Errorf("sections\n got %+v\nwant %+v", got, want)
	}
	if got := PermissionChoices(fsutil.Dir(dir), "AndroidManifest.xml", false, false); !reflect.DeepEqual(got, []string{"READ_PHONE_STATE", "WAKE_LOCK"}) {
		t.Errorf("removal choices %q", got)
	}
	for _, p := range PermissionChoices(fsutil.Dir(dir), "AndroidManifest.xml", true, false) {
		if p == "WAKE_LOCK" {
			t.Error("an addition offers a permission the manifest requests")
		}
	}
}

// Completion offers each requested permission in a form that names it
// again: Android's own short, but a name with more dots after
// android.permission. (Health Connect's) whole, since the short form
// would be read as a permission of its own.
func TestManifestPermissionsRoundTrip(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "AndroidManifest.xml"), []byte(`<manifest xmlns:android="http://schemas.android.com/apk/res/android">
    <uses-permission android:name="android.permission.WAKE_LOCK"/>
    <uses-permission android:name="android.permission.health.READ_STEPS"/>
    <uses-permission android:name="com.example.app.C2D"/>
</manifest>
`), 0o644)
	got := ManifestPermissions(fsutil.Dir(dir), "AndroidManifest.xml")
	want := []string{"WAKE_LOCK", "android.permission.health.READ_STEPS", "com.example.app.C2D"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for _, p := range got {
		full, err := manifest.ExpandPermission(p)
		if err != nil || manifest.ShortPermission(full) != p {
			t.Errorf("%q does not name the permission again: %q, %v", p, full, err)
		}
	}
}
