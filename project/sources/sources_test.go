package sources

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/bgkit/bgkit/internal/testutil"
)

func TestList(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"App.tsx":                        "x",
		"src/screens/HomeScreen.js":      "x",
		"lib/tasks/sync.dart":            "x",
		"ios/App/AppDelegate.swift":      "x",
		"ios/App/Tasks.m":                "x",
		"android/app/src/main/java/A.kt": "x",
		"node_modules/lib/index.js":      "x",
		"ios/Pods/P/P.m":                 "x",
		"android/app/build/gen/B.java":   "x",
		"lib/model.g.dart":               "x",
		"src/types.d.ts":                 "x",
		"src/__tests__/a.test.js":        "x",
		"dist/main.js":                   "x",
		".expo/x.js":                     "x",
		"src/big.js":                     strings.Repeat("x", MaxFile+1),
		"README.md":                      "x",
	}
	testutil.WriteTree(t, root, files)
	if err := os.Symlink(filepath.Join(root, "src"), filepath.Join(root, "linked")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "App.tsx"), filepath.Join(root, "Link.tsx")); err != nil {
		t.Fatal(err)
	}
	got := List(root)
	for i := range got {
		got[i] = filepath.ToSlash(got[i])
	}
	want := []string{"App.tsx", "android/app/src/main/java/A.kt", "ios/App/AppDelegate.swift", "ios/App/Tasks.m", "lib/tasks/sync.dart", "src/screens/HomeScreen.js"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("List = %v\nwant   %v", got, want)
	}
}
