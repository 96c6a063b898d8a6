package doctor

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bgkit/bgkit/project"
)

// BenchmarkDoctorSources runs the whole doctor (discovery and every rule)
// on a generated React Native project with 2 MB of app sources in 400
// files, nested up to four folders deep, beside a node_modules and an
// ios/Pods tree the doctor must not enter. README states the figure.
func BenchmarkDoctorSources(b *testing.B) {
	root := b.TempDir()
	write := func(rel, data string) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	write("package.json", `{"name":"big","dependencies":{"react-native":"0.74.5","react-native-background-fetch":"^4.2.5"}}`)
	write("ios/Big/Info.plist", `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict><key>UIBackgroundModes</key><array><string>fetch</string></array>
<key>BGTaskSchedulerPermittedIdentifiers</key><array><string>com.transistorsoft.fetch</string></array></dict></plist>
`)
	filler := strings.Repeat("export const value = compute(a, b, { option: 'text', other: [1, 2, 3] }); // filler\n", 64)
	for i := 0; i < 400; i++ {
		body := "import BackgroundFetch from 'react-native-background-fetch';\n"
		for len(body) < 5*1024 {
			body += filler
		}
		if i%40 == 0 {
			body += fmt.Sprintf("BackgroundFetch.scheduleTask({taskId: 'com.transistorsoft.task%d', delay: 5000});\n", i)
		}
		write(fmt.Sprintf("src/f%d/g%d/h%d/file%d.ts", i%5, i%7, i%3, i), body)
	}
	for i := 0; i < 50; i++ {
		write(fmt.Sprintf("node_modules/dep%d/index.js", i), filler)
		write(fmt.Sprintf("ios/Pods/Dep%d/Dep.m", i), filler)
	}
	p, _ := project.Detect(root)
	if n := len(p.Sources); n != 400 {
		b.Fatalf("%d sources listed, want 400", n)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p, err := project.Detect(root)
		if err != nil {
			b.Fatal(err)
		}
		Run(p, Options{})
	}
}
