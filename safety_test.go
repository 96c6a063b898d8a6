package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/bgkit/bgkit/manifest"
	"github.com/bgkit/bgkit/plistcfg"
)

// bgkitBin is the bgkit command testscript.Main puts on PATH.
func bgkitBin(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("bgkit")
	if err != nil {
		t.Fatalf("bgkit not on PATH: %v", err)
	}
	return p
}

const stressPlist = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>CFBundleIdentifier</key>
	<string>com.example.app</string>
</dict>
</plist>
`

const stressManifest = `<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:android="http://schemas.android.com/apk/res/android">
    <application android:label="app" />
</manifest>
`

// TestConcurrentEditsLoseNothing runs 20 bgkit edits of one file at once,
// 20 times, for a plist and a manifest: every run that says it wrote (exit
// 0) has its change in the file, the others exit 2, and the file always
// parses.
func TestConcurrentEditsLoseNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("stress test")
	}
	bin := bgkitBin(t)
	const workers, rounds = 20, 20
	type kind struct {
		name, content string
		args          func(file string, i int) []string
		has           func(data []byte, i int) bool
	}
	kinds := []kind{
		{"Info.plist", stressPlist,
			func(file string, i int) []string {
				return []string{"plist", "add-task-id", fmt.Sprintf("com.example.app.task%d", i), "--file", file}
			},
			func(data []byte, i int) bool {
				doc, err := plistcfg.Parse("Info.plist", data)
				if err != nil {
					t.Fatalf("the file no longer parses: %v\n%s", err, data)
				}
				sum, err := plistcfg.Summarize(doc)
				if err != nil {
					t.Fatal(err)
				}
				for _, id := range sum.TaskIDs {
					if id.Value == fmt.Sprintf("com.example.app.task%d", i) {
						return true
					}
				}
				return false
			}},
		{"AndroidManifest.xml", stressManifest,
			func(file string, i int) []string {
				return []string{"manifest", "add-permission", fmt.Sprintf("com.example.permission.P%d", i), "--file", file}
			},
			func(data []byte, i int) bool {
				if _, err := manifest.Parse("AndroidManifest.xml", data); err != nil {
					t.Fatalf("the file no longer parses: %v\n%s", err, data)
				}
				return bytes.Contains(data, fmt.Appendf(nil, `"com.example.permission.P%d"`, i))
			}},
	}
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			wrote, refused := 0, 0
			for round := range rounds {
				dir := t.TempDir()
				file := filepath.Join(dir, k.name)
				if err := os.WriteFile(file, []byte(k.content), 0o644); err != nil {
					t.Fatal(err)
				}
				codes := make([]int, workers)
				outs := make([]string, workers)
				var wg sync.WaitGroup
				for i := range workers {
					wg.Add(1)
					go func() {
						defer wg.Done()
						c := exec.Command(bin, k.args(file, i)...)
						out, err := c.CombinedOutput()
						outs[i] = string(out)
						if ee, ok := err.(*exec.ExitError); ok {
							codes[i] = ee.ExitCode()
						} else if err != nil {
							codes[i] = -1
							outs[i] += err.Error()
						}
					}()
				}
				wg.Wait()
				data, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				for i := range workers {
					switch codes[i] {
					case 0:
						wrote++
						if !k.has(data, i) {
							t.Fatalf("round %d: run %d exited 0 (%q) but its change is not in the file:\n%s", round, i, outs[i], data)
						}
					case 2:
						refused++
						if !strings.Contains(outs[i], "changed while editing; nothing was written") {
							t.Fatalf("round %d: run %d exited 2 with %q", round, i, outs[i])
						}
						if k.has(data, i) {
							t.Fatalf("round %d: run %d said nothing was written, but its change is in the file", round, i)
						}
					default:
						t.Fatalf("round %d: run %d exited %d: %s", round, i, codes[i], outs[i])
					}
				}
				left, _ := filepath.Glob(filepath.Join(dir, ".*bgkit*"))
				if len(left) != 0 {
					t.Fatalf("temporary files left: %v", left)
				}
			}
			t.Logf("%d runs wrote, %d refused", wrote, refused)
			if wrote == 0 {
				t.Fatal("no run wrote at all")
			}
		})
	}
}
