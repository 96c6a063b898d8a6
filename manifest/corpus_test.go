package manifest

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/bgkit/bgkit/internal/testutil"
	"github.com/bgkit/bgkit/internal/textdiff"
	"github.com/bgkit/bgkit/internal/xmltok"
)

// newPermLine is what an added line may look like: one permission element.
var newPermLine = regexp.MustCompile(`^\+[ \t]*<uses-permission [a-z0-9]+:name=["'][\w.${}]+["']( [a-z0-9]+:node=["']remove["'])?(/>| />|></uses-permission>)\r?$`)

// diffLines returns the added and removed lines of a unified diff.
func diffLines(diff string) (added, removed []string) {
	for _, l := range strings.Split(diff, "\n") {
		switch {
		case strings.HasPrefix(l, "+++"), strings.HasPrefix(l, "---"):
		case strings.HasPrefix(l, "+"):
			added = append(added, l)
		case strings.HasPrefix(l, "-"):
			removed = append(removed, l)
		}
	}
	return added, removed
}

// sameShape checks what an edit must never change: the BOM, the kind of
// line ending, and whether the file ends with a newline.
func sameShape(t *testing.T, old, new []byte) {
	t.Helper()
	if bytes.HasPrefix(old, xmltok.BOM) != bytes.HasPrefix(new, xmltok.BOM) {
		t.Error("the byte-order mark changed")
	}
	if bytes.HasSuffix(old, []byte("\n")) != bytes.HasSuffix(new, []byte("\n")) {
		t.Error("the final newline changed")
	}
	bare := func(b []byte) int { return bytes.Count(b, []byte("\n")) - bytes.Count(b, []byte("\r\n")) }
	if (bare(old) == 0) != (bare(new) == 0) || (bytes.Count(old, []byte("\r\n")) == 0) != (bytes.Count(new, []byte("\r\n")) == 0) {
		t.Error("the line endings changed")
	}
}

// keptPermissions checks that every permission of before, other than the
// ones in changed, is still in after with the same attributes.
func keptPermissions(t *testing.T, before, after *Manifest, changed map[string]bool) {
	t.Helper()
	type key struct{ name, tag, min, max, node string }
	count := map[key]int{}
	for _, p := range after.Permissions {
		count[key{p.Name, p.Tag, p.MinSDK, p.MaxSDK, p.ToolsNode}]++
	}
	for _, p := range before.Permissions {
		if changed[p.Name] {
			continue
		}
		k := key{p.Name, p.Tag, p.MinSDK, p.MaxSDK, p.ToolsNode}
		if count[k] == 0 {
			t.Errorf("%s (line %d) is gone or changed", p.Name, p.Line)
		}
		count[k]--
	}
	if len(before.Components) != len(after.Components) {
		t.Errorf("components: %d before, %d after", len(before.Components), len(after.Components))
	}
}

func TestCorpusAdd(t *testing.T) {
	perms := []string{"android.permission.RECEIVE_BOOT_COMPLETED", "android.permission.WAKE_LOCK", "com.bgkit.test.permission.CORPUS"}
	for _, file := range testutil.CorpusFiles(t, "manifest") {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			before, err := Parse(file, data)
			if err != nil {
				t.Fatal(err)
			}
			opt := AddOptions{}
			out, err := AddPermissions(file, data, perms, opt)
			var ce *ConflictError
			if errors.As(err, &ce) {
				if len(before.RemovedEntries(ce.Permission)) == 0 || before.RemovedEntries(ce.Permission)[0].Line != ce.Line {
					t.Fatalf("conflict %v does not point at a removal", err)
				}
				opt.Unblock = true
				out, err = AddPermissions(file, data, perms, opt)
			}
			if err != nil {
				t.Fatal(err)
			}
			after, err := Parse(file, out)
			if err != nil {
				t.Fatalf("the result does not parse: %v", err)
			}
			changed := map[string]bool{}
			for _, p := range perms {
				changed[p] = true
				want := max(1, len(before.Requested(p)))
				if got := len(after.Requested(p)); got != want {
					t.Errorf("%s requested %d times, want %d", p, got, want)
				}
				if len(after.RemovedEntries(p)) != 0 {
					t.Errorf("%s is still removed", p)
				}
			}
			keptPermissions(t, before, after, changed)
			sameShape(t, data, out)

			added, removed := diffLines(textdiff.Unified("m", data, out))
			maxRemoved, closing := 0, 0
			if !before.HasApp && len(before.Permissions) == 0 && (bytes.Contains(data, []byte("<manifest />")) || bytes.Contains(data, []byte("<manifest/>"))) {
				maxRemoved, closing = 1, 1 // <manifest /> is opened and closed
			}
			if opt.Unblock {
				maxRemoved = len(perms)
			}
			if len(removed) > maxRemoved {
				t.Errorf("the change removes lines:\n%s", strings.Join(removed, "\n"))
			}
			newLines := 0
			for _, l := range added {
				if newPermLine.MatchString(l) {
					newLines++
				}
			}
			if newLines > len(perms) || len(added)-newLines > len(removed)+closing {
				t.Errorf("unexpected added lines:\n%s", strings.Join(added, "\n"))
			}

			if !opt.Unblock {
				checkPlacement(t, data, out)
			}

			again, err := AddPermissions(file, out, perms, opt)
			if err != nil || !bytes.Equal(again, out) {
				t.Errorf("second run: %v, changed: %v", err, !bytes.Equal(again, out))
			}
		})
	}
}

func TestCorpusRemove(t *testing.T) {
	for _, file := range testutil.CorpusFiles(t, "manifest") {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			before, err := Parse(file, data)
			if err != nil {
				t.Fatal(err)
			}
			var perms []string
			changed := map[string]bool{}
			for _, p := range before.Permissions {
				if !p.Removed && !changed[p.Name] {
					changed[p.Name] = true
					perms = append(perms, p.Name)
				}
			}
			perms = append(perms, "com.bgkit.test.permission.ABSENT")
			out, err := RemovePermissions(file, data, perms, RemoveOptions{})
			if err != nil {
				t.Fatal(err)
			}
			after, err := Parse(file, out)
			if err != nil {
				t.Fatalf("the result does not parse: %v", err)
			}
			for _, p := range perms {
				if len(after.Requested(p)) != 0 {
					t.Errorf("%s is still requested", p)
				}
			}
			keptPermissions(t, before, after, changed)
			sameShape(t, data, out)
			if added, _ := diffLines(textdiff.Unified("m", data, out)); len(added) > 0 {
				t.Errorf("removing adds lines:\n%s", strings.Join(added, "\n"))
			}
			if !isSubsequence(out, data) {
				t.Error("removing did more than delete")
			}
			if blankLines(out) > blankLines(data) {
				t.Error("removing left a line of blanks behind")
			}
			again, err := RemovePermissions(file, out, perms, RemoveOptions{})
			if err != nil || !bytes.Equal(again, out) {
				t.Errorf("second run: %v, changed: %v", err, !bytes.Equal(again, out))
			}

			// --block for a permission the file does not have: only added
			// lines, except where xmlns:tools joins a one-line <manifest>.
			const blocked = "android.permission.ACCESS_BACKGROUND_LOCATION"
			if len(before.Requested(blocked))+len(before.RemovedEntries(blocked)) > 0 {
				return
			}
			out, err = RemovePermissions(file, data, []string{blocked}, RemoveOptions{Block: true})
			if err != nil {
				t.Fatal(err)
			}
			after, err = Parse(file, out)
			if err != nil {
				t.Fatalf("the result does not parse: %v", err)
			}
			if len(after.RemovedEntries(blocked)) != 1 {
				t.Errorf("%s is not blocked exactly once", blocked)
			}
			keptPermissions(t, before, after, nil)
			sameShape(t, data, out)
			_, removed := diffLines(textdiff.Unified("m", data, out))
			if len(removed) > 1 {
				t.Errorf("--block removes lines:\n%s", strings.Join(removed, "\n"))
			}
			if !isSubsequence(data, out) {
				t.Error("--block did more than insert")
			}
			again, err = RemovePermissions(file, out, []string{blocked}, RemoveOptions{Block: true})
			if err != nil || !bytes.Equal(again, out) {
				t.Errorf("second --block run: %v, changed: %v", err, !bytes.Equal(again, out))
			}
		})
	}
}

func TestCorpusInvalid(t *testing.T) {
	files := testutil.CorpusFiles(t, "manifest/invalid")
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			orig := bytes.Clone(data)
			for name, run := range map[string]func() error{
				"parse": func() error { _, err := Parse(file, data); return err },
				"add": func() error {
					_, err := AddPermissions(file, data, []string{"WAKE_LOCK"}, AddOptions{Unblock: true})
					return err
				},
				"remove": func() error {
					_, err := RemovePermissions(file, data, []string{"INTERNET"}, RemoveOptions{Block: true})
					return err
				},
			} {
				err := run()
				var pe *ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("%s: err = %v, want a *ParseError", name, err)
				}
				if pe.File != file || pe.Line < 2 || !strings.HasPrefix(err.Error(), file+":") {
					t.Errorf("%s: error %q does not name the file and line", name, err)
				}
			}
			if !bytes.Equal(data, orig) {
				t.Error("the input was modified")
			}
		})
	}
}

// isSubsequence reports whether every byte of small appears in big in order.
func isSubsequence(small, big []byte) bool {
	i := 0
	for _, c := range big {
		if i < len(small) && small[i] == c {
			i++
		}
	}
	return i == len(small)
}

// blankLines counts the lines that hold only spaces and tabs (not the empty
// ones).
func blankLines(data []byte) int {
	n := 0
	for _, l := range bytes.Split(data, []byte("\n")) {
		l = bytes.TrimSuffix(l, []byte("\r"))
		if len(l) > 0 && len(bytes.Trim(l, " \t")) == 0 {
			n++
		}
	}
	return n
}

// checkPlacement checks where the new <uses-permission> elements went: right
// after the last permission element the file had; with none, just before
// <application>; with no <application> either, as the last children of
// <manifest>.
func checkPlacement(t *testing.T, before, after []byte) {
	t.Helper()
	oldDoc, err := loadDocument("before", before)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := loadDocument("after", after)
	if err != nil {
		t.Fatal(err)
	}
	oldKids, kids := oldDoc.root.elements(), doc.root.elements()
	// The new elements are the ones whose text the old file does not have
	// at the same position among <manifest>'s children.
	first := -1
	for i, k := range kids {
		if i >= len(oldKids) || string(after[k.start:k.end]) != string(before[oldKids[i].start:oldKids[i].end]) {
			first = i
			break
		}
	}
	if first < 0 {
		return
	}
	added := len(kids) - len(oldKids)
	lastOld := -1
	appIdx := -1
	for i, k := range oldKids {
		if isPermElement(k) {
			lastOld = i
		}
		if appIdx < 0 && k.is("application") {
			appIdx = i
		}
	}
	switch {
	case lastOld >= 0:
		if first != lastOld+1 {
			t.Errorf("new permissions at child %d, want right after the last permission (child %d)", first, lastOld)
		}
	case appIdx >= 0:
		if first != appIdx {
			t.Errorf("new permissions at child %d, want just before <application> (child %d)", first, appIdx)
		}
	default:
		if first+added != len(kids) {
			t.Errorf("new permissions at child %d of %d, want last in <manifest>", first, len(kids))
		}
	}
	for _, k := range kids[first : first+added] {
		if !isPermElement(k) {
			t.Errorf("child %d is a <%s>, want a new <uses-permission>", first, k.name)
		}
	}
}
