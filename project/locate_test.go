package project

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/internal/testutil"
)

func TestLocate(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	testutil.WriteTree(t, root, map[string]string{
		"mono/apps/a/package.json":  `{"dependencies": {"expo": "~54.0.0"}}`,
		"mono/apps/b/package.json":  `{"dependencies": {"react-native": "0.79.0"}}`,
		"mono/apps/b/ios/x/keep":    "",
		"mono/libs/p/package.json":  `{"name": "p", "peerDependencies": {"react-native": "*"}, "codegenConfig": {}}`,
		"file.txt":                  "",
		"empty/.keep":               "",
		"mono/apps/a/app.json":      `{"expo": {"name": "a"}}`,
		"mono/apps/b/android/.keep": "",
	})
	dir := fsutil.Dir(root)

	loc, err := Locate(dir, "mono/apps/a")
	if err != nil || !reflect.DeepEqual(loc, &Location{Root: "mono/apps/a", Apps: []string{"."}}) {
		t.Errorf("the app itself: %+v, %v", loc, err)
	}
	loc, err = Locate(dir, "mono/apps/b/ios/x")
	if err != nil || !reflect.DeepEqual(loc, &Location{Root: filepath.FromSlash("mono/apps/b"), Apps: []string{"."}, Above: true}) {
		t.Errorf("inside an app: %+v, %v", loc, err)
	}
	loc, err = Locate(dir, "mono")
	if err != nil || !reflect.DeepEqual(loc, &Location{Root: "mono", Apps: []string{"apps/a", "apps/b"}, Below: true}) {
		t.Errorf("a monorepo: %+v, %v", loc, err)
	}
	var naf *NotAFolderError
	if _, err := Locate(dir, "file.txt"); !errors.As(err, &naf) || err.Error() != "file.txt is not a folder: give the project's root folder" {
		t.Errorf("a file: %v", err)
	}
	if _, err := Locate(dir, "nope"); !errors.Is(err, fs.ErrNotExist) || !strings.HasPrefix(err.Error(), "cannot read the project at nope: ") {
		t.Errorf("a missing folder: %v", err)
	}
	var na *NoAppError
	if _, err := Locate(dir, "empty"); !errors.As(err, &na) || na.Dir != "empty" {
		t.Errorf("no app: %v", err)
	}
}

// A folder too large to list whole, with no app in what was listed, is
// still a *NoAppError, its message saying the listing stopped.
func TestLocateStoppedListingIsNoAppError(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	for i := 0; i <= maxAppDirs; i++ {
		if err := os.Mkdir(filepath.Join(root, fmt.Sprintf("d%05d", i)), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	_, err := Locate(fsutil.Dir(root), ".")
	var na *NoAppError
	if !errors.As(err, &na) || na.Dir != "." || !strings.Contains(err.Error(), "bgkit stopped after listing many folders") {
		t.Fatalf("err = %v, want a *NoAppError saying the listing stopped", err)
	}
}
