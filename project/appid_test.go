package project

import (
	"errors"
	"strings"
	"testing"

	"github.com/bgkit/bgkit/internal/testutil"
)

func TestAndroidApplicationID(t *testing.T) {
	tests := []struct {
		name       string
		files      map[string]string
		wantID     string
		wantSource string
	}{
		{
			name: "groovy defaultConfig wins over a flavor",
			files: map[string]string{"android/app/build.gradle": `apply plugin: "com.android.application"
android {
    namespace "com.acme.ns"
    productFlavors {
        free { applicationId "com.acme.free" }
    }
    defaultConfig {
        // applicationId "com.acme.commented"
        applicationId "com.acme.tides"
        minSdkVersion rootProject.ext.minSdkVersion
    }
}
`},
			wantID: "com.acme.tides", wantSource: "android/app/build.gradle:9",
		},
		{
			name: "kotlin script with =",
			files: map[string]string{"android/app/build.gradle.kts": `android {
    namespace = "com.acme.kts"
    defaultConfig {
        applicationId = "com.acme.kts.app"
    }
}
`},
			wantID: "com.acme.kts.app", wantSource: "android/app/build.gradle.kts:4",
		},
		{
			name: "native app module, single quotes",
			files: map[string]string{"app/build.gradle": `android {
    defaultConfig { applicationId 'org.example.native_app' }
}
`},
			wantID: "org.example.native_app", wantSource: "app/build.gradle:2",
		},
		{
			name: "namespace when applicationId is absent",
			files: map[string]string{"app/build.gradle.kts": `android {
    namespace = "org.example.onlyns"
}
`},
			wantID: "org.example.onlyns", wantSource: "app/build.gradle.kts:2",
		},
		{
			name: "block comment is ignored",
			files: map[string]string{"android/app/build.gradle": `android {
    /* applicationId "com.wrong.one"
       still a comment */
    defaultConfig {
        applicationId "com.right.one" // trailing comment
    }
}
`},
			wantID: "com.right.one", wantSource: "android/app/build.gradle:5",
		},
		{
			name: "expo app.json",
			files: map[string]string{"app.json": `{
  "expo": {
    "name": "tides",
    "android": {
      "package": "com.acme.expotides"
    }
  }
}
`},
			wantID: "com.acme.expotides", wantSource: "app.json:5",
		},
		{
			name: "native gradle beats app.json",
			files: map[string]string{
				"app.json":                 `{"expo":{"android":{"package":"com.acme.fromjson"}}}`,
				"android/app/build.gradle": "android {\n  defaultConfig {\n    applicationId \"com.acme.fromgradle\"\n  }\n}\n",
			},
			wantID: "com.acme.fromgradle", wantSource: "android/app/build.gradle:3",
		},
		{
			name:   "capacitor json",
			files:  map[string]string{"capacitor.config.json": "{\n  \"appId\": \"io.ionic.starter\",\n  \"webDir\": \"dist\"\n}\n"},
			wantID: "io.ionic.starter", wantSource: "capacitor.config.json:2",
		},
		{
			name: "capacitor ts",
			files: map[string]string{"capacitor.config.ts": `import type { CapacitorConfig } from '@capacitor/cli';

const config: CapacitorConfig = {
  appId: 'com.acme.capacitor',
  appName: 'acme',
};
export default config;
`},
			wantID: "com.acme.capacitor", wantSource: "capacitor.config.ts:4",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := testutil.TempTree(t, tt.files)
			id, src, err := AndroidApplicationID(root)
			if err != nil {
				t.Fatal(err)
			}
			if id != tt.wantID || src != tt.wantSource {
				t.Fatalf("got %q from %q, want %q from %q", id, src, tt.wantID, tt.wantSource)
			}
		})
	}
}

func TestAndroidApplicationIDErrors(t *testing.T) {
	t.Run("nothing found lists where bgkit looked", func(t *testing.T) {
		_, _, err := AndroidApplicationID(t.TempDir())
		var nf *NotFoundError
		if !errors.As(err, &nf) {
			t.Fatalf("err = %v, want NotFoundError", err)
		}
		for _, want := range []string{"android/app/build.gradle", "app.json (expo.android.package)", "capacitor.config.ts (appId)", "--package"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not mention %q", err, want)
			}
		}
	})
	t.Run("a variable is not guessed", func(t *testing.T) {
		root := testutil.TempTree(t, map[string]string{"android/app/build.gradle": "android {\n  namespace 'com.acme.ns'\n  defaultConfig {\n    applicationId rootProject.ext.appId\n  }\n}\n"})
		_, _, err := AndroidApplicationID(root)
		if err == nil || !strings.Contains(err.Error(), "rootProject.ext.appId") || !strings.Contains(err.Error(), "build.gradle:4") {
			t.Fatalf("err = %v, want a note about rootProject.ext.appId at build.gradle:4", err)
		}
	})
	t.Run("an invalid id is refused", func(t *testing.T) {
		root := testutil.TempTree(t, map[string]string{"app.json": `{"expo":{"android":{"package":"com.acme;reboot"}}}`})
		_, _, err := AndroidApplicationID(root)
		var inv *InvalidAppIDError
		if !errors.As(err, &inv) || inv.ID != "com.acme;reboot" || inv.Source != "app.json:1" {
			t.Fatalf("err = %#v, want InvalidAppIDError for app.json:1", err)
		}
	})
	t.Run("malformed app.json", func(t *testing.T) {
		root := testutil.TempTree(t, map[string]string{"app.json": `{"expo":`})
		if _, _, err := AndroidApplicationID(root); err == nil || !strings.Contains(err.Error(), "app.json") {
			t.Fatalf("err = %v, want an app.json parse error", err)
		}
	})
}

func FuzzGradleApplicationID(f *testing.F) {
	f.Add("android {\n defaultConfig {\n  applicationId \"com.a.b\"\n }\n}\n")
	f.Add("/* x\n applicationId 'q' */ namespace = \"a.b\"")
	f.Add("applicationId(\"a.b\") // x")
	f.Fuzz(func(t *testing.T, s string) {
		id, line, _ := gradleApplicationID([]byte(s))
		if id != "" && (line < 1 || line > strings.Count(s, "\n")+1) {
			t.Fatalf("line %d out of range for id %q", line, id)
		}
	})
}

// The Expo and Capacitor configs are read the same way for both platforms'
// ids: with lines, tolerant of what Expo and TypeScript accept, and never
// by running code.
func TestAppIDsFromConfigs(t *testing.T) {
	for _, tc := range []struct {
		name               string
		files              map[string]string
		wantAndroid        string
		wantIOS            string
		wantSource         string
		wantInvalidAndroid bool
	}{
		{
			name:        "app.json without the expo wrapper",
			files:       map[string]string{"app.json": "{\n  \"name\": \"x\",\n  \"android\": {\"package\": \"com.acme.plain\"},\n  \"ios\": {\"bundleIdentifier\": \"com.acme.plain\"}\n}\n"},
			wantAndroid: "com.acme.plain", wantIOS: "com.acme.plain", wantSource: "app.json:3",
		},
		{
			name:        "app.json with a trailing comma, as Expo accepts",
			files:       map[string]string{"app.json": "{\"expo\": {\n\"android\": {\"package\": \"com.acme.tc\",},\n\"ios\": {\"bundleIdentifier\": \"com.acme.tc\",},\n}}\n"},
			wantAndroid: "com.acme.tc", wantIOS: "com.acme.tc", wantSource: "app.json:2",
		},
		{
			name:        "capacitor.config.ts literal",
			files:       map[string]string{"capacitor.config.ts": "import type { CapacitorConfig } from '@capacitor/cli';\n\nconst config: CapacitorConfig = {\n  appId: 'io.acme.cap',\n  appName: 'Cap',\n};\n\nexport default config;\n"},
			wantAndroid: "io.acme.cap", wantIOS: "io.acme.cap", wantSource: "capacitor.config.ts:4",
		},
		{
			name:               "capacitor.config.ts computed id",
			files:              map[string]string{"capacitor.config.ts": "const config = {\n  appId: process.env.APP_ID,\n};\nexport default config;\n"},
			wantInvalidAndroid: true,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := testutil.TempTree(t, tc.files)
			id, src, err := AndroidApplicationID(root)
			if tc.wantInvalidAndroid {
				var inv *InvalidAppIDError
				if !errors.As(err, &inv) || !strings.Contains(inv.Source, "capacitor.config.ts:2") {
					t.Fatalf("err = %v, want an InvalidAppIDError at capacitor.config.ts:2", err)
				}
				_, _, err = IOSBundleID(root)
				var invIOS *InvalidBundleIDError
				if !errors.As(err, &invIOS) || !invIOS.Code {
					t.Fatalf("iOS err = %v, want an InvalidBundleIDError for code", err)
				}
				return
			}
			if err != nil || id != tc.wantAndroid || src != tc.wantSource {
				t.Fatalf("AndroidApplicationID = %q, %q, %v; want %q, %q", id, src, err, tc.wantAndroid, tc.wantSource)
			}
			id, src, err = IOSBundleID(root)
			if err != nil || id != tc.wantIOS {
				t.Fatalf("IOSBundleID = %q, %q, %v; want %q", id, src, err, tc.wantIOS)
			}
		})
	}
}
