package doctor

import (
	"bytes"
	"path/filepath"
	"strings"

	"github.com/bgkit/bgkit/internal/fsutil"
)

// anchorLines gives every finding with a file but no line the line where
// the missing piece belongs: the top <dict> of a property list, the
// <manifest> element, the object of a JSON config (the "expo" object of
// app.json), or the file's first line. gcc and GitHub output need
// FILE:LINE: problem matchers drop findings without one.
func anchorLines(f *Facts, findings []Finding, notes []Note) {
	cache := map[string]int{}
	lineOf := func(file string) int {
		line, ok := cache[file]
		if !ok {
			line = anchorLine(f, file)
			cache[file] = line
		}
		return line
	}
	for i := range notes {
		n := &notes[i]
		if n.File == "" || n.Line > 0 || n.Rule == "" {
			continue
		}
		n.Line = lineOf(n.File)
	}
	for i := range findings {
		fd := &findings[i]
		if fd.File == "" || fd.Line > 0 {
			continue
		}
		fd.Line = lineOf(fd.File)
	}
}

// maxAnchorScan bounds how much of a file anchorLine reads.
const maxAnchorScan = 1 << 20

func anchorLine(f *Facts, file string) int {
	if f.P.Expo != nil && f.P.ExpoJSON != "" && filepath.Clean(file) == filepath.Clean(f.P.ExpoJSON) && f.P.Expo.Line > 0 {
		return f.P.Expo.Line
	}
	if f.P.Capacitor != nil && filepath.Clean(file) == filepath.Clean(f.P.CapacitorConfig) && f.P.Capacitor.Line > 0 {
		return f.P.Capacitor.Line
	}
	data, ok := f.configs[file]
	if len(data) > maxAnchorScan {
		data = data[:maxAnchorScan]
	}
	if !ok {
		var err error
		data, err = fsutil.ReadHead(filepath.Join(f.P.Root, file), maxAnchorScan)
		if err != nil {
			return 1 // a FIFO or device is never opened for a blocking read
		}
	}
	var marker []byte
	switch {
	case strings.HasSuffix(file, ".plist") || strings.HasSuffix(file, ".entitlements"):
		marker = []byte("<dict")
	case strings.HasSuffix(file, ".xml"):
		marker = []byte("<manifest")
	case strings.HasSuffix(file, ".json"):
		marker = []byte("{")
	}
	if marker == nil {
		return 1
	}
	i := bytes.Index(data, marker)
	if i < 0 {
		return 1
	}
	return bytes.Count(data[:i], []byte("\n")) + 1
}
