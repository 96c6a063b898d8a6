package lockfile

import (
	"os"
	"path/filepath"
	"testing"
)

func TestReaders(t *testing.T) {
	tests := []struct {
		name string
		f    func([]byte) map[string]string
		data string
		want map[string]string
	}{
		{"npm v3", PackageLock, `{"lockfileVersion":3,"packages":{"":{},"node_modules/react-native-background-fetch":{"version":"3.1.0"},"node_modules/a/node_modules/b":{"version":"9.9.9"}}}`,
			map[string]string{"react-native-background-fetch": "3.1.0"}},
		{"npm v1", PackageLock, `{"lockfileVersion":1,"dependencies":{"@capacitor/background-runner":{"version":"1.0.5"}}}`,
			map[string]string{"@capacitor/background-runner": "1.0.5"}},
		{"yarn v1", YarnLock, "# yarn lockfile v1\n\n\"@capacitor/background-runner@^1.0.0\", \"@capacitor/background-runner@^1.0.5\":\n  version \"1.0.5\"\n  resolved \"x\"\n\nreact-native-background-fetch@^3.1.0:\n  version \"3.1.0\"\n",
			map[string]string{"@capacitor/background-runner": "1.0.5", "react-native-background-fetch": "3.1.0"}},
		{"yarn berry", YarnLock, "__metadata:\n  version: 8\n\n\"react-native-background-fetch@npm:^4.2.5\":\n  version: 4.2.5\n  resolution: \"x\"\n  dependencies:\n    foo: \"npm:1\"\n",
			map[string]string{"react-native-background-fetch": "4.2.5"}},
		{"pnpm v9", PnpmLock, "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      '@capacitor/background-runner':\n        specifier: ^1.0.0\n        version: 1.0.5(@capacitor/core@6.0.0)\n\npackages:\n\n  '@capacitor/background-runner@1.0.5':\n    resolution: {integrity: x}\n",
			map[string]string{"@capacitor/background-runner": "1.0.5"}},
		{"pnpm v5", PnpmLock, "lockfileVersion: 5.4\n\npackages:\n\n  /react-native-background-fetch/3.1.0:\n    resolution: {integrity: x}\n",
			map[string]string{"react-native-background-fetch": "3.1.0"}},
		{"bun", BunLock, "{\n  \"lockfileVersion\": 1,\n  \"packages\": {\n    \"@capacitor/background-runner\": [\"@capacitor/background-runner@2.1.0\", \"\", {}, \"sha\"],\n  },\n}\n",
			map[string]string{"@capacitor/background-runner": "2.1.0"}},
		{"pubspec", PubspecLock, "packages:\n  workmanager:\n    dependency: \"direct main\"\n    description:\n      name: workmanager\n    source: hosted\n    version: \"0.5.2\"\nsdks:\n  dart: \">=3.0.0\"\n",
			map[string]string{"workmanager": "0.5.2"}},
	}
	for _, tt := range tests {
		got := tt.f([]byte(tt.data))
		for k, v := range tt.want {
			if got[k] != v {
				t.Errorf("%s: %s = %q, want %q (all: %v)", tt.name, k, got[k], v, got)
			}
		}
		if tt.name == "npm v3" && got["b"] != "" {
			t.Errorf("npm: nested package read as top level: %v", got)
		}
	}
}

func FuzzLockfiles(f *testing.F) {
	f.Add([]byte("\"a@^1\":\n  version \"1.0.0\"\n"))
	f.Add([]byte("packages:\n  /a@1.0.0:\n"))
	f.Add([]byte(`{"packages":{"node_modules/a":{"version":"1"}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, fn := range []func([]byte) map[string]string{PackageLock, YarnLock, PnpmLock, BunLock, PubspecLock} {
			for k := range fn(data) {
				if k == "" {
					t.Fatalf("empty package name from %q", data)
				}
			}
		}
	})
}

func TestConflictsAndParents(t *testing.T) {
	y := YarnLock([]byte("a@^3.0.0:\n  version \"3.1.0\"\n\na@^4.0.0:\n  version \"4.2.5\"\n\nb@^1:\n  version \"1.0.0\"\n"))
	if _, ok := y["a"]; ok || y["b"] != "1.0.0" {
		t.Errorf("two versions of a must give none: %v", y)
	}
	top := t.TempDir()
	app := filepath.Join(top, "apps", "mobile")
	if err := os.MkdirAll(app, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(top, "yarn.lock"), []byte("b@^1:\n  version \"1.2.0\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	vs := Read(app)
	if len(vs) != 1 || vs[0].By["b"] != "1.2.0" || vs[0].File != "../../yarn.lock" {
		t.Fatalf("Read = %+v", vs)
	}
	if err := os.Mkdir(filepath.Join(app, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if vs := Read(app); len(vs) != 0 {
		t.Fatalf("Read looked above the repository: %+v", vs)
	}
}
