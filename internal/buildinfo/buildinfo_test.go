package buildinfo

import "testing"

func TestShort(t *testing.T) {
	tests := []struct {
		in   Info
		want string
	}{
		{Info{Version: "1.2.3", Commit: "0123456789abcdef"}, "1.2.3"},
		{Info{Version: "(devel)"}, "(devel)"},
		{Info{Version: "(devel)", Commit: "0123456789abcdef"}, "(devel) 0123456789ab"},
		{Info{Version: "(devel)", Commit: "0123456789abcdef", Modified: true}, "(devel) 0123456789ab-dirty"},
	}
	for _, tt := range tests {
		if got := tt.in.Short(); got != tt.want {
			t.Errorf("%+v.Short() = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestReadStamped(t *testing.T) {
	defer func(v, c, d string) { version, commit, date = v, c, d }(version, commit, date)
	version, commit, date = "9.9.9", "feedface", "2026-12-03T00:00:00Z"
	in := Read()
	if in.Version != "9.9.9" || in.Commit != "feedface" || in.Date != "2026-12-03T00:00:00Z" || in.Modified {
		t.Fatalf("Read() = %+v, want the stamped values", in)
	}
	if in.GoVersion == "" {
		t.Fatal("Read() has no Go version")
	}
}

func TestLong(t *testing.T) {
	tests := []struct {
		in   Info
		want string
	}{
		{Info{Version: "1.2.3", Commit: "feedface", Date: "2026-12-03T00:00:00Z", GoVersion: "go1.26"},
			"bgkit 1.2.3\ncommit: feedface\ndate:   2026-12-03T00:00:00Z\ngo:     go1.26\n"},
		{Info{Version: "(devel)", Commit: "feedface", Modified: true, GoVersion: "go1.26"},
			"bgkit (devel)\ncommit: feedface (with uncommitted changes)\ndate:   unknown\ngo:     go1.26\n"},
		{Info{Version: "(devel)", GoVersion: "go1.26"},
			"bgkit (devel)\ncommit: unknown\ndate:   unknown\ngo:     go1.26\n"},
	}
	for _, tt := range tests {
		if got := tt.in.Long(); got != tt.want {
			t.Errorf("%+v.Long() = %q, want %q", tt.in, got, tt.want)
		}
	}
}
