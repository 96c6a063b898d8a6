package suggest

import (
	"strings"
	"testing"
)

func TestClosest(t *testing.T) {
	t.Parallel()
	cmds := []string{"show", "add-mode", "remove-mode", "add-task-id", "remove-task-id"}
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
