package project

import (
	"testing"
)

func TestParseFlutterVersion(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" when not a version
	}{
		{"3.22.0", "3.22.0"},
		{"v3.22.2", "3.22.2"},
		{" 3.7.12 ", "3.7.12"},
		{"3.22.0@stable", "3.22.0"},
		{"3.24.0-0.2.pre@beta", "3.24.0-0.2.pre"},
		{"3.7.12-stable", "3.7.12"},
		{"3.24.0-0.2.pre-beta", "3.24.0-0.2.pre"},
		{"3.23.0-13.0.pre.123", "3.23.0-13.0.pre.123"},
		{"3.22.0-stable-stable", ""},
		{"3.22.0-beta", ""},
		{"3.22.0-0.1.pre-beta-beta", ""},
		{"stable", ""},
		{"beta", ""},
		{"3.22", ""},
		{"3.22.0.1", ""},
		{"3.x.0", ""},
		{"3.22.0-", ""},
		{"3.22.0-pre!", ""},
		{"b06b8b2710955028a6b562f5aa6fe62941d6febf", ""},
		{"", ""},
		{"99999.1.1", ""},
	}
	for _, tt := range tests {
		v, ok := parseFlutterVersion(tt.in)
		got := ""
		if ok {
			got = v.String()
		}
		if got != tt.want {
			t.Errorf("parseFlutterVersion(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// The table's boundaries, as the release tags hold them (see README).
func TestFlutterDefaultAt(t *testing.T) {
	tests := []struct {
		version string
		want    int // 0: not covered
	}{
		{"2.5.3", 0}, // no flutter.targetSdkVersion before 2.8.0
		{"2.8.0", 31},
		{"3.3.10", 31},
		{"3.7.0", 33},
		{"3.19.6", 33},
		{"3.22.0", 34},
		{"3.24.5", 34},
		{"3.27.0", 35},
		{"3.29.3", 35},
		{"3.32.0", 35},
		{"3.35.0", 36},
		{"3.35.7", 36},
		{"3.38.0", 0}, // past the table: only a lower bound
		{"4.0.0", 0},
	}
	for _, tt := range tests {
		v, ok := parseFlutterVersion(tt.version)
		if !ok {
			t.Fatalf("cannot parse %s", tt.version)
		}
		row, covered := flutterDefaultAt(v)
		if got := row.TargetSDK; covered != (tt.want > 0) || got != tt.want {
			t.Errorf("flutterDefaultAt(%s) = %d, %v; want %d", tt.version, got, covered, tt.want)
		}
	}
}

func TestFlutterFloorAt(t *testing.T) {
	tests := []struct {
		version string
		want    int // 0: no floor
	}{
		{"2.5.0", 0},
		{"2.8.0", 31},
		{"3.7.0-1.0.pre", 31}, // a beta before 3.7.0 may predate its bump
		{"3.7.0", 33},
		{"3.22.0", 34},
		{"3.27.0-0.1.pre", 34},
		{"3.29.0", 35},
		{"3.38.1", 36},
	}
	for _, tt := range tests {
		v, _ := parseFlutterVersion(tt.version)
		row, ok := flutterFloorAt(v)
		if got := row.TargetSDK; ok != (tt.want > 0) || got != tt.want {
			t.Errorf("flutterFloorAt(%s) = %d, %v; want %d", tt.version, got, ok, tt.want)
		}
	}
}

// The table is sorted, only rises, and every release revision maps to a
// version the table covers.
func TestFlutterTables(t *testing.T) {
	rows := FlutterTargetSDKDefaults()
	for i := 1; i < len(rows); i++ {
		a, _ := parseFlutterVersion(rows[i-1].Since)
		b, _ := parseFlutterVersion(rows[i].Since)
		if !a.less(b) || rows[i-1].TargetSDK >= rows[i].TargetSDK {
			t.Errorf("rows %d and %d out of order: %+v %+v", i-1, i, rows[i-1], rows[i])
		}
	}
	if last, _ := parseFlutterVersion(rows[len(rows)-1].Since); !last.less(flutterTableEnd) {
		t.Errorf("flutterTableEnd %s is not after the last row", flutterTableEnd)
	}
	if len(flutterReleaseRevisions) < 90 {
		t.Errorf("only %d release revisions", len(flutterReleaseRevisions))
	}
	for rev, ver := range flutterReleaseRevisions {
		v, ok := parseFlutterVersion(ver)
		if len(rev) != 40 || !ok || v.Pre != "" {
			t.Errorf("bad revision entry %s: %s", rev, ver)
			continue
		}
		if _, covered := flutterDefaultAt(v); !covered {
			t.Errorf("revision %s: %s is outside the table", rev, ver)
		}
	}
	if flutterReleaseRevisions["b06b8b2710955028a6b562f5aa6fe62941d6febf"] != "3.7.0" ||
		flutterReleaseRevisions["ee4e09cce01d6f2d7f4baebd247fde02e5008851"] != "3.0.0" {
		t.Error("known release revisions do not map to their versions")
	}
}

func TestFlutterVersionFiles(t *testing.T) {
	if v, line, _, ok := readFVMConfig([]byte("{\n  \"flutter\": \"3.22.2\"\n}\n")); !ok || v.String() != "3.22.2" || line != 2 {
		t.Errorf(".fvmrc: %v %d %v", v, line, ok)
	}
	if _, _, raw, ok := readFVMConfig([]byte(`{"flutter": "stable"}`)); ok || raw != "stable" {
		t.Errorf(".fvmrc channel: %q %v", raw, ok)
	}
	if _, _, raw, ok := readFVMConfig([]byte(`{"flutter": 3}`)); ok || raw != "" {
		t.Errorf(".fvmrc number: %q %v", raw, ok)
	}
	if v, line, _, ok := readFVMConfig([]byte("{\n  \"flutterSdkVersion\": \"3.10.6\",\n  \"flavors\": {}}")); !ok || v.String() != "3.10.6" || line != 2 {
		t.Errorf("fvm_config.json: %v %d %v", v, line, ok)
	}
	if v, line, _, ok := readToolVersions([]byte("nodejs 20.1.0\n# flutter 1.0.0\nflutter 3.19.6-stable 3.22.0-stable\n")); !ok || v.String() != "3.19.6" || line != 3 {
		t.Errorf(".tool-versions: %v %d %v", v, line, ok)
	}
	lock := "packages:\n  flutter:\n    source: sdk\nsdks:\n  dart: \">=3.4.0 <4.0.0\"\n  flutter: \">=3.22.0\"\n"
	if v, line, _, ok := readYAMLFlutterBound([]byte(lock), "sdks"); !ok || v.String() != "3.22.0" || line != 6 {
		t.Errorf("pubspec.lock: %v %d %v", v, line, ok)
	}
	// dependencies: flutter: is not the SDK constraint.
	pubspec := "dependencies:\n  flutter:\n    sdk: flutter\nenvironment:\n  sdk: ^3.4.0\n  flutter: ^3.19.0 # at least\n"
	if v, line, _, ok := readYAMLFlutterBound([]byte(pubspec), "environment"); !ok || v.String() != "3.19.0" || line != 6 {
		t.Errorf("pubspec.yaml: %v %d %v", v, line, ok)
	}
	for _, c := range []string{">3.22.0", "any", "<4.0.0"} {
		if v, ok := lowestOfConstraint(c); ok {
			t.Errorf("lowestOfConstraint(%q) = %v", c, v)
		}
	}
	if v, ok := lowestOfConstraint(">=3.19.0 <4.0.0"); !ok || v.String() != "3.19.0" {
		t.Errorf("range: %v %v", v, ok)
	}
	meta := "# tracks\nversion:\n  revision: \"ee4e09cce01d6f2d7f4baebd247fde02e5008851\"\n  channel: \"stable\"\n\nproject_type: app\nmigration:\n  revision: abc\n"
	if rev, ch, line := readMetadataRevision([]byte(meta)); rev != "ee4e09cce01d6f2d7f4baebd247fde02e5008851" || ch != "stable" || line != 3 {
		t.Errorf(".metadata: %q %q %d", rev, ch, line)
	}
}

func FuzzFlutterVersionFiles(f *testing.F) {
	f.Add([]byte("{\"flutter\": \"3.22.0@beta\"}"))
	f.Add([]byte("3.22.0-stable-stable"))
	f.Add([]byte("flutter 3.24.0-0.2.pre-beta\n"))
	f.Add([]byte("sdks:\n  flutter: \">=3.22.0\"\n"))
	f.Add([]byte("environment:\n  flutter: ^3.7.0\n"))
	f.Add([]byte("version:\n  revision: \"b06b8b2710955028a6b562f5aa6fe62941d6febf\"\n  channel: stable\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		readFVMConfig(data)
		readToolVersions(data)
		readYAMLFlutterBound(data, "sdks")
		readYAMLFlutterBound(data, "environment")
		readMetadataRevision(data)
		if v, ok := parseFlutterVersion(string(data)); ok {
			if w, ok2 := parseFlutterVersion(v.String()); !ok2 || w != v {
				t.Errorf("%q parses to %v, which does not parse back (%v)", data, v, w)
			}
			flutterDefaultAt(v)
			flutterFloorAt(v)
		}
	})
}
