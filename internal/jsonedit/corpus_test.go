package jsonedit

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/bgkit/bgkit/internal/testutil"
	"github.com/bgkit/bgkit/internal/textdiff"
)

// expoPrefix is where the Expo object lives: under "expo", or the whole
// file when it has no such key.
func expoPrefix(t *testing.T, data []byte) []string {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		t.Fatal(err)
	}
	if _, ok := top["expo"]; ok {
		return []string{"expo"}
	}
	return nil
}

func join(prefix []string, rest ...string) []string {
	return append(append([]string{}, prefix...), rest...)
}

// changedLines returns the lines a diff removes and adds.
func changedLines(diff string) (removed, added []string) {
	for _, l := range strings.Split(diff, "\n") {
		switch {
		case strings.HasPrefix(l, "+++"), strings.HasPrefix(l, "---"):
		case strings.HasPrefix(l, "+"):
			added = append(added, l[1:])
		case strings.HasPrefix(l, "-"):
			removed = append(removed, l[1:])
		}
	}
	return removed, added
}

// insertedInto reports whether long is short with one run of text inserted.
func insertedInto(short, long string) bool {
	if len(long) < len(short) {
		return false
	}
	p := 0
	for p < len(short) && short[p] == long[p] {
		p++
	}
	return strings.HasSuffix(long, short[p:])
}

// TestCorpusEdits makes every kind of edit the fixer makes on every real
// Expo config and checks that the diff is minimal (added lines, plus at
// most one line that only gains text: the comma after the member before,
// or the new value of a one-line array), that the result decodes to the
// intended document, and that a second run changes nothing.
func TestCorpusEdits(t *testing.T) {
	for _, file := range testutil.CorpusFiles(t, "expo") {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		orig := string(data)
		prefix := expoPrefix(t, data)
		edits := []struct {
			name string
			path []string
			do   func([]byte) ([]byte, error)
		}{
			{"modes", join(prefix, "ios", "infoPlist", "UIBackgroundModes"), nil},
			{"identifiers", join(prefix, "ios", "infoPlist", "BGTaskSchedulerPermittedIdentifiers"), nil},
			{"permissions", join(prefix, "android", "permissions"), nil},
			{"plugins", join(prefix, "plugins"), nil},
			{"aps-environment", join(prefix, "ios", "entitlements", "aps-environment"), nil},
		}
		for _, e := range edits {
			t.Run(filepath.Base(file)+"/"+e.name, func(t *testing.T) {
				var out []byte
				var err error
				set := e.name == "aps-environment"
				if set {
					out, err = SetString(data, e.path, "development")
				} else {
					out, err = AddStrings(data, e.path, "bgkit-test-value")
				}
				if err != nil {
					t.Fatal(err)
				}
				if string(data) != orig {
					t.Fatal("the input slice changed")
				}
				diff := textdiff.Unified("app.json", data, out)
				removed, added := changedLines(diff)
				if len(added) == 0 || len(removed) > 1 {
					t.Fatalf("not a minimal diff:\n%s", diff)
				}
				if len(removed) == 1 {
					ok := false
					for _, a := range added {
						ok = ok || insertedInto(removed[0], a)
					}
					if !ok {
						t.Fatalf("the changed line does not only gain text:\n%s", diff)
					}
				}
				checkSemantics(t, data, out, e.path, set)
				again := out
				if set {
					again, err = SetString(out, e.path, "development")
				} else {
					again, err = AddStrings(out, e.path, "bgkit-test-value")
				}
				if err != nil || string(again) != string(out) {
					t.Fatalf("second run: err %v, changed %v", err, string(again) != string(out))
				}
				if testing.Verbose() {
					t.Logf("\n%s", diff)
				}
			})
		}
		// Removing what the first edit added restores every line but the
		// touched ones; removing from an existing array deletes lines only.
		t.Run(filepath.Base(file)+"/remove", func(t *testing.T) {
			path := join(prefix, "android", "blockedPermissions")
			out, err := RemoveStrings(data, path, "android.permission.WAKE_LOCK")
			if err != nil || string(out) != orig {
				t.Fatalf("removing an absent value: err %v, changed %v", err, string(out) != orig)
			}
			withTwo, err := AddStrings(data, path, "A", "B")
			if err != nil {
				t.Fatal(err)
			}
			out, err = RemoveStrings(withTwo, path, "B")
			if err != nil {
				t.Fatal(err)
			}
			removed, added := changedLines(textdiff.Unified("app.json", withTwo, out))
			if len(removed) == 0 || len(added) > 1 {
				t.Fatalf("not a minimal removal:\n%s", textdiff.Unified("app.json", withTwo, out))
			}
			if len(added) == 1 && !insertedInto(added[0], removed[0]) && !insertedInto(added[0], removed[len(removed)-1]) {
				t.Fatalf("the changed line does not only lose text:\n%s", textdiff.Unified("app.json", withTwo, out))
			}
			want, err := AddStrings(data, path, "A")
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != string(want) {
				t.Fatalf("add A B, remove B differs from add A:\n%s", textdiff.Unified("app.json", want, out))
			}
		})
	}
}

// checkSemantics decodes both documents with encoding/json and checks that
// the new one is the old one with exactly the intended change.
func checkSemantics(t *testing.T, before, after []byte, path []string, set bool) {
	t.Helper()
	var want, got any
	if err := json.Unmarshal(before, &want); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(after, &got); err != nil {
		t.Fatalf("the result is not valid JSON: %v\n%s", err, after)
	}
	cur := want.(map[string]any)
	for _, seg := range path[:len(path)-1] {
		next, ok := cur[seg].(map[string]any)
		if !ok {
			next = map[string]any{}
			cur[seg] = next
		}
		cur = next
	}
	leaf := path[len(path)-1]
	if set {
		cur[leaf] = "development"
	} else {
		arr, _ := cur[leaf].([]any)
		cur[leaf] = append(arr, "bgkit-test-value")
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("the result does not decode to the intended document")
	}
}
