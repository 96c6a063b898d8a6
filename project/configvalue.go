package project

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/bgkit/bgkit/internal/fsutil"

	"github.com/bgkit/bgkit/project/jsobj"
)

// configValue is a value found in a JSON or JS/TS config file.
type configValue struct {
	Value   string // the string, when Literal
	Text    string // the source text of the value (an expression when not Literal)
	Literal bool   // a string literal, not code bgkit would have to run
	Source  string // "file:line"
}

// findConfigString looks for the string at path in the first of files (paths
// relative to root) that has it: app.json, app.config.json,
// capacitor.config.json and capacitor.config.ts are read without running
// anything. With expoWrapped, path is looked up under the "expo" key, or at
// the top level of a config that has none (Expo reads both). looked names
// the places searched, for a NotFoundError. A file that exists but does not
// parse is an error naming it.
func findConfigString(root string, files []string, expoWrapped bool, path ...string) (v *configValue, looked []string, err error) {
	where := strings.Join(path, ".")
	if expoWrapped {
		where = "expo." + where
	}
	for _, rel := range files {
		data, err := fsutil.ReadFile(filepath.Join(root, rel), fsutil.MaxEditSize)
		if errors.Is(err, fs.ErrNotExist) {
			looked = append(looked, fmt.Sprintf("%s (%s)", rel, where))
			continue
		}
		if err != nil {
			return nil, looked, err
		}
		var obj *jsobj.Node
		if strings.HasSuffix(rel, ".json") {
			obj, err = jsobj.ParseValue(data)
		} else {
			var ok bool
			obj, ok, err = jsobj.ParseModule(data)
			if err == nil && !ok {
				err = errors.New("no exported config object")
			}
		}
		if err != nil {
			return nil, looked, fmt.Errorf("%s: %v", rel, err)
		}
		if expoWrapped {
			if wrapped := obj.Get("expo"); wrapped != nil {
				obj = wrapped
			}
		}
		if n := obj.Get(path...); n != nil {
			s, ok := n.StringValue()
			return &configValue{Value: s, Text: n.Text, Literal: ok, Source: fmt.Sprintf("%s:%d", rel, n.Line)}, looked, nil
		}
		looked = append(looked, fmt.Sprintf("%s (%s)", rel, where))
	}
	return nil, looked, nil
}

var (
	expoConfigFiles      = []string{"app.json", "app.config.json"}
	capacitorConfigFiles = []string{"capacitor.config.json", "capacitor.config.ts"}
)

// findAppID looks for the app's id where Expo keeps it (expoPath under the
// "expo" key of app.json or app.config.json), then where Capacitor does
// (appId in capacitor.config.json or .ts).
func findAppID(root string, expoPath ...string) (v *configValue, looked []string, err error) {
	v, looked, err = findConfigString(root, expoConfigFiles, true, expoPath...)
	if v != nil || err != nil {
		return v, looked, err
	}
	v, more, err := findConfigString(root, capacitorConfigFiles, false, "appId")
	return v, append(looked, more...), err
}
