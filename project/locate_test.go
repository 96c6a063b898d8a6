package project

import (
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

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
	at := func(rel string) string { return filepath.Join(root, filepath.FromSlash(rel)) }

	loc, err := Locate(at("mono/apps/a"), "a", root)
	if err != nil || !reflect.DeepEqual(loc, &Location{Root: "a", Apps: []string{"."}}) {
		t.Errorf("the app itself: %+v, %v", loc, err)
	}
	loc, err = Locate(at("mono/apps/b/ios/x"), "mono/apps/b/ios/x", root)
	if err != nil || !reflect.DeepEqual(loc, &Location{Root: filepath.FromSlash("mono/apps/b"), Apps: []string{"."}, Above: true}) {
		t.Errorf("inside an app: %+v, %v", loc, err)
	}
	loc, err = Locate(at("mono"), "mono", root)
	if err != nil || !reflect.DeepEqual(loc, &Location{Root: "mono", Apps: []string{"apps/a", "apps/b"}, Below: true}) {
		t.Errorf("a monorepo: %+v, %v", loc, err)
	}
	var naf *NotAFolderError
	if _, err := Locate(at("file.txt"), "file.txt", root); !errors.As(err, &naf) || err.Error() != "file.txt is not a folder: give the project's root folder" {
		t.Errorf("a file: %v", err)
	}
	if _, err := Locate(at("nope"), "nope", root); err == nil || !strings.HasPrefix(err.Error(), "cannot read the project at nope: ") {
		t.Errorf("a missing folder: %v", err)
	}
	var na *NoAppError
	if _, err := Locate(at("empty"), "empty", root); !errors.As(err, &na) || na.Dir != "empty" {
		t.Errorf("no app: %v", err)
	}
}
