package android

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
)

// ADBLocation is the adb program bgkit runs and where it was found.
type ADBLocation struct {
	Path string `json:"path"`
	// From says where: "PATH", "$ANDROID_HOME/platform-tools",
	// "$ANDROID_SDK_ROOT/platform-tools", or the SDK's default folder.
	From string `json:"from"`
}

// adbCandidate is a place adb may be when it is not on PATH.
type adbCandidate struct{ dir, from string }

// adbSDKCandidates are the places Android Studio and the SDK manager put
// adb, in the order bgkit tries them: the SDK the environment names, then
// the SDK's default folder on each system (Android Studio's first-run
// wizard installs there).
func adbSDKCandidates(getenv func(string) string, home, goos string) []adbCandidate {
	var c []adbCandidate
	if v := getenv("ANDROID_HOME"); v != "" {
		c = append(c, adbCandidate{filepath.Join(v, "platform-tools"), "$ANDROID_HOME/platform-tools"})
	}
	if v := getenv("ANDROID_SDK_ROOT"); v != "" {
		c = append(c, adbCandidate{filepath.Join(v, "platform-tools"), "$ANDROID_SDK_ROOT/platform-tools"})
	}
	switch goos {
	case "darwin":
		if home != "" {
			c = append(c, adbCandidate{filepath.Join(home, "Library", "Android", "sdk", "platform-tools"), "~/Library/Android/sdk/platform-tools"})
		}
	case "windows":
		if v := getenv("LOCALAPPDATA"); v != "" {
			c = append(c, adbCandidate{filepath.Join(v, "Android", "Sdk", "platform-tools"), `%LOCALAPPDATA%\Android\Sdk\platform-tools`})
		}
	default:
		if home != "" {
			c = append(c, adbCandidate{filepath.Join(home, "Android", "Sdk", "platform-tools"), "~/Android/Sdk/platform-tools"})
		}
	}
	return c
}

// LocateADB finds adb: on PATH, else in the Android SDK (see
// adbSDKCandidates). ok is false when it is nowhere.
func LocateADB() (ADBLocation, bool) {
	if p, err := exec.LookPath("adb"); err == nil {
		return ADBLocation{Path: p, From: "PATH"}, true
	}
	home, _ := os.UserHomeDir()
	exe := "adb"
	if runtime.GOOS == "windows" {
		exe = "adb.exe"
	}
	for _, c := range adbSDKCandidates(os.Getenv, home, runtime.GOOS) {
		p := filepath.Join(c.dir, exe)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() && (runtime.GOOS == "windows" || st.Mode()&0o111 != 0) {
			return ADBLocation{Path: p, From: c.from}, true
		}
	}
	return ADBLocation{}, false
}

// WhichADB says which adb bgkit runs: always when it is not the one on
// PATH (Android Studio's SDK, which it does not put on PATH), and when
// verbose in any case; "" otherwise.
func WhichADB(verbose bool) string {
	loc, ok := LocateADB()
	switch {
	case !ok:
	case loc.From != "PATH":
		return fmt.Sprintf("using adb from %s (it is not on PATH): %s", loc.From, loc.Path)
	case verbose:
		return "using adb on PATH: " + loc.Path
	}
	return ""
}

// LookPath finds the program a Cmd names, for trigger.ExecRunner: on PATH,
// and adb also in the Android SDK, where Android Studio installs it without
// touching PATH.
func LookPath(name string) (string, error) {
	p, err := exec.LookPath(name)
	if err == nil || name != "adb" {
		return p, err
	}
	if loc, ok := LocateADB(); ok {
		return loc.Path, nil
	}
	return "", err
}
