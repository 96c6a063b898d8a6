package manifest

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

var fuzzSeeds = []string{
	"<manifest/>",
	"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<manifest />\n",
	"<manifest " + androidNS + ">\n    <uses-permission android:name=\"android.permission.INTERNET\" />\n    <application>\n    </application>\n</manifest>\n",
	"<manifest " + androidNS + " " + toolsNS + ">\r\n\t<uses-permission\r\n\t\tandroid:name=\"android.permission.WAKE_LOCK\"\r\n\t\ttools:node=\"remove\"/>\r\n</manifest>",
	"\xEF\xBB\xBF<manifest xmlns:a='http://schemas.android.com/apk/res/android'><uses-permission-sdk-23 a:name='android.permission.WAKE_LOCK'/><application/></manifest>",
	"<manifest " + androidNS + ">\n  <!-- <uses-permission android:name=\"android.permission.WAKE_LOCK\"/> -->\n  <!-- app -->\n  <application/>\n</manifest>",
	"<manifest\n    package=\"x\">\n<uses-permission android:name=\"a.B\" xmlns:android=\"http://schemas.android.com/apk/res/android\"/></manifest>",
	// Neighbours on one line, one wrapped over two: the line goes whole.
	"<manifest " + androidNS + ">\n  <uses-permission android:name=\"android.permission.INTERNET\"/> <uses-permission android:name=\"android.permission.INTERNET\"/>\n  <uses-permission android:name=\"android.permission.INTERNET\"\n  /><uses-permission android:name=\"android.permission.INTERNET\"/>\n  <application/>\n</manifest>\n",
}

func addFuzzCorpus(f *testing.F, add func(data []byte)) {
	for _, s := range fuzzSeeds {
		add([]byte(s))
	}
	// A few real files as seeds when the corpus is there (without
	// testutil.CorpusDir, which would skip the whole fuzz test).
	dir := os.Getenv("BGKIT_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "corpus")
	}
	for _, name := range []string{
		"ionic-team__capacitor__android-template_app_src_main_AndroidManifest.xml",
		"pagopa__io-app__apps_main-app_android_app_src_main_AndroidManifest.xml",
		"AhmedShamel__NETMAUITest__Platforms_Android_AndroidManifest.xml",
	} {
		if data, err := os.ReadFile(filepath.Join(dir, "manifest", name)); err == nil {
			add(data)
		}
	}
}

// expectedError reports whether err is one of the errors bad input may
// cause (never an internal failure).
func expectedError(err error) bool {
	var pe *ParseError
	var ce *ConflictError
	var ne *NameError
	return errors.As(err, &pe) || errors.As(err, &ce) || errors.As(err, &ne)
}

func rootSelfClosing(data []byte) bool {
	doc, err := parseDocument("f", data)
	return err == nil && doc.root.selfClosing
}

func FuzzAddPermissions(f *testing.F) {
	addFuzzCorpus(f, func(data []byte) {
		f.Add(data, "WAKE_LOCK", false)
		f.Add(data, "android.permission.WAKE_LOCK", true)
	})
	f.Fuzz(func(t *testing.T, data []byte, perm string, unblock bool) {
		orig := bytes.Clone(data)
		out, err := AddPermissions("f.xml", data, []string{perm}, AddOptions{Unblock: unblock})
		if !bytes.Equal(data, orig) {
			t.Fatal("the input was modified")
		}
		if err != nil {
			if !expectedError(err) {
				t.Fatalf("unexpected error: %v", err)
			}
			return
		}
		m, err := Parse("f.xml", out)
		if err != nil {
			t.Fatalf("the output does not parse: %v\n%q", err, out)
		}
		full, _ := ExpandPermission(perm)
		if len(m.Requested(full)) == 0 || len(m.RemovedEntries(full)) != 0 {
			t.Fatalf("%s not requested in:\n%q", full, out)
		}
		if !unblock && !rootSelfClosing(data) && !isSubsequence(data, out) {
			t.Fatalf("the input does not survive in the output:\n%q\n%q", data, out)
		}
		again, err := AddPermissions("f.xml", out, []string{perm}, AddOptions{Unblock: unblock})
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("second run: %v\n%q\n%q", err, out, again)
		}
	})
}

func FuzzRemovePermissions(f *testing.F) {
	addFuzzCorpus(f, func(data []byte) {
		f.Add(data, "INTERNET", false)
		f.Add(data, "WAKE_LOCK", true)
	})
	f.Fuzz(func(t *testing.T, data []byte, perm string, block bool) {
		out, err := RemovePermissions("f.xml", data, []string{perm}, RemoveOptions{Block: block})
		if err != nil {
			if !expectedError(err) {
				t.Fatalf("unexpected error: %v", err)
			}
			return
		}
		m, err := Parse("f.xml", out)
		if err != nil {
			t.Fatalf("the output does not parse: %v\n%q", err, out)
		}
		full, _ := ExpandPermission(perm)
		if len(m.Requested(full)) != 0 {
			t.Fatalf("%s still requested in:\n%q", full, out)
		}
		if !block && !isSubsequence(out, data) {
			t.Fatalf("removing did more than delete:\n%q\n%q", data, out)
		}
		if !block && blankLines(out) > blankLines(data) {
			t.Fatalf("removing left a line of blanks:\n%q\n%q", data, out)
		}
		if block {
			before, _ := Parse("f.xml", data)
			if len(before.Requested(full)) == 0 && !rootSelfClosing(data) && !isSubsequence(data, out) {
				t.Fatalf("the input does not survive in the output:\n%q\n%q", data, out)
			}
		}
		again, err := RemovePermissions("f.xml", out, []string{perm}, RemoveOptions{Block: block})
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("second run: %v\n%q\n%q", err, out, again)
		}
	})
}

func FuzzParse(f *testing.F) {
	addFuzzCorpus(f, func(data []byte) { f.Add(data) })
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Parse("f.xml", data)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Line < 1 {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		for _, p := range m.Permissions {
			if p.Line < 1 || p.Col < 1 {
				t.Fatalf("permission without a position: %+v", p)
			}
		}
	})
}
