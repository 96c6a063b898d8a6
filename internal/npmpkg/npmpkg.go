// Package npmpkg writes bgkit's npm packages: "bgkit", whose bin is a small Node
// launcher (npm/bgkit/bin/bgkit.js), and one package per platform holding
// that platform's binary (@bgkit/cli-linux-x64-gnu and friends), which
// "bgkit" lists as optional dependencies selected by os, cpu and libc. No
// package has an install script.
//
// The binaries come from a goreleaser build (-dist: its artifacts.json) or
// from go build (-build), stamped like a release:
//
//	go run npm/gen.go -version 1.2.3 -dist dist -out dist/npm
//	go run npm/gen.go -version 1.2.3 -build -out dist/npm
//	go run npm/gen.go -version 0.0.0-dev -build -only linux-x64-gnu -out /tmp/npm
//
// Each package is written to OUT/<folder>; publish with npm publish in each
// (the platform packages first). npm/gen.go is a build-ignored file, so that
// go install ./... (which pre-commit's golang hooks run) installs bgkit alone.
package npmpkg

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
)

const (
	mainPackage = "bgkit"
	scope       = "@bgkit/cli-"
	repoURL     = "git+https://github.com/bgkit/bgkit.git"
	buildinfo   = "github.com/bgkit/bgkit/internal/buildinfo"
)

// A platform is one npm platform package and the Go target it holds.
type platform struct {
	Name   string // package name after the scope, also the folder name
	GOOS   string
	GOARCH string
	OS     string // npm "os"
	CPU    string // npm "cpu"
	Libc   string // npm "libc", Linux only
}

// The binaries are built with CGO_ENABLED=0, so they are static and the glibc
// and musl packages hold the same file. Both exist so npm (10+), which reads
// "libc", installs exactly one, and the launcher looks for the right one first.
var platforms = []platform{
	{"darwin-arm64", "darwin", "arm64", "darwin", "arm64", ""},
	{"darwin-x64", "darwin", "amd64", "darwin", "x64", ""},
	{"linux-arm64-gnu", "linux", "arm64", "linux", "arm64", "glibc"},
	{"linux-arm64-musl", "linux", "arm64", "linux", "arm64", "musl"},
	{"linux-x64-gnu", "linux", "amd64", "linux", "x64", "glibc"},
	{"linux-x64-musl", "linux", "amd64", "linux", "x64", "musl"},
	{"win32-arm64", "windows", "arm64", "win32", "arm64", ""},
	{"win32-x64", "windows", "amd64", "win32", "x64", ""},
}

func (p platform) pkg() string { return scope + p.Name }

func (p platform) exe() string {
	if p.GOOS == "windows" {
		return "bgkit.exe"
	}
	return "bgkit"
}

// Main runs the generator with command-line arguments and returns its exit code.
func Main(args []string) int {
	if err := run(args); err != nil {
		fmt.Fprintln(os.Stderr, "npm:", err)
		return 2
	}
	return 0
}

func run(args []string) error {
	fs := flag.NewFlagSet("npm", flag.ContinueOnError)
	version := fs.String("version", "", "package `VERSION` (semver, no leading v)")
	out := fs.String("out", "dist/npm", "write the packages to `DIR`")
	dist := fs.String("dist", "", "take the binaries from goreleaser's `DIR`/artifacts.json")
	build := fs.Bool("build", false, "build the binaries with go build")
	only := fs.String("only", "", "comma-separated platform `NAMES` (default: all)")
	src := fs.String("src", ".", "the bgkit repository `DIR`")
	if err := fs.Parse(args); err != nil {
		return err
	}
	*version = strings.TrimPrefix(*version, "v")
	// What npm accepts as a package version.
	semver := regexp.MustCompile(`^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)
	if !semver.MatchString(*version) {
		return fmt.Errorf("-version %q is not a semantic version such as 1.2.3", *version)
	}
	if (*dist == "") == !*build {
		return errors.New("give exactly one of -dist DIR and -build")
	}
	plats, err := selectPlatforms(*only)
	if err != nil {
		return err
	}
	var bins map[string]string
	if *build {
		bins, err = buildBinaries(*src, *out, *version, plats)
	} else {
		bins, err = distBinaries(*dist, plats)
	}
	if err != nil {
		return err
	}
	return generate(*src, *out, *version, plats, bins)
}

func selectPlatforms(only string) ([]platform, error) {
	if only == "" {
		return platforms, nil
	}
	var sel []platform
	for _, name := range strings.Split(only, ",") {
		found := false
		for _, p := range platforms {
			if p.Name == name {
				sel, found = append(sel, p), true
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown platform %q (known: %s)", name, platformNames())
		}
	}
	return sel, nil
}

func platformNames() string {
	var names []string
	for _, p := range platforms {
		names = append(names, p.Name)
	}
	return strings.Join(names, ", ")
}

// buildBinaries cross-compiles each platform's binary into OUT/.bin, stamped
// with the version and the commit and date git reports for SRC.
func buildBinaries(src, out, version string, plats []platform) (map[string]string, error) {
	commit := gitOutput(src, "rev-parse", "HEAD")
	date := gitOutput(src, "log", "-1", "--format=%cI")
	ldflags := fmt.Sprintf("-s -w -X %[1]s.version=%[2]s -X %[1]s.commit=%[3]s -X %[1]s.date=%[4]s",
		buildinfo, version, commit, date)
	bins := map[string]string{}
	built := map[string]string{} // GOOS/GOARCH -> binary: glibc and musl share one
	for _, p := range plats {
		target := p.GOOS + "/" + p.GOARCH
		if b, ok := built[target]; ok {
			bins[p.Name] = b
			continue
		}
		bin, err := filepath.Abs(filepath.Join(out, ".bin", p.GOOS+"_"+p.GOARCH, p.exe()))
		if err != nil {
			return nil, err
		}
		cmd := exec.Command("go", "build", "-trimpath", "-ldflags", ldflags, "-o", bin, ".")
		cmd.Dir = src
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+p.GOOS, "GOARCH="+p.GOARCH)
		if msg, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("go build for %s: %v\n%s", target, err, msg)
		}
		built[target], bins[p.Name] = bin, bin
	}
	return bins, nil
}

func gitOutput(dir string, args ...string) string {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	b, err := cmd.Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// distBinaries finds each platform's binary among the "Binary" artifacts of
// a goreleaser build.
func distBinaries(dist string, plats []platform) (map[string]string, error) {
	b, err := os.ReadFile(filepath.Join(dist, "artifacts.json"))
	if err != nil {
		return nil, fmt.Errorf("%v (run goreleaser first)", err)
	}
	var arts []struct {
		Type   string `json:"type"`
		Path   string `json:"path"`
		Goos   string `json:"goos"`
		Goarch string `json:"goarch"`
	}
	if err := json.Unmarshal(b, &arts); err != nil {
		return nil, fmt.Errorf("%s: %v", filepath.Join(dist, "artifacts.json"), err)
	}
	bins := map[string]string{}
	for _, p := range plats {
		for _, a := range arts {
			if a.Type == "Binary" && a.Goos == p.GOOS && a.Goarch == p.GOARCH {
				path := a.Path
				if !filepath.IsAbs(path) {
					// goreleaser records paths relative to the folder it ran in,
					// the one that holds dist.
					path = filepath.Join(filepath.Dir(filepath.Clean(dist)), path)
				}
				bins[p.Name] = path
			}
		}
		if bins[p.Name] == "" {
			return nil, fmt.Errorf("%s/artifacts.json has no binary for %s/%s", dist, p.GOOS, p.GOARCH)
		}
	}
	return bins, nil
}

// packageJSON is a package.json with its fields in the order npm writes them.
type packageJSON struct {
	Name                 string            `json:"name"`
	Version              string            `json:"version"`
	Description          string            `json:"description"`
	License              string            `json:"license"`
	Repository           map[string]string `json:"repository"`
	Homepage             string            `json:"homepage"`
	Bin                  map[string]string `json:"bin,omitempty"`
	Files                []string          `json:"files"`
	OS                   []string          `json:"os,omitempty"`
	CPU                  []string          `json:"cpu,omitempty"`
	Libc                 []string          `json:"libc,omitempty"`
	Engines              map[string]string `json:"engines,omitempty"`
	PreferUnplugged      bool              `json:"preferUnplugged,omitempty"`
	OptionalDependencies map[string]string `json:"optionalDependencies,omitempty"`
}

func newPackage(name, version, description string) packageJSON {
	return packageJSON{
		Name:        name,
		Version:     version,
		Description: description,
		License:     "MIT",
		Repository:  map[string]string{"type": "git", "url": repoURL},
		Homepage:    "https://github.com/bgkit/bgkit#readme",
	}
}

// generate writes OUT/bgkit and OUT/<platform> for each platform.
func generate(src, out, version string, plats []platform, bins map[string]string) error {
	readme, err := os.ReadFile(filepath.Join(src, "npm", "bgkit", "README.md"))
	if err != nil {
		return err
	}
	license, err := os.ReadFile(filepath.Join(src, "LICENSE"))
	if err != nil {
		return err
	}

	top := newPackage(mainPackage, version,
		"Configure, check and trigger background work in iOS and Android apps (Expo, React Native, Capacitor, Flutter, native)")
	top.Bin = map[string]string{"bgkit": "bin/bgkit.js"}
	top.Files = []string{"bin/bgkit.js"}
	top.Engines = map[string]string{"node": ">=18"}
	top.OptionalDependencies = map[string]string{}
	// Every platform, not only those built now: the launcher's advice names
	// the package, and a lockfile written here must list the others.
	for _, p := range platforms {
		top.OptionalDependencies[p.pkg()] = version
	}
	dir := filepath.Join(out, mainPackage)
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := writePackage(dir, top, readme, license); err != nil {
		return err
	}
	shim, err := os.ReadFile(filepath.Join(src, "npm", "bgkit", "bin", "bgkit.js"))
	if err != nil {
		return err
	}
	if err := writeFile(filepath.Join(dir, "bin", "bgkit.js"), shim, 0o755); err != nil {
		return err
	}

	for _, p := range plats {
		pj := newPackage(p.pkg(), version, fmt.Sprintf("The bgkit binary for %s/%s; install bgkit instead", p.GOOS, p.GOARCH))
		pj.Files = []string{"bin/" + p.exe()}
		pj.OS, pj.CPU = []string{p.OS}, []string{p.CPU}
		if p.Libc != "" {
			pj.Libc = []string{p.Libc}
		}
		pj.PreferUnplugged = true // Yarn PnP: a binary cannot run from a zip
		dir := filepath.Join(out, p.Name)
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
		note := fmt.Sprintf("# %s\n\nThe `bgkit` binary for %s/%s. Install [`bgkit`](https://www.npmjs.com/package/bgkit) instead: it picks this package on this platform.\n", p.pkg(), p.GOOS, p.GOARCH)
		if err := writePackage(dir, pj, []byte(note), license); err != nil {
			return err
		}
		if err := copyFile(bins[p.Name], filepath.Join(dir, "bin", p.exe())); err != nil {
			return err
		}
	}
	return nil
}

func writePackage(dir string, pj packageJSON, readme, license []byte) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // ">=18", not "\u003e=18"
	enc.SetIndent("", "  ")
	if err := enc.Encode(pj); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(dir, "package.json"), b.Bytes(), 0o644); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(dir, "README.md"), readme, 0o644); err != nil {
		return err
	}
	return writeFile(filepath.Join(dir, "LICENSE"), license, 0o644)
}

func writeFile(path string, data []byte, mode os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(path, data, mode); err != nil {
		return err
	}
	return os.Chmod(path, mode) // WriteFile keeps an existing file's mode
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	outf, err := os.OpenFile(to, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(outf, in); err != nil {
		outf.Close()
		return err
	}
	return outf.Close()
}

// hostPlatforms are the packages that fit the machine running this program.
func hostPlatforms() []platform {
	var ps []platform
	for _, p := range platforms {
		if p.GOOS == runtime.GOOS && p.GOARCH == runtime.GOARCH {
			ps = append(ps, p)
		}
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].Name < ps[j].Name })
	return ps
}
