package project

import (
	"iter"
	"regexp"
	"strconv"
	"strings"

	"github.com/bgkit/bgkit/internal/lazyre"
	"github.com/bgkit/bgkit/internal/textedit"
)

// Small readers for the dependency files Detect looks at. Each is tolerant:
// what it cannot read it skips, and none ever panics (they are fuzzed).

// readPubspec returns the packages of pubspec.yaml's dependencies and
// dev_dependencies blocks, with their declared versions: "^1.2.3", or
// "sdk: flutter", "git", "path" for the nested forms. It reads only the
// part of YAML pubspec files use: top-level keys and one nested level.
func readPubspec(data []byte) (libs []Library, isFlutter bool) {
	lines := strings.Split(string(data), "\n")
	block := ""
	depIndent := -1
	for i := 0; i < len(lines); i++ {
		raw := strings.TrimRight(lines[i], "\r")
		line := detYamlStripComment(raw)
		if strings.TrimSpace(line) == "" {
			continue
		}
		indent := len(line) - len(strings.TrimLeft(line, " \t"))
		text := strings.TrimSpace(line)
		if indent == 0 {
			key, _, _ := strings.Cut(text, ":")
			block = strings.TrimSpace(key)
			depIndent = -1
			if block == "flutter" {
				isFlutter = true
			}
			continue
		}
		if block != "dependencies" && block != "dev_dependencies" {
			continue
		}
		if depIndent < 0 {
			depIndent = indent
		}
		if indent != depIndent {
			continue
		}
		key, val, ok := strings.Cut(text, ":")
		if !ok {
			continue
		}
		name := detYamlUnquote(strings.TrimSpace(key))
		val = detYamlUnquote(strings.TrimSpace(val))
		if val == "" {
			// Nested form: sdk, git, path or hosted with a version.
			for j := i + 1; j < len(lines); j++ {
				sub := detYamlStripComment(strings.TrimRight(lines[j], "\r"))
				if strings.TrimSpace(sub) == "" {
					continue
				}
				if len(sub)-len(strings.TrimLeft(sub, " \t")) <= depIndent {
					break
				}
				k, v, _ := strings.Cut(strings.TrimSpace(sub), ":")
				k, v = strings.TrimSpace(k), detYamlUnquote(strings.TrimSpace(v))
				switch k {
				case "sdk":
					val = "sdk: " + v
					if v == "flutter" && name == "flutter" {
						isFlutter = true
					}
				case "version":
					val = v
				case "git", "path", "hosted":
					if val == "" {
						val = k
					}
				}
			}
		}
		libs = append(libs, Library{Name: name, Version: val, Line: i + 1})
	}
	return libs, isFlutter
}

func pubspecIsFlutter(data []byte) bool {
	_, ok := readPubspec(data)
	return ok
}

func detYamlStripComment(s string) string {
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#' && (i == 0 || s[i-1] == ' ' || s[i-1] == '\t'):
			return s[:i]
		}
	}
	return s
}

func detYamlUnquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// readPodfileLock returns the pods of Podfile.lock's PODS section with their
// resolved versions ("TSBackgroundFetch (4.0.5)").
func readPodfileLock(data []byte) []Library {
	var libs []Library
	in := false
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" {
			continue
		}
		if line[0] != ' ' {
			in = strings.TrimSpace(line) == "PODS:"
			continue
		}
		if !in || !strings.HasPrefix(line, "  - ") {
			continue // deeper lines are the pods' own dependencies
		}
		entry := strings.TrimSuffix(strings.TrimSpace(line[4:]), ":")
		entry = detYamlUnquote(entry)
		name, ver, _ := strings.Cut(entry, " (")
		ver = strings.TrimSuffix(ver, ")")
		if name != "" {
			libs = append(libs, Library{Name: name, Version: ver, Line: i + 1})
		}
	}
	return libs
}

// BlankComments replaces // and /* */ comments of Groovy, Kotlin,
// JavaScript, Swift or Objective-C source with spaces, keeping strings,
// offsets and lines (the doctor reads AppDelegate and runner sources
// with it too).
func BlankComments(src string) string {
	b := []byte(src)
	var quote byte
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote || c == '\n' {
				quote = 0
			}
		case c == '"' || c == '\'' || c == '`':
			quote = c
		case c == '/' && i+1 < len(b) && b[i+1] == '/':
			for i < len(b) && b[i] != '\n' {
				b[i] = ' '
				i++
			}
		case c == '/' && i+1 < len(b) && b[i+1] == '*':
			for i < len(b) && !(b[i] == '*' && i+1 < len(b) && b[i+1] == '/') {
				if b[i] != '\n' {
					b[i] = ' '
				}
				i++
			}
			if i+1 < len(b) {
				b[i], b[i+1] = ' ', ' '
				i++
			}
		}
	}
	return string(b)
}

var (
	// implementation "androidx.work:work-runtime-ktx:2.9.0"
	// implementation("androidx.work:work-runtime:2.10.0")
	detGradleDepRE = lazyre.New(`(?m)^\s*(?:implementation|api|compileOnly|runtimeOnly|kapt|ksp|annotationProcessor|debugImplementation|releaseImplementation)\s*\(?\s*(?:platform\s*\(\s*)?["']([A-Za-z0-9_.\-]+):([A-Za-z0-9_.\-]+)(?::([^"'@\s]+))?(?:@\w+)?["']`)
	// targetSdkVersion 34, targetSdk = 34, targetSdkVersion(34),
	// targetSdkVersion rootProject.ext.targetSdkVersion, targetSdk = flutter.targetSdkVersion
	detGradleTargetRE = lazyre.New(`(?m)^\s*targetSdk(?:Version)?\b\s*(?:=\s*|\(\s*|\s+)([A-Za-z0-9_.()"'\[\]]+)`)
)

// readGradleDeps returns the Maven coordinates a build file depends on.
func readGradleDeps(data []byte) []Library {
	src := BlankComments(string(data))
	var libs []Library
	for _, m := range detGradleDepRE.Get().FindAllStringSubmatchIndex(src, -1) {
		name := src[m[2]:m[3]] + ":" + src[m[4]:m[5]]
		ver := ""
		if m[6] >= 0 {
			ver = src[m[6]:m[7]]
		}
		libs = append(libs, Library{Name: name, Version: ver, Line: textedit.LineOf(src, m[2])})
	}
	return libs
}

// gradleTargetSDK returns the targetSdk value as written (the last one: a
// later block overrides an earlier one) and its line.
func gradleTargetSDK(data []byte) (string, int) {
	src := BlankComments(string(data))
	ms := detGradleTargetRE.Get().FindAllStringSubmatchIndex(src, -1)
	if len(ms) == 0 {
		return "", 0
	}
	m := ms[len(ms)-1]
	v := strings.TrimSuffix(src[m[2]:m[3]], ")")
	return v, textedit.LineOf(src, m[2])
}

var detIntRE = lazyre.New(`\d+`)

// gradleExtInt finds `name = 34` (or `name = Integer.parseInt(findProperty(...) ?: '35')`,
// whose last number is the default) in an ext block or variables.gradle.
func gradleExtInt(data []byte, name string) (int, int) {
	src := BlankComments(string(data))
	re := regexp.MustCompile(`(?m)^\s*(?:ext\.|set\(\s*["'])?` + regexp.QuoteMeta(name) + `["']?\s*(?:=|,)\s*(.*)$`)
	m := re.FindStringSubmatchIndex(src)
	if m == nil {
		return 0, 0
	}
	nums := detIntRE.Get().FindAllString(src[m[2]:m[3]], -1)
	if len(nums) == 0 {
		return 0, 0
	}
	return detAtoi(nums[len(nums)-1]), textedit.LineOf(src, m[2])
}

// gradlePropertyInt reads an integer property of gradle.properties.
func gradlePropertyInt(data []byte, key string) (int, int) {
	for i, line := range strings.Split(string(data), "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), "=")
		if ok && strings.TrimSpace(k) == key && detIsDigits(strings.TrimSpace(v)) {
			return detAtoi(strings.TrimSpace(v)), i + 1
		}
	}
	return 0, 0
}

var (
	detTomlSectionRE = lazyre.New(`^\s*\[([A-Za-z0-9_.\-]+)\]\s*$`)
	detTomlKeyRE     = lazyre.New(`^\s*([A-Za-z0-9_.\-]+)\s*=\s*(.+?)\s*$`)
	detTomlFieldRE   = lazyre.New(`([A-Za-z0-9_.]+)\s*=\s*"([^"]*)"`)
)

// catalogEntry is one `key = value` line of a Gradle version catalog
// (libs.versions.toml) and the [section] it stands in.
type catalogEntry struct {
	section, key, value string
	line                int // from 1
}

// catalogEntries reads a version catalog line by line: every `key = value`
// line, with its section. Comments and blank lines match neither pattern.
func catalogEntries(data []byte) iter.Seq[catalogEntry] {
	return func(yield func(catalogEntry) bool) {
		section := ""
		for i, line := range strings.Split(string(data), "\n") {
			line = strings.TrimRight(line, "\r")
			if m := detTomlSectionRE.Get().FindStringSubmatch(line); m != nil {
				section = m[1]
				continue
			}
			if m := detTomlKeyRE.Get().FindStringSubmatch(line); m != nil {
				if !yield(catalogEntry{section: section, key: m[1], value: m[2], line: i + 1}) {
					return
				}
			}
		}
	}
}

// readVersionCatalog returns the libraries of gradle/libs.versions.toml
// with their versions (version.ref resolved).
func readVersionCatalog(data []byte) []Library {
	versions := map[string]string{}
	type entry struct {
		coord, version, ref string
		line                int
	}
	var entries []entry
	for ce := range catalogEntries(data) {
		switch ce.section {
		case "versions":
			versions[ce.key] = strings.Trim(ce.value, `"`)
		case "libraries":
			v := ce.value
			e := entry{line: ce.line}
			if strings.HasPrefix(v, `"`) {
				parts := strings.Split(strings.Trim(v, `"`), ":")
				if len(parts) >= 2 {
					e.coord = parts[0] + ":" + parts[1]
				}
				if len(parts) >= 3 {
					e.version = parts[2]
				}
			} else {
				fields := map[string]string{}
				for _, f := range detTomlFieldRE.Get().FindAllStringSubmatch(v, -1) {
					fields[f[1]] = f[2]
				}
				switch {
				case fields["module"] != "":
					e.coord = fields["module"]
				case fields["group"] != "" && fields["name"] != "":
					e.coord = fields["group"] + ":" + fields["name"]
				}
				e.version, e.ref = fields["version"], fields["version.ref"]
			}
			if e.coord != "" {
				entries = append(entries, e)
			}
		}
	}
	var libs []Library
	for _, e := range entries {
		v := e.version
		if v == "" && e.ref != "" {
			v = versions[e.ref]
		}
		libs = append(libs, Library{Name: e.coord, Version: v, Line: e.line})
	}
	return libs
}

func detIsDigits(s string) bool {
	if s == "" || len(s) > 6 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func detAtoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n > 1000 {
		return 0
	}
	return n
}
