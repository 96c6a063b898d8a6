// Package action holds the GitHub Action's scripts (action.yml at the
// repository root runs them); its tests run them against a release laid out
// in a folder.
package action

import (
	"archive/tar"
	"compress/gzip"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// release writes base/download/TAG and base/latest/download with the archive
// for this machine and a checksums.txt, as goreleaser lays them out.
func release(t *testing.T, base, tag, script string, tamper bool) {
	t.Helper()
	name := fmt.Sprintf("bgkit_%s_%s.tar.gz", runtime.GOOS, runtime.GOARCH)
	for _, dir := range []string{filepath.Join(base, "download", tag), filepath.Join(base, "latest", "download")} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		gz := gzip.NewWriter(f)
		tw := tar.NewWriter(gz)
		for _, file := range []struct {
			name, body string
		}{{"LICENSE", "MIT"}, {"bgkit", script}} {
			if err := tw.WriteHeader(&tar.Header{Name: file.name, Mode: 0o755, Size: int64(len(file.body))}); err != nil {
				t.Fatal(err)
			}
			if _, err := tw.Write([]byte(file.body)); err != nil {
				t.Fatal(err)
			}
		}
		if err := tw.Close(); err != nil {
			t.Fatal(err)
		}
		if err := gz.Close(); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		if tamper {
			sum[0] ^= 1
		}
		sums := fmt.Sprintf("%x  bgkit_windows_amd64.zip\n%x  %s\n", sha256.Sum256(nil), sum, name)
		if err := os.WriteFile(filepath.Join(dir, "checksums.txt"), []byte(sums), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func needTools(t *testing.T) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the test's stand-in bgkit is a shell script")
	}
	for _, tool := range []string{"bash", "curl", "tar"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not on PATH", tool)
		}
	}
}

func install(t *testing.T, base string, env ...string) (string, string, error) {
	t.Helper()
	work := t.TempDir()
	ghPath := filepath.Join(work, "github_path")
	cmd := exec.Command("bash", "install.sh")
	cmd.Env = append(os.Environ(),
		"BGKIT_DOWNLOAD_BASE=file://"+base,
		"RUNNER_TEMP="+work,
		"GITHUB_PATH="+ghPath,
		"RUNNER_OS=", "RUNNER_ARCH=",
	)
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.CombinedOutput()
	added, _ := os.ReadFile(ghPath)
	return string(out), strings.TrimSpace(string(added)), err
}

func TestInstallRelease(t *testing.T) {
	needTools(t)
	base := t.TempDir()
	release(t, base, "v1.2.3", "#!/bin/sh\necho 'bgkit 1.2.3'\n", false)
	for _, version := range []string{"latest", "v1.2.3", "1.2.3"} {
		out, dir, err := install(t, base, "BGKIT_VERSION="+version)
		if err != nil {
			t.Fatalf("version %s: %v\n%s", version, err, out)
		}
		if !strings.Contains(out, "installed bgkit 1.2.3") {
			t.Errorf("version %s: output %q", version, out)
		}
		got, err := exec.Command(filepath.Join(dir, "bgkit"), "--version").Output()
		if err != nil || string(got) != "bgkit 1.2.3\n" {
			t.Errorf("version %s: the bgkit added to GITHUB_PATH (%q) gives %q, %v", version, dir, got, err)
		}
	}
}

func TestInstallRefusesBadChecksum(t *testing.T) {
	needTools(t)
	base := t.TempDir()
	release(t, base, "v1.2.3", "#!/bin/sh\necho 'bgkit 1.2.3'\n", true)
	out, dir, err := install(t, base, "BGKIT_VERSION=v1.2.3")
	if err == nil || dir != "" || !strings.Contains(out, "but checksums.txt says") {
		t.Errorf("a tampered archive: err %v, PATH %q, output:\n%s", err, dir, out)
	}
}

func TestInstallErrors(t *testing.T) {
	needTools(t)
	base := t.TempDir()
	release(t, base, "v1.2.3", "#!/bin/sh\necho 'bgkit 1.2.3'\n", false)
	for _, tc := range []struct {
		env  []string
		want string
	}{
		{[]string{"BGKIT_VERSION=v9.9.9"}, "cannot download file://"},
		{[]string{"BGKIT_VERSION=main"}, `version "main" is not latest, path or a release tag`},
		{[]string{"BGKIT_VERSION=path", "PATH=/nonexistent:" + filepath.Dir(mustLook(t, "bash"))}, "there is no bgkit on PATH"},
		{[]string{"BGKIT_VERSION=latest", "RUNNER_OS=Plan9"}, "no bgkit release for the OS Plan9"},
	} {
		out, dir, err := install(t, base, tc.env...)
		if err == nil || dir != "" || !strings.Contains(out, tc.want) || !strings.Contains(out, "::error title=bgkit::") {
			t.Errorf("%v: err %v, PATH %q, want an ::error with %q, got:\n%s", tc.env, err, dir, tc.want, out)
		}
	}
}

func mustLook(t *testing.T, name string) string {
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skip(err)
	}
	return p
}

// action.yml runs these files from the action's folder, and removes the
// problem matchers the matcher file registers.
func TestActionFilesExist(t *testing.T) {
	yml, err := os.ReadFile(filepath.Join("..", "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"action/install.sh", "matchers/bgkit-gcc.json"} {
		if !strings.Contains(string(yml), "$GITHUB_ACTION_PATH/"+path) {
			t.Errorf("action.yml does not use %s", path)
		}
		if _, err := os.Stat(filepath.Join("..", path)); err != nil {
			t.Errorf("action.yml uses %s: %v", path, err)
		}
	}
	b, err := os.ReadFile(filepath.Join("..", "matchers", "bgkit-gcc.json"))
	if err != nil {
		t.Fatal(err)
	}
	var matchers struct {
		ProblemMatcher []struct{ Owner string }
	}
	if err := json.Unmarshal(b, &matchers); err != nil {
		t.Fatal(err)
	}
	if len(matchers.ProblemMatcher) == 0 {
		t.Fatal("matchers/bgkit-gcc.json has no problem matcher")
	}
	for _, m := range matchers.ProblemMatcher {
		if !strings.Contains(string(yml), "::remove-matcher owner="+m.Owner+"::") {
			t.Errorf("action.yml does not remove the matcher %q it registers", m.Owner)
		}
	}
}
