package manifest

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

const androidNS = `xmlns:android="http://schemas.android.com/apk/res/android"`
const toolsNS = `xmlns:tools="http://schemas.android.com/tools"`

func TestAddPermissions(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		perms []string
		opt   AddOptions
		want  string
	}{
		{
			name:  "after the last uses-permission",
			in:    "<manifest " + androidNS + ">\n    <uses-permission android:name=\"android.permission.INTERNET\" />\n    <uses-permission android:name=\"android.permission.VIBRATE\" />\n\n    <application />\n</manifest>\n",
			perms: []string{"WAKE_LOCK", "RECEIVE_BOOT_COMPLETED"},
			want:  "<manifest " + androidNS + ">\n    <uses-permission android:name=\"android.permission.INTERNET\" />\n    <uses-permission android:name=\"android.permission.VIBRATE\" />\n    <uses-permission android:name=\"android.permission.WAKE_LOCK\" />\n    <uses-permission android:name=\"android.permission.RECEIVE_BOOT_COMPLETED\" />\n\n    <application />\n</manifest>\n",
		},
		{
			name:  "single quotes, tabs and tight self-closing",
			in:    "<manifest xmlns:android='http://schemas.android.com/apk/res/android'>\n\t<uses-permission android:name='android.permission.INTERNET'/>\n</manifest>",
			perms: []string{"WAKE_LOCK"},
			want:  "<manifest xmlns:android='http://schemas.android.com/apk/res/android'>\n\t<uses-permission android:name='android.permission.INTERNET'/>\n\t<uses-permission android:name='android.permission.WAKE_LOCK'/>\n</manifest>",
		},
		{
			name:  "the file's own android prefix",
			in:    "<manifest xmlns:a=\"http://schemas.android.com/apk/res/android\">\n  <uses-permission a:name=\"android.permission.INTERNET\"/>\n</manifest>\n",
			perms: []string{"WAKE_LOCK"},
			want:  "<manifest xmlns:a=\"http://schemas.android.com/apk/res/android\">\n  <uses-permission a:name=\"android.permission.INTERNET\"/>\n  <uses-permission a:name=\"android.permission.WAKE_LOCK\"/>\n</manifest>\n",
		},
		{
			name:  "after </application> where Capacitor keeps them",
			in:    "<manifest " + androidNS + ">\n\n    <application>\n    </application>\n\n    <!-- Permissions -->\n\n    <uses-permission android:name=\"android.permission.INTERNET\" />\n</manifest>\n",
			perms: []string{"WAKE_LOCK"},
			want:  "<manifest " + androidNS + ">\n\n    <application>\n    </application>\n\n    <!-- Permissions -->\n\n    <uses-permission android:name=\"android.permission.INTERNET\" />\n    <uses-permission android:name=\"android.permission.WAKE_LOCK\" />\n</manifest>\n",
		},
		{
			name:  "none yet: before <application> and the comment that introduces it",
			in:    "<manifest " + androidNS + ">\n    <uses-feature android:name=\"x\" />\n\n    <!-- The app -->\n    <application>\n    </application>\n</manifest>\n",
			perms: []string{"WAKE_LOCK"},
			want:  "<manifest " + androidNS + ">\n    <uses-feature android:name=\"x\" />\n\n    <uses-permission android:name=\"android.permission.WAKE_LOCK\" />\n    <!-- The app -->\n    <application>\n    </application>\n</manifest>\n",
		},
		{
			name:  "library manifest: before </manifest>",
			in:    "<manifest " + androidNS + "\n    package=\"com.example.lib\">\n</manifest>\n",
			perms: []string{"WAKE_LOCK"},
			want:  "<manifest " + androidNS + "\n    package=\"com.example.lib\">\n    <uses-permission android:name=\"android.permission.WAKE_LOCK\" />\n</manifest>\n",
		},
		{
			name:  "empty <manifest /> is opened, android bound",
			in:    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<manifest />\n",
			perms: []string{"WAKE_LOCK"},
			want:  "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<manifest " + androidNS + ">\n    <uses-permission android:name=\"android.permission.WAKE_LOCK\" />\n</manifest>\n",
		},
		{
			name:  "one-line <manifest></manifest> in a file of lines",
			in:    "<?xml version=\"1.0\"?>\n<manifest " + androidNS + "></manifest>\n",
			perms: []string{"WAKE_LOCK"},
			want:  "<?xml version=\"1.0\"?>\n<manifest " + androidNS + ">\n    <uses-permission android:name=\"android.permission.WAKE_LOCK\" />\n</manifest>\n",
		},
		{
			name:  "a file on one line stays on one line",
			in:    "<manifest " + androidNS + "><uses-permission android:name=\"android.permission.INTERNET\"/><application/></manifest>",
			perms: []string{"WAKE_LOCK"},
			want:  "<manifest " + androidNS + "><uses-permission android:name=\"android.permission.INTERNET\"/><uses-permission android:name=\"android.permission.WAKE_LOCK\"/><application/></manifest>",
		},
		{
			name:  "one line without permissions",
			in:    "<manifest " + androidNS + "> <application/> </manifest>",
			perms: []string{"WAKE_LOCK"},
			want:  "<manifest " + androidNS + "> <uses-permission android:name=\"android.permission.WAKE_LOCK\"/> <application/> </manifest>",
		},
		{
			name:  "BOM, CRLF and no final newline stay",
			in:    "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<manifest " + androidNS + ">\r\n\t<uses-permission android:name=\"android.permission.INTERNET\" />\r\n</manifest>",
			perms: []string{"WAKE_LOCK"},
			want:  "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<manifest " + androidNS + ">\r\n\t<uses-permission android:name=\"android.permission.INTERNET\" />\r\n\t<uses-permission android:name=\"android.permission.WAKE_LOCK\" />\r\n</manifest>",
		},
		{
			name:  "CRLF before <application>",
			in:    "<manifest " + androidNS + ">\r\n  <application/>\r\n</manifest>\r\n",
			perms: []string{"WAKE_LOCK"},
			want:  "<manifest " + androidNS + ">\r\n  <uses-permission android:name=\"android.permission.WAKE_LOCK\"/>\r\n  <application/>\r\n</manifest>\r\n",
		},
		{
			name:  "a commented-out permission is not a permission",
			in:    "<manifest " + androidNS + ">\n    <!-- <uses-permission android:name=\"android.permission.WAKE_LOCK\" /> -->\n    <application/>\n</manifest>\n",
			perms: []string{"WAKE_LOCK"},
			want:  "<manifest " + androidNS + ">\n    <!-- <uses-permission android:name=\"android.permission.WAKE_LOCK\" /> -->\n    <uses-permission android:name=\"android.permission.WAKE_LOCK\"/>\n    <application/>\n</manifest>\n",
		},
		{
			name:  "no android namespace yet: bound on <manifest> with wrapped attributes",
			in:    "<manifest\n    package=\"com.example\">\n    <application/>\n</manifest>\n",
			perms: []string{"WAKE_LOCK"},
			want:  "<manifest\n    " + androidNS + "\n    package=\"com.example\">\n    <uses-permission android:name=\"android.permission.WAKE_LOCK\"/>\n    <application/>\n</manifest>\n",
		},
		{
			name:  "a wrapped anchor: the new element on one line at its indentation",
			in:    "<manifest " + androidNS + ">\n  <uses-permission\n    android:name=\"android.permission.BLUETOOTH\"\n    android:maxSdkVersion=\"30\" />\n</manifest>\n",
			perms: []string{"WAKE_LOCK"},
			want:  "<manifest " + androidNS + ">\n  <uses-permission\n    android:name=\"android.permission.BLUETOOTH\"\n    android:maxSdkVersion=\"30\" />\n  <uses-permission android:name=\"android.permission.WAKE_LOCK\" />\n</manifest>\n",
		},
		{
			name:  "an anchor with a trailing comment keeps it",
			in:    "<manifest " + androidNS + ">\n  <uses-permission android:name=\"android.permission.INTERNET\"/> <!-- net -->\n  <application/>\n</manifest>\n",
			perms: []string{"WAKE_LOCK"},
			want:  "<manifest " + androidNS + ">\n  <uses-permission android:name=\"android.permission.INTERNET\"/> <!-- net -->\n  <uses-permission android:name=\"android.permission.WAKE_LOCK\"/>\n  <application/>\n</manifest>\n",
		},
		{
			name:  "an anchor with an end tag",
			in:    "<manifest " + androidNS + ">\n  <uses-permission android:name=\"android.permission.INTERNET\"></uses-permission>\n</manifest>\n",
			perms: []string{"WAKE_LOCK"},
			want:  "<manifest " + androidNS + ">\n  <uses-permission android:name=\"android.permission.INTERNET\"></uses-permission>\n  <uses-permission android:name=\"android.permission.WAKE_LOCK\"></uses-permission>\n</manifest>\n",
		},
		{
			name:  "repeated names are added once; other full names stay",
			in:    "<manifest " + androidNS + ">\n  <uses-permission android:name=\"android.permission.INTERNET\"/>\n</manifest>\n",
			perms: []string{"WAKE_LOCK", "android.permission.WAKE_LOCK", "com.google.android.c2dm.permission.RECEIVE"},
			want:  "<manifest " + androidNS + ">\n  <uses-permission android:name=\"android.permission.INTERNET\"/>\n  <uses-permission android:name=\"android.permission.WAKE_LOCK\"/>\n  <uses-permission android:name=\"com.google.android.c2dm.permission.RECEIVE\"/>\n</manifest>\n",
		},
		{
			name:  "--unblock turns the removal into the request",
			in:    "<manifest " + androidNS + " " + toolsNS + ">\n  <uses-permission android:name=\"android.permission.WAKE_LOCK\" tools:node=\"remove\" />\n</manifest>\n",
			perms: []string{"WAKE_LOCK"},
			opt:   AddOptions{Unblock: true},
			want:  "<manifest " + androidNS + " " + toolsNS + ">\n  <uses-permission android:name=\"android.permission.WAKE_LOCK\" />\n</manifest>\n",
		},
		{
			name:  "--unblock with a wrapped tools:node",
			in:    "<manifest " + androidNS + " " + toolsNS + ">\n  <uses-permission\n    android:name=\"android.permission.WAKE_LOCK\"\n    tools:node=\"remove\"/>\n</manifest>\n",
			perms: []string{"WAKE_LOCK"},
			opt:   AddOptions{Unblock: true},
			want:  "<manifest " + androidNS + " " + toolsNS + ">\n  <uses-permission\n    android:name=\"android.permission.WAKE_LOCK\"/>\n</manifest>\n",
		},
		{
			name:  "--unblock when a request exists too drops the removal",
			in:    "<manifest " + androidNS + " " + toolsNS + ">\n  <uses-permission android:name=\"android.permission.WAKE_LOCK\" />\n  <uses-permission android:name=\"android.permission.WAKE_LOCK\" tools:node=\"remove\" />\n</manifest>\n",
			perms: []string{"WAKE_LOCK"},
			opt:   AddOptions{Unblock: true},
			want:  "<manifest " + androidNS + " " + toolsNS + ">\n  <uses-permission android:name=\"android.permission.WAKE_LOCK\" />\n</manifest>\n",
		},
	}
	tests = append(tests, struct {
		name  string
		in    string
		perms []string
		opt   AddOptions
		want  string
	}{
		name:  "--unblock drops repeated removals of several permissions, line and all",
		in:    "<manifest " + androidNS + " " + toolsNS + ">\n  <uses-permission android:name=\"a.B\" tools:node=\"remove\"/><uses-permission android:name=\"a.C\" tools:node=\"remove\"/>\n  <uses-permission android:name=\"a.B\" tools:node=\"remove\"/> <uses-permission android:name=\"a.C\" tools:node=\"remove\"/>\n  <application/>\n</manifest>\n",
		perms: []string{"a.B", "a.C"},
		opt:   AddOptions{Unblock: true},
		want:  "<manifest " + androidNS + " " + toolsNS + ">\n  <uses-permission android:name=\"a.B\"/><uses-permission android:name=\"a.C\"/>\n  <application/>\n</manifest>\n",
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := AddPermissions("AndroidManifest.xml", []byte(tt.in), tt.perms, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Fatalf("got:\n%s\nwant:\n%s", got, tt.want)
			}
			again, err := AddPermissions("AndroidManifest.xml", got, tt.perms, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(again, got) {
				t.Errorf("second run changed the file:\n%s", again)
			}
		})
	}
}

func TestAddPermissionsNoChange(t *testing.T) {
	in := []byte("<manifest " + androidNS + ">\n  <uses-permission-sdk-23 android:name=\"android.permission.VIBRATE\"/>\n" +
		"  <uses-permission android:name=\"android.permission.BLUETOOTH\" android:maxSdkVersion=\"30\"/>\n</manifest>\n")
	got, err := AddPermissions("M.xml", in, []string{"VIBRATE", "BLUETOOTH"}, AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if &got[0] != &in[0] {
		t.Errorf("no change must return the input itself, got:\n%s", got)
	}
}

func TestAddPermissionsConflict(t *testing.T) {
	in := "<manifest " + androidNS + "\n    " + toolsNS + ">\n\n  <uses-permission android:name=\"android.permission.INTERNET\"/>\n  <uses-permission android:name=\"android.permission.WAKE_LOCK\" tools:node=\"remove\"/>\n</manifest>\n"
	_, err := AddPermissions("app/AndroidManifest.xml", []byte(in), []string{"INTERNET", "WAKE_LOCK"}, AddOptions{})
	var ce *ConflictError
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v, want *ConflictError", err)
	}
	if ce.Line != 5 || ce.Permission != "android.permission.WAKE_LOCK" || ce.File != "app/AndroidManifest.xml" {
		t.Errorf("conflict = %+v", ce)
	}
	if !strings.HasPrefix(err.Error(), "app/AndroidManifest.xml:5: ") || !strings.Contains(err.Error(), "--unblock") {
		t.Errorf("message = %q", err)
	}
}

func TestEditRefusesBadInput(t *testing.T) {
	bad := []string{
		"",
		"<plist/>",
		"<manifest " + androidNS + "><uses-permission android:name=\"a.B\" tools:node=\"remove\"/></manifest>",
		"<manifest>\n<<<<<<< HEAD\n</manifest>",
	}
	for _, in := range bad {
		if _, err := AddPermissions("M.xml", []byte(in), []string{"WAKE_LOCK"}, AddOptions{}); err == nil {
			t.Errorf("AddPermissions accepted %q", in)
		}
		if _, err := RemovePermissions("M.xml", []byte(in), []string{"WAKE_LOCK"}, RemoveOptions{Block: true}); err == nil {
			t.Errorf("RemovePermissions accepted %q", in)
		}
	}
	good := []byte("<manifest " + androidNS + "/>")
	for _, name := range []string{"", "wake lock", "a..b", "x\"/><evil"} {
		if _, err := AddPermissions("M.xml", good, []string{name}, AddOptions{}); err == nil {
			t.Errorf("AddPermissions accepted the name %q", name)
		}
		if _, err := RemovePermissions("M.xml", good, []string{name}, RemoveOptions{}); err == nil {
			t.Errorf("RemovePermissions accepted the name %q", name)
		}
	}
}

func TestRemovePermissions(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		perms []string
		opt   RemoveOptions
		want  string
	}{
		{
			name:  "the whole line",
			in:    "<manifest " + androidNS + ">\n    <uses-permission android:name=\"android.permission.INTERNET\" />\n    <uses-permission android:name=\"android.permission.WAKE_LOCK\" />\n</manifest>\n",
			perms: []string{"WAKE_LOCK"},
			want:  "<manifest " + androidNS + ">\n    <uses-permission android:name=\"android.permission.INTERNET\" />\n</manifest>\n",
		},
		{
			name:  "wrapped attributes go with the element",
			in:    "<manifest " + androidNS + ">\n  <uses-permission \n    android:name=\"android.permission.ACCESS_FINE_LOCATION\" \n    android:maxSdkVersion=\"30\" />\n  <application/>\n</manifest>\n",
			perms: []string{"ACCESS_FINE_LOCATION"},
			want:  "<manifest " + androidNS + ">\n  <application/>\n</manifest>\n",
		},
		{
			name:  "uses-permission-sdk-23 and duplicates",
			in:    "<manifest " + androidNS + ">\n  <uses-permission android:name=\"android.permission.VIBRATE\"/>\n  <uses-permission-sdk-23 android:name=\"android.permission.VIBRATE\"/>\n  <uses-permission android:name=\"android.permission.VIBRATE\"/>\n</manifest>\n",
			perms: []string{"VIBRATE"},
			want:  "<manifest " + androidNS + ">\n</manifest>\n",
		},
		{
			name:  "with its trailing comment, CRLF kept",
			in:    "<manifest " + androidNS + ">\r\n\t<uses-permission android:name=\"android.permission.INTERNET\" /> <!-- net -->\r\n\t<application/>\r\n</manifest>",
			perms: []string{"INTERNET"},
			want:  "<manifest " + androidNS + ">\r\n\t<application/>\r\n</manifest>",
		},
		{
			name:  "on one line",
			in:    "<manifest " + androidNS + "><uses-permission android:name=\"a.B\"/> <uses-permission android:name=\"a.C\"/> <application/></manifest>",
			perms: []string{"a.B", "a.C"},
			want:  "<manifest " + androidNS + "> <application/></manifest>",
		},
		{
			name:  "neighbours on one line take their line with them",
			in:    "<manifest " + androidNS + ">\n    <uses-permission android:name=\"a.B\" /><uses-permission android:name=\"a.C\" />\n    <uses-permission android:name=\"a.D\"\n    /> <uses-permission android:name=\"a.E\" /> <!-- d, e -->\n    <uses-permission android:name=\"a.F\" /> <uses-permission android:name=\"a.G\" />\n    <application />\n</manifest>\n",
			perms: []string{"a.B", "a.C", "a.D", "a.E", "a.G"},
			want:  "<manifest " + androidNS + ">\n    <uses-permission android:name=\"a.F\" />\n    <application />\n</manifest>\n",
		},
		{
			name:  "--block adds the removal and declares tools",
			in:    "<manifest " + androidNS + "\n    package=\"com.example\">\n    <uses-permission android:name=\"android.permission.INTERNET\" />\n</manifest>\n",
			perms: []string{"ACCESS_BACKGROUND_LOCATION"},
			opt:   RemoveOptions{Block: true},
			want:  "<manifest " + androidNS + "\n    " + toolsNS + "\n    package=\"com.example\">\n    <uses-permission android:name=\"android.permission.INTERNET\" />\n    <uses-permission android:name=\"android.permission.ACCESS_BACKGROUND_LOCATION\" tools:node=\"remove\" />\n</manifest>\n",
		},
		{
			name:  "--block uses the file's tools prefix",
			in:    "<manifest " + androidNS + " xmlns:t=\"http://schemas.android.com/tools\">\n    <application/>\n</manifest>\n",
			perms: []string{"ACCESS_BACKGROUND_LOCATION"},
			opt:   RemoveOptions{Block: true},
			want:  "<manifest " + androidNS + " xmlns:t=\"http://schemas.android.com/tools\">\n    <uses-permission android:name=\"android.permission.ACCESS_BACKGROUND_LOCATION\" t:node=\"remove\"/>\n    <application/>\n</manifest>\n",
		},
		{
			name:  "--block replaces a request in place",
			in:    "<manifest " + androidNS + " " + toolsNS + ">\n  <uses-permission android:name=\"android.permission.INTERNET\"/>\n  <uses-permission android:name=\"android.permission.WAKE_LOCK\"/>\n  <application/>\n</manifest>\n",
			perms: []string{"WAKE_LOCK"},
			opt:   RemoveOptions{Block: true},
			want:  "<manifest " + androidNS + " " + toolsNS + ">\n  <uses-permission android:name=\"android.permission.INTERNET\"/>\n  <uses-permission android:name=\"android.permission.WAKE_LOCK\" tools:node=\"remove\"/>\n  <application/>\n</manifest>\n",
		},
		{
			name:  "--block with a tools prefix bound elsewhere",
			in:    "<manifest " + androidNS + " xmlns:tools=\"urn:other\">\n  <application/>\n</manifest>\n",
			perms: []string{"WAKE_LOCK"},
			opt:   RemoveOptions{Block: true},
			want:  "<manifest " + androidNS + " xmlns:tools=\"urn:other\" xmlns:tools2=\"http://schemas.android.com/tools\">\n  <uses-permission android:name=\"android.permission.WAKE_LOCK\" tools2:node=\"remove\"/>\n  <application/>\n</manifest>\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := RemovePermissions("AndroidManifest.xml", []byte(tt.in), tt.perms, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Fatalf("got:\n%q\nwant:\n%q", got, tt.want)
			}
			again, err := RemovePermissions("AndroidManifest.xml", got, tt.perms, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(again, got) {
				t.Errorf("second run changed the file:\n%s", again)
			}
		})
	}
}

func TestRemovePermissionsNoChange(t *testing.T) {
	in := []byte("<manifest " + androidNS + " " + toolsNS + ">\n  <uses-permission android:name=\"android.permission.WAKE_LOCK\" tools:node=\"remove\"/>\n</manifest>\n")
	got, err := RemovePermissions("M.xml", in, []string{"WAKE_LOCK", "INTERNET"}, RemoveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, in) {
		t.Errorf("removing what is not requested changed the file:\n%s", got)
	}
	got, err = RemovePermissions("M.xml", in, []string{"WAKE_LOCK"}, RemoveOptions{Block: true})
	if err != nil || !bytes.Equal(got, in) {
		t.Errorf("an existing block must stay as it is: %v\n%s", err, got)
	}
}
