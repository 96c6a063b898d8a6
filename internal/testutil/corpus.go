// Package testutil holds helpers for bgkit's tests.
package testutil

import (
	"os"
	"path/filepath"
	"sort"
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
	if dir := os.Getenv("BGKIT_CORPUS"); dir != "" {
		return dir
	}
	if startDir == "" {
		t.Fatal("cannot tell the test's starting directory")
	}
	for d := startDir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			dir := filepath.Join(d, "..", "shared", "corpus")
			if st, err := os.Stat(dir); err == nil && st.IsDir() {
				return dir
			}
			break
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	msg := "corpus not found: ../shared/corpus beside the repository is absent (set BGKIT_CORPUS to its path)"
	if os.Getenv("BGKIT_REQUIRE_CORPUS") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
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
