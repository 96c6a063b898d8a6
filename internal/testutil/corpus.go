// Package testutil holds helpers for bgkit's tests.
package testutil

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// startDir is the test binary's working directory when it started: the
// package's folder. Tests may chdir before asking for the corpus.
var startDir, _ = os.Getwd()

// CorpusDir returns ../shared/corpus beside the repository (or the folder
// named by BGKIT_CORPUS). When it is absent the test is skipped with a clear
// message, unless BGKIT_REQUIRE_CORPUS is set (as .ci/run does), in which
// case it fails.
func CorpusDir(t testing.TB) string {
	t.Helper()
	dir, msg := findCorpus()
	if dir != "" {
		return dir
	}
	if os.Getenv("BGKIT_REQUIRE_CORPUS") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// findCorpus returns the corpus folder, or "" and why it is absent.
func findCorpus() (dir, why string) {
	if dir := os.Getenv("BGKIT_CORPUS"); dir != "" {
		return dir, ""
	}
	if startDir == "" {
		return "", "corpus not found: cannot tell the test's starting directory"
	}
	for d := startDir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			dir := filepath.Join(d, "..", "shared", "corpus")
			if st, err := os.Stat(dir); err == nil && st.IsDir() {
				return dir, ""
			}
			break
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	return "", "corpus not found: ../shared/corpus beside the repository is absent (set BGKIT_CORPUS to its path)"
}

// AnnounceMissingCorpus says, once per `go test` run, that the corpus tests
// will skip. go test shows nothing but "ok" for a package that passes
// (without -v), so the line goes to the terminal itself when there is one,
// and to stderr otherwise (shown with -v, or when a test fails). CI sets
// BGKIT_REQUIRE_CORPUS, where the tests fail instead.
func AnnounceMissingCorpus() {
	_, why := findCorpus()
	if why == "" || os.Getenv("BGKIT_REQUIRE_CORPUS") != "" {
		return
	}
	line := "bgkit: the corpus tests skip: " + why + "\n"
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		tty.WriteString(line)
		tty.Close()
		return
	}
	os.Stderr.WriteString(line)
}

// CorpusFiles lists the files directly in corpus/sub (not in its folders),
// sorted, and fails when there are none.
func CorpusFiles(t testing.TB, sub string) []string {
	t.Helper()
	dir := filepath.Join(CorpusDir(t), sub)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		if e.Type().IsRegular() {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(files)
	if len(files) == 0 {
		t.Fatalf("no files in %s", dir)
	}
	return files
}

// ExpoConfigName is the name a corpus file from corpus/expo takes in a
// synthetic project: app.config.json for the files named so, app.json for
// the others.
func ExpoConfigName(file string) string {
	if strings.HasSuffix(file, "app.config.json") {
		return "app.config.json"
	}
	return "app.json"
}
