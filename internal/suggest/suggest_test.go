package suggest

import (
	"slices"
	"strings"
	"testing"
)

func TestClosest(t *testing.T) {
	t.Parallel()
	cmds := []string{"show", "add-mode", "remove-mode", "add-task-id", "remove-task-id"}
	modes := []string{"audio", "location", "voip", "fetch", "remote-notification", "processing", "network-authentication"}
	perms := []string{"FOREGROUND_SERVICE", "FOREGROUND_SERVICE_MICROPHONE", "FOREGROUND_SERVICE_REMOTE_MESSAGING", "INTERACT_ACROSS_PROFILES", "INTERNET", "WAKE_LOCK"}
	for _, tc := range []struct {
		in   string
		from []string
		want string
	}{
		{"shw", cmds, "show"},
		{"SHOW", cmds, "show"},
		{"add-mod", cmds, "add-mode"},
		{"remove", cmds, "remove-mode remove-task-id"}, // a prefix of both
		{"jb", []string{"job", "jobs", "doze", "standby"}, "job"},
		{"iso", []string{"android", "fetch", "ios"}, "ios"},
		{"--formt", []string{"--format", "--fix", "--json"}, "--format"},
		{"--dryrun", []string{"--dry-run", "--check", "--file"}, "--dry-run"},
		{"xyz", cmds, ""},
		{"frobnicate", cmds, ""},
		{"", cmds, ""},
		{"fecth", modes, "fetch"},
		{"Fetch", modes, "fetch"},
		{"f", modes, ""},                                       // one letter is nobody's typo
		{"netwo", modes, "network-authentication"},             // a prefix beats 3 edits (fetch)
		{"location-always", modes, "location"},                 // begins with a name
		{"ui-fetch", modes, "fetch"},                           // holds a name it does not begin with: no
		{"remote-notifications", modes, "remote-notification"}, //
		{"WAKELOCK", perms, "WAKE_LOCK"},
		{"FOREGROUND_SERVICE_MICROPHOEN", perms, "FOREGROUND_SERVICE_MICROPHONE"}, // 2 edits beat a name it begins with
		{"FOREGROUND_SERVICE_REMOTE_M", perms, "FOREGROUND_SERVICE_REMOTE_MESSAGING"},
		{"INTERACT_", perms, "INTERACT_ACROSS_PROFILES"},
	} {
		if got := strings.Join(Closest(tc.in, tc.from), " "); got != tc.want {
			t.Errorf("Closest(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestBest(t *testing.T) {
	t.Parallel()
	if got := Best("bluetooth", []string{"audio", "bluetooth-central", "bluetooth-peripheral"}); got != "bluetooth-central" {
		t.Errorf("Best(bluetooth) = %q, want the first of the equals", got)
	}
	if got := Best("zzzzzz", []string{"audio"}); got != "" {
		t.Errorf("Best(zzzzzz) = %q, want none", got)
	}
}

func BenchmarkClosest(b *testing.B) {
	names := []string{"audio", "location", "voip", "external-accessory", "bluetooth-central", "bluetooth-peripheral", "fetch", "remote-notification", "processing"}
	for b.Loop() {
		Closest("remote-notifcation", names)
	}
}

// FuzzClosest: any input, any bytes in it, gets candidates only, the
// nearest first, and Best agrees with Closest.
func FuzzClosest(f *testing.F) {
	names := []string{"show", "add-mode", "remove-mode", "fetch", "WAKE_LOCK", "ios-mode-missing", "é-mode"}
	for _, s := range []string{"shw", "remove", "", "É", "\xff", "location-always", "WAKELOCK"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Closest(s, names)
		for _, g := range got {
			if !slices.Contains(names, g) {
				t.Fatalf("Closest(%q) = %q: not a candidate", s, got)
			}
		}
		if b := Best(s, names); (len(got) == 0) != (b == "") || len(got) > 0 && b != got[0] {
			t.Fatalf("Best(%q) = %q, Closest %q", s, b, got)
		}
		if slices.Contains(names, s) && (len(got) == 0 || got[0] != s && !strings.EqualFold(got[0], s)) {
			t.Fatalf("Closest(%q) = %q: a candidate is its own nearest", s, got)
		}
	})
}
