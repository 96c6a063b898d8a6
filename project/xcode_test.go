package project

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// xcodeFixture unpacks a testdata/xcode archive into a temporary project
// root and returns the root and the archive's "want" section.
func xcodeFixture(t *testing.T, file string) (root, want string) {
	t.Helper()
	a, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	root = t.TempDir()
	for _, f := range a.Files {
		if f.Name == "want" {
			want = string(f.Data)
			continue
		}
		p := filepath.Join(root, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root, want
}

// TestXcodeFixtures runs XcodeTargets and FindInfoPlist over every project
// in testdata/xcode. Each archive's "want" section holds the expected
// targets ("pbxproj:", "target:" and indented fields), or "error:" for
// XcodeTargets, and "find [TARGET]: path" or "find [TARGET]: error: a|b"
// (substrings the error must contain) for FindInfoPlist.
func TestXcodeFixtures(t *testing.T) {
	files, _ := filepath.Glob("testdata/xcode/*.txtar")
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			root, want := xcodeFixture(t, file)
			var wantTargets, finds []string
			wantErr := ""
			for _, line := range strings.Split(strings.TrimSpace(want), "\n") {
				switch {
				case strings.HasPrefix(line, "find"):
					finds = append(finds, line)
				case strings.HasPrefix(line, "error: "):
					wantErr = strings.TrimPrefix(line, "error: ")
				default:
					wantTargets = append(wantTargets, line)
				}
			}
			pbx, targets, err := XcodeTargets(root)
			switch {
			case wantErr != "":
				if err == nil || !strings.Contains(err.Error(), wantErr) {
					t.Errorf("XcodeTargets error = %v, want %q", err, wantErr)
				}
			case len(wantTargets) == 0:
				if _, ok := err.(*NotFoundError); !ok {
					t.Errorf("XcodeTargets = %q, %v, %v; want a *NotFoundError", pbx, targets, err)
				}
			default:
				if err != nil {
					t.Fatalf("XcodeTargets: %v", err)
				}
				if got := describeTargets(pbx, targets); got != strings.Join(wantTargets, "\n") {
					t.Errorf("XcodeTargets:\n%s\nwant:\n%s", got, strings.Join(wantTargets, "\n"))
				}
			}
			for _, f := range finds {
				spec, expect, _ := strings.Cut(f, ": ")
				target := strings.TrimSpace(strings.TrimPrefix(spec, "find"))
				got, err := FindInfoPlist(root, target)
				if msg, isErr := strings.CutPrefix(expect, "error: "); isErr {
					if err == nil {
						t.Errorf("FindInfoPlist(%q) = %q, want an error", target, got)
						continue
					}
					for _, part := range strings.Split(msg, "|") {
						if !strings.Contains(err.Error(), filepath.FromSlash(part)) {
							t.Errorf("FindInfoPlist(%q) error:\n%v\nwant it to contain %q", target, err, part)
						}
					}
					continue
				}
				if err != nil || got != filepath.FromSlash(expect) {
					t.Errorf("FindInfoPlist(%q) = %q, %v; want %q", target, got, err, expect)
				}
			}
		})
	}
}

func describeTargets(pbx string, targets []XcodeTarget) string {
	var b strings.Builder
	fmt.Fprintf(&b, "pbxproj: %s", filepath.ToSlash(pbx))
	for _, t := range targets {
		fmt.Fprintf(&b, "\ntarget: %s %s %s", t.Name, t.ProductType, t.Configuration)
		if t.Platform != PlatformIOS {
			fmt.Fprintf(&b, "\n  platform: %s", t.Platform)
		}
		if t.InfoPlist != "" {
			fmt.Fprintf(&b, "\n  infoplist: %s", filepath.ToSlash(t.InfoPlist))
		}
		if t.GeneratesInfoPlist {
			b.WriteString("\n  generates")
		}
		if t.Entitlements != "" {
			fmt.Fprintf(&b, "\n  entitlements: %s", filepath.ToSlash(t.Entitlements))
		}
		if t.BundleID != "" {
			fmt.Fprintf(&b, "\n  bundle: %s", t.BundleID)
		}
	}
	return b.String()
}

func TestResolveSettings(t *testing.T) {
	r := &settingResolver{
		levels: []map[string]any{
			{"PRODUCT_NAME": "$(TARGET_NAME)", "SUFFIX": "${CONFIG_SUFFIX}", "LOOP": "$(LOOP)x", "EMPTY": ""},
			{"CONFIG_SUFFIX": ".beta", "ORG": "com.acme"},
		},
		builtin: map[string]string{"TARGET_NAME": "My App_1", "SRCROOT": srcRootMark},
	}
	tests := []struct{ in, want string }{
		{"$(ORG).$(PRODUCT_NAME:rfc1034identifier)", "com.acme.My-App-1"},
		{"$(ORG).$(PRODUCT_NAME:c99extidentifier)$(SUFFIX)", "com.acme.My_App_1.beta"},
		{"$(PRODUCT_NAME:lower)", "my app_1"},
		{"$(UNKNOWN_VAR).x", "$(UNKNOWN_VAR).x"},
		{"$(inherited) -ObjC", " -ObjC"},
		{"$(LOOP)", "$(LOOP)xxxxxxxxx"}, // a self-reference stops after a few rounds
		{"$(unterminated", "$(unterminated"},
		{"plain", "plain"},
		{"com.acme$(EMPTY).app", "com.acme.app"},
	}
	for _, tt := range tests {
		if got := r.resolve(tt.in, 0); got != tt.want {
			t.Errorf("resolve(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestProjectPath(t *testing.T) {
	tests := []struct{ dir, p, want string }{
		{"ios", "MyApp/Info.plist", "ios/MyApp/Info.plist"},
		{"ios", srcRootMark + "/MyApp/Info.plist", "ios/MyApp/Info.plist"},
		{".", srcRootMark + "/App/Info.plist", "App/Info.plist"},
		{"ios", "../shared/Info.plist", "shared/Info.plist"},
		{"ios", "/abs/Info.plist", "/abs/Info.plist"},
	}
	for _, tt := range tests {
		if got := projectPath(tt.dir, tt.p); got != filepath.FromSlash(tt.want) {
			t.Errorf("projectPath(%q, %q) = %q, want %q", tt.dir, tt.p, got, tt.want)
		}
	}
}

func TestSettingInherited(t *testing.T) {
	r := &settingResolver{
		levels: []map[string]any{
			{"OTHER_LDFLAGS": "$(inherited) -ObjC", "FLAGS": "-a"},
			{"OTHER_LDFLAGS": "$(inherited) -lz", "SDKROOT": "iphoneos"},
			nil,
			{"OTHER_LDFLAGS": "-lc++", "INFOPLIST_FILE": "$(SRCROOT)/App/Info.plist"},
		},
		builtin: map[string]string{"SRCROOT": srcRootMark},
	}
	tests := []struct{ name, want string }{
		{"OTHER_LDFLAGS", "-lc++ -lz -ObjC"},
		{"SDKROOT", "iphoneos"},
		{"INFOPLIST_FILE", srcRootMark + "/App/Info.plist"},
		{"MISSING", ""},
	}
	for _, tt := range tests {
		if got := r.setting(tt.name); got != tt.want {
			t.Errorf("setting(%s) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestTargetPlatform(t *testing.T) {
	tests := []struct{ sdk, supported, want string }{
		{"iphoneos", "", PlatformIOS},
		{"", "", PlatformIOS},
		{"appletvos", "", PlatformTVOS},
		{"watchos", "", PlatformWatchOS},
		{"macosx", "", PlatformMacOS},
		{"auto", "iphoneos iphonesimulator", PlatformIOS},
		{"xros", "", PlatformVisionOS},
	}
	for _, tt := range tests {
		if got := targetPlatform(tt.sdk, tt.supported); got != tt.want {
			t.Errorf("targetPlatform(%q, %q) = %q, want %q", tt.sdk, tt.supported, got, tt.want)
		}
	}
}
