package android

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"

	"github.com/bgkit/bgkit/trigger"
)

func TestADBSDKCandidates(t *testing.T) {
	env := map[string]string{"ANDROID_HOME": "/sdk", "ANDROID_SDK_ROOT": "/old", "LOCALAPPDATA": `C:\Users\me\AppData\Local`}
	getenv := func(k string) string { return env[k] }
	froms := func(goos string) []string {
		var out []string
		for _, c := range adbSDKCandidates(getenv, "/home/me", goos) {
			out = append(out, c.from)
		}
		return out
	}
	for goos, want := range map[string][]string{
		"darwin":  {"$ANDROID_HOME/platform-tools", "$ANDROID_SDK_ROOT/platform-tools", "~/Library/Android/sdk/platform-tools"},
		"linux":   {"$ANDROID_HOME/platform-tools", "$ANDROID_SDK_ROOT/platform-tools", "~/Android/Sdk/platform-tools"},
		"windows": {"$ANDROID_HOME/platform-tools", "$ANDROID_SDK_ROOT/platform-tools", `%LOCALAPPDATA%\Android\Sdk\platform-tools`},
	} {
		if got := froms(goos); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %q, want %q", goos, got, want)
		}
	}
	if got := adbSDKCandidates(func(string) string { return "" }, "", "linux"); len(got) != 0 {
		t.Errorf("no env, no home: %v", got)
	}
}

// adb installed by Android Studio is not on PATH; bgkit runs it from the SDK.
func TestLocateADBInTheSDK(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the fake adb is a shell script")
	}
	sdk := t.TempDir()
	pt := filepath.Join(sdk, "platform-tools")
	os.MkdirAll(pt, 0o755)
	os.WriteFile(filepath.Join(pt, "adb"), []byte("#!/bin/sh\necho 'List of devices attached'\n"), 0o755)
	t.Setenv("PATH", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	t.Setenv("ANDROID_SDK_ROOT", "")
	t.Setenv("ANDROID_HOME", "")
	if loc, ok := LocateADB(); ok {
		t.Fatalf("found %v with no adb anywhere", loc)
	}
	t.Setenv("ANDROID_SDK_ROOT", sdk)
	loc, ok := LocateADB()
	if !ok || loc.Path != filepath.Join(pt, "adb") || loc.From != "$ANDROID_SDK_ROOT/platform-tools" {
		t.Fatalf("LocateADB = %v, %v", loc, ok)
	}
	t.Setenv("ANDROID_SDK_ROOT", "")
	home := os.Getenv("HOME")
	os.MkdirAll(filepath.Join(home, "Android", "Sdk"), 0o755)
	os.Symlink(pt, filepath.Join(home, "Android", "Sdk", "platform-tools"))
	os.MkdirAll(filepath.Join(home, "Library", "Android"), 0o755)
	os.Symlink(filepath.Join(home, "Android", "Sdk"), filepath.Join(home, "Library", "Android", "sdk"))
	if loc, ok := LocateADB(); !ok || loc.From == "PATH" {
		t.Fatalf("default SDK folder: %v, %v", loc, ok)
	}
	devices, err := ListDevices(t.Context(), trigger.ExecRunner{LookPath: LookPath}, 0)
	if err != nil || len(devices) != 0 {
		t.Fatalf("adb from the SDK: %v, %v", devices, err)
	}
}
