package ids

import (
	"regexp"
	"strings"
	"testing"
)

func TestAndroidPackage(t *testing.T) {
	good := []string{"com.example.app", "a.b", "com.Example_1.app_2", "io.ionic.starter"}
	bad := []string{"", "app", ".com.example", "com.example.", "com..example", "1com.example",
		"com.1example", "com._example", "com.exa-mple", "com.example app", "com.example;reboot",
		"com.example'", "com.example\n", "com.ex$ample", "${applicationId}", "com.x'", "com.x;reboot"}
	for _, s := range good {
		if !AndroidPackage(s) {
			t.Errorf("AndroidPackage(%q) = false, want true", s)
		}
	}
	for _, s := range bad {
		if AndroidPackage(s) {
			t.Errorf("AndroidPackage(%q) = true, want false", s)
		}
	}
}

func TestReverseDNS(t *testing.T) {
	good := []string{"com.example.app", "com.transistorsoft.fetch", "com.expo.modules.backgroundtask.processing",
		"com.example.my-app", "com.example.-x", "_x.y", "9x.y", "com.example.App_2"}
	bad := []string{"", "app", "-com.example", ".com.example", "com.example.", "com..example",
		`com.example"]`, "com.example app", "com.example@x", `com.example\x`, "com.example]",
		"com.example.*", "com.exämple.app", "com.example.$(NAME)", "com.example. app", strings.Repeat("a.", 128) + "b"}
	for _, s := range good {
		if !ReverseDNS(s) {
			t.Errorf("ReverseDNS(%q) = false, want true", s)
		}
	}
	for _, s := range bad {
		if ReverseDNS(s) {
			t.Errorf("ReverseDNS(%q) = true, want false", s)
		}
	}
}

// The hand-written checks agree with the regular expressions they replace.
func FuzzAgreesWithRegexp(f *testing.F) {
	for _, s := range []string{"com.example.app", "a.b", "a..b", "-a.b", "a.-b", "a_.b", "1a.b", "a.1b", ""} {
		f.Add(s)
	}
	android := regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$`)
	rdns := regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)+$`)
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := AndroidPackage(s), android.MatchString(s); got != want {
			t.Fatalf("AndroidPackage(%q) = %v, regexp says %v", s, got, want)
		}
		if got, want := ReverseDNS(s), len(s) <= 255 && rdns.MatchString(s); got != want {
			t.Fatalf("ReverseDNS(%q) = %v, regexp says %v", s, got, want)
		}
	})
}
