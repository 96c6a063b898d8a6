package project

import (
	"encoding/json"
	"fmt"
	"iter"
	"strconv"
	"strings"

	"github.com/bgkit/bgkit/internal/textedit"
)

// Flutter's default targetSdk: an app module that writes
// `targetSdk = flutter.targetSdkVersion` gets the value compiled into the
// Flutter SDK's Gradle plugin, so it depends on the Flutter version the app
// is built with. Each row is the first stable release with that default;
// every stable release tag from 2.8.0 to 3.29.3 was read, plus the 3.32.0
// and 3.35 release branches (see README, "Flutter's defaults").
var flutterTargetSDKDefaults = []flutterDefault{
	{flutterVersion{2, 8, 0, ""}, 31, "packages/flutter_tools/gradle/flutter.gradle"},
	{flutterVersion{3, 7, 0, ""}, 33, "packages/flutter_tools/gradle/flutter.gradle"},
	{flutterVersion{3, 22, 0, ""}, 34, "packages/flutter_tools/gradle/src/main/groovy/flutter.groovy"},
	{flutterVersion{3, 27, 0, ""}, 35, "packages/flutter_tools/gradle/src/main/groovy/flutter.groovy"},
	{flutterVersion{3, 35, 0, ""}, 36, "packages/flutter_tools/gradle/src/main/kotlin/FlutterExtension.kt"},
}

// flutterTableEnd is the first minor release the table was not checked
// against: a later Flutter's default is only known to be at least the
// last row's (Flutter raises it, never lowers it: "targetSdkVersion should
// always be the latest available stable version").
var flutterTableEnd = flutterVersion{3, 36, 0, ""}

type flutterDefault struct {
	Since     flutterVersion
	TargetSDK int
	File      string // where the Flutter SDK defines it
}

// FlutterTargetSDKDefault is one row of the table: from Flutter Since on,
// flutter.targetSdkVersion is TargetSDK.
type FlutterTargetSDKDefault struct {
	Since     string
	TargetSDK int
	File      string
}

// FlutterTargetSDKDefaults returns the table of Flutter's targetSdk
// defaults, oldest first.
func FlutterTargetSDKDefaults() []FlutterTargetSDKDefault {
	out := make([]FlutterTargetSDKDefault, len(flutterTargetSDKDefaults))
	for i, d := range flutterTargetSDKDefaults {
		out[i] = FlutterTargetSDKDefault{Since: d.Since.String(), TargetSDK: d.TargetSDK, File: d.File}
	}
	return out
}

// flutterVersion is a Flutter release: 3.22.0, or a beta 3.24.0-0.2.pre.
type flutterVersion struct {
	Major, Minor, Patch int
	Pre                 string
}

func (v flutterVersion) String() string {
	s := fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch)
	if v.Pre != "" {
		s += "-" + v.Pre
	}
	return s
}

// less orders releases; a pre-release comes before its release.
func (v flutterVersion) less(w flutterVersion) bool {
	if v.Major != w.Major {
		return v.Major < w.Major
	}
	if v.Minor != w.Minor {
		return v.Minor < w.Minor
	}
	if v.Patch != w.Patch {
		return v.Patch < w.Patch
	}
	return v.Pre != "" && w.Pre == ""
}

// parseFlutterVersion reads "3.22.0", "v3.22.0", "3.24.0-0.2.pre", and the
// spellings of version managers: fvm's "3.22.0@stable" and asdf's
// "3.22.0-stable" / "3.24.0-0.2.pre-beta". A channel name ("stable") or a
// commit is not a version: ok is false.
func parseFlutterVersion(s string) (v flutterVersion, ok bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "v")
	if at := strings.IndexByte(s, '@'); at >= 0 {
		s = s[:at]
	}
	// asdf: a release is "-stable", a beta "-0.2.pre-beta".
	if t, ok := strings.CutSuffix(s, "-stable"); ok {
		s = t
	} else {
		for _, ch := range []string{"-beta", "-dev", "-master", "-main"} {
			if t, ok := strings.CutSuffix(s, ch); ok && strings.Contains(t, "-") {
				s = t
				break
			}
		}
	}
	core, pre, _ := strings.Cut(s, "-")
	switch pre {
	case "stable", "beta", "dev", "master", "main":
		return v, false
	}
	parts := strings.Split(core, ".")
	if len(parts) != 3 {
		return v, false
	}
	var n [3]int
	for i, p := range parts {
		if p == "" || len(p) > 4 || !detIsDigits(p) {
			return v, false
		}
		n[i], _ = strconv.Atoi(p)
	}
	for _, r := range pre {
		if !(r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return v, false
		}
	}
	if strings.Contains(s, "-") && pre == "" {
		return v, false
	}
	return flutterVersion{n[0], n[1], n[2], pre}, true
}

// flutterDefaultAt returns the table's row for an exact release, and
// whether the table covers it: a release before 2.8.0 has no
// flutter.targetSdkVersion, one from flutterTableEnd on is past the table.
func flutterDefaultAt(v flutterVersion) (flutterDefault, bool) {
	if v.less(flutterTargetSDKDefaults[0].Since) || !v.less(flutterTableEnd) {
		return flutterDefault{}, false
	}
	row := flutterTargetSDKDefaults[0]
	for _, d := range flutterTargetSDKDefaults {
		if !v.less(d.Since) {
			row = d
		}
	}
	return row, true
}

// flutterFloorAt returns what flutter.targetSdkVersion is at least in any
// Flutter from v on: the default of the last release not after v (a beta
// of 3.27.0 comes before 3.27.0, so it gets 3.24's). ok is false below
// 2.8.0.
func flutterFloorAt(v flutterVersion) (row flutterDefault, ok bool) {
	for _, d := range flutterTargetSDKDefaults {
		if !v.less(d.Since) {
			row, ok = d, true
		}
	}
	return row, ok
}

// flutterReleaseRevisions maps the commit of each stable release tag from
// 2.8.0 on (what `flutter create` writes as .metadata's revision) to its
// version. Releases after 3.29.3 are not listed: their revisions are not
// recognized, and other files must tell the version.
var flutterReleaseRevisions = map[string]string{
	"cf4400006550b70f28e4b4af815151d1e74846c6": "2.8.0",
	"77d935af4db863f6abd0b9c31c7e6df2a13de57b": "2.8.1",
	"5f105a6ca7a5ac7b8bc9b241f4c2d86f4188cf5c": "2.10.0",
	"db747aa1331bd95bc9b3874c842261ca2d302cd5": "2.10.1",
	"097d3313d8e2c7f901932d63e537c1acefb87800": "2.10.2",
	"7e9793dee1b85a243edd0e06cb1658e98b077561": "2.10.3",
	"c860cba910319332564e1e9d470a17074c1f2dfd": "2.10.4",
	"5464c5bac742001448fe4fc0597be939379f88ea": "2.10.5",
	"ee4e09cce01d6f2d7f4baebd247fde02e5008851": "3.0.0",
	"fb57da5f945d02ef4f98dfd9409a72b7cce74268": "3.0.1",
	"cd41fdd495f6944ecd3506c21e94c6567b073278": "3.0.2",
	"676cefaaff197f27424942307668886253e1ec35": "3.0.3",
	"85684f9300908116a78138ea4c6036c35c9a1236": "3.0.4",
	"f1875d570e39de09040c8f79aa13cc56baab8db1": "3.0.5",
	"bcea432bce54a83306b3c00a7ad0ed98f777348d": "3.1.0",
	"ffccd96b62ee8cec7740dab303538c5fc26ac543": "3.3.0",
	"4f9d92fbbdf072a70a70d2179a9f87392b94104c": "3.3.1",
	"e3c29ec00c9c825c891d75054c63fcc46454dca1": "3.3.2",
	"18a827f3933c19f51862dde3fa472197683249d6": "3.3.3",
	"eb6d86ee27deecba4a83536aa20f366a6044895c": "3.3.4",
	"d9111f64021372856901a1fd5bfbc386cade3318": "3.3.5",
	"6928314d505d2bb4777be05e45d7808a5aa91d2a": "3.3.6",
	"e99c9c7cd9f6c0b2f8ae6e3ebfd585239f5568f4": "3.3.7",
	"52b3dc25f6471c27b2144594abb11c741cb88f57": "3.3.8",
	"b8f7f1f9869bb2d116aa6a70dbeac61000b52849": "3.3.9",
	"135454af32477f815a7525073027a3ff9eff1bfd": "3.3.10",
	"b06b8b2710955028a6b562f5aa6fe62941d6febf": "3.7.0",
	"7048ed95a5ad3e43d697e0c397464193991fc230": "3.7.1",
	"32fb2f948e9b1a2d1b876ebee3558be7f51b457f": "3.7.2",
	"9944297138845a94256f1cf37beb88ff9a8e811a": "3.7.3",
	"b4bce91dd0f168179d46a7ae5eceb3572ba9637a": "3.7.4",
	"c07f7888888435fd9df505aa2efc38d3cf65681b": "3.7.5",
	"12cb4eb7a009f52b347b62ade7cb4854b926af72": "3.7.6",
	"2ad6cd72c040113b47ee9055e722606a490ef0da": "3.7.7",
	"90c64ed42ba53a52d18f0cb3b17666c8662ed2a0": "3.7.8",
	"62bd79521d8d007524e351747471ba66696fc2d4": "3.7.9",
	"4b12645012342076800eb701bcdfe18f87da21cf": "3.7.10",
	"f72efea43c3013323d1b95cff571f3c1caa37583": "3.7.11",
	"4d9e56e694b656610ab87fcf2efbcd226e0ed8cf": "3.7.12",
	"84a1e904f44f9b0e9c4510138010edcc653163f8": "3.10.0",
	"d3d8effc686d73e0114d71abdcccef63fa1f25d2": "3.10.1",
	"9cd3d0d9ff05768afa249e036acc66e8abe93bff": "3.10.2",
	"f92f44110e87bad5ff168335c36da6f6053036e6": "3.10.3",
	"682aa387cfe4fbd71ccd5418b2c2a075729a1c66": "3.10.4",
	"796c8ef79279f9c774545b3771238c3098dbefab": "3.10.5",
	"f468f3366c26a5092eb964a230ce7892fda8f2f8": "3.10.6",
	"e285328a6909879584a27c9b8eec5fa3621ead93": "3.10.7",
	"8fcb74dbc16b9edb3d3f14c11c627d9e8f24fb1f": "3.12.0",
	"efbf63d9c66b9f6ec30e9ad4611189aa80003d31": "3.13.0",
	"e1e47221e86272429674bec4f1bd36acc4fc7b77": "3.13.1",
	"ff5b5b5fa6f35b717667719ddfdb1521d8bdd05a": "3.13.2",
	"2524052335ec76bb03e04ede244b071f1b86d190": "3.13.3",
	"367f9ea16bfae1ca451b9cc27c1366870b187ae2": "3.13.4",
	"12fccda598477eddd19f93040a1dba24f915b9be": "3.13.5",
	"ead455963c12b453cdb2358cad34969c76daf180": "3.13.6",
	"2f708eb8396e362e280fac22cf171c2cb467343c": "3.13.7",
	"6c4930c4ac86fb286f30e31d0ec8bffbcbb9953e": "3.13.8",
	"d211f42860350d914a5ad8102f9ec32764dc6d06": "3.13.9",
	"db7ef5bf9f59442b0e200a90587e8fa5e0c6336a": "3.16.0",
	"7f20e5d18ce4cb80c621533090a7c5113f5bdc52": "3.16.1",
	"9e1c857886f07d342cf106f2cd588bcd5e031bb2": "3.16.2",
	"b0366e0a3f089e15fd89c97604ab402fe26b724c": "3.16.3",
	"2e9cb0aa71a386a91f73f7088d115c0d96654829": "3.16.4",
	"78666c8dc57e9f7548ca9f8dd0740fbf0c658dc9": "3.16.5",
	"46787ee49c1fd80ab603f0702733edab54653aef": "3.16.6",
	"ef1af02aead6fe2414f3aafa5a61087b610e1332": "3.16.7",
	"67457e669f79e9f8d13d7a68fe09775fefbb79f4": "3.16.8",
	"41456452f29d64e8deb623a3c927524bcf9f111b": "3.16.9",
	"bae5e49bc2a867403c43b2aae2de8f8c33b037e4": "3.19.0",
	"abb292a07e20d696c4568099f918f6c5f330e6b0": "3.19.1",
	"7482962148e8d758338d8a28f589f317e1e42ba4": "3.19.2",
	"ba393198430278b6595976de84fe170f553cc728": "3.19.3",
	"68bfaea224880b488c617afe30ab12091ea8fa4e": "3.19.4",
	"300451adae589accbece3490f4396f10bdf15e6e": "3.19.5",
	"54e66469a933b60ddf175f858f82eaeb97e48c8d": "3.19.6",
	"5dcb86f68f239346676ceb1ed1ea385bd215fba1": "3.22.0",
	"a14f74ff3a1cbd521163c5f03d68113d50af93d3": "3.22.1",
	"761747bfc538b5af34aa0d3fac380f1bc331ec49": "3.22.2",
	"b0850beeb25f6d5b10426284f506557f66181b36": "3.22.3",
	"80c2e84975bbd28ecf5f8d4bd4ca5a2490bfc819": "3.24.0",
	"5874a72aa4c779a02553007c47dacbefba2374dc": "3.24.1",
	"4cf269e36de2573851eaef3c763994f8f9be494d": "3.24.2",
	"2663184aa79047d0a33a14a3b607954f8fdd8730": "3.24.3",
	"603104015dd692ea3403755b55d07813d5cf8965": "3.24.4",
	"dec2ee5c1f98f8e84a7d5380c05eb8a3d0a81668": "3.24.5",
	"8495dee1fd4aacbe9de707e7581203232f591b2f": "3.27.0",
	"17025dd88227cd9532c33fa78f5250d548d87e9a": "3.27.1",
	"68415ad1d920f6fe5ec284f5c2febf7c4dd5b0b3": "3.27.2",
	"c519ee916eaeb88923e67befb89c0f1dabfa83e6": "3.27.3",
	"d8a9f9a52e5af486f80d932e838ee93861ffd863": "3.27.4",
	"35c388afb57ef061d06a39b537336c87e0e3d1b1": "3.29.0",
	"09de023485e95e6d1225c2baa44b8feb85e0d45f": "3.29.1",
	"c23637390482d4cf9598c3ce3f2be31aa7332daf": "3.29.2",
	"ea121f8859e4b13e47a8f845e4586164519588bc": "3.29.3",
}

// FlutterSDK is the Flutter version a project is built with, as far as its
// committed files tell.
type FlutterSDK struct {
	Version flutterVersion
	// Exact is true when a version manager pins the version (.fvmrc,
	// .fvm/fvm_config.json, .tool-versions); otherwise Version is a lower
	// bound (pubspec.lock, pubspec.yaml's environment, .metadata).
	Exact bool
	File  string // relative to the app's root (may climb: ../.fvmrc)
	Line  int
	How   string // "pins Flutter 3.22.0", "requires Flutter >= 3.7.0"
}

func (s FlutterSDK) where() string {
	if s.Line > 0 {
		return fmt.Sprintf("%s:%d", s.File, s.Line)
	}
	return s.File
}

// readFVMConfig reads fvm 3's .fvmrc ({"flutter": "3.22.0"}) or fvm 2's
// .fvm/fvm_config.json ({"flutterSdkVersion": "3.22.0"}): the version and
// its line; ok is false for a channel, a commit, or a file that is not
// such JSON (raw then holds what names no release).
func readFVMConfig(data []byte) (v flutterVersion, line int, raw string, ok bool) {
	var m map[string]any
	if json.Unmarshal(data, &m) != nil {
		return v, 0, "", false
	}
	// fvm reads either key in either file.
	key := "flutter"
	s, _ := m[key].(string)
	if s == "" {
		key = "flutterSdkVersion"
		s, _ = m[key].(string)
	}
	if s == "" {
		return v, 0, "", false
	}
	src := string(data)
	line = 1
	if at := strings.Index(src, `"`+key+`"`); at >= 0 {
		line = textedit.LineOf(src, at)
	}
	v, ok = parseFlutterVersion(s)
	return v, line, s, ok
}

// readToolVersions reads asdf's .tool-versions: the first version of its
// flutter line ("flutter 3.22.0-stable").
func readToolVersions(data []byte) (v flutterVersion, line int, raw string, ok bool) {
	for i, l := range strings.Split(string(data), "\n") {
		l, _, _ = strings.Cut(l, "#")
		f := strings.Fields(l)
		if len(f) >= 2 && f[0] == "flutter" {
			v, ok = parseFlutterVersion(f[1])
			return v, i + 1, f[1], ok
		}
	}
	return v, 0, "", false
}

// readYAMLFlutterBound reads the flutter constraint of a top-level block
// (pubspec.lock's sdks, pubspec.yaml's environment): ">=3.22.0",
// ">=3.19.0 <4.0.0", "^3.22.0" or "3.22.0" give their lowest version.
func readYAMLFlutterBound(data []byte, block string) (v flutterVersion, line int, raw string, ok bool) {
	for n, l := range yamlBlockLines(data, block) {
		key, val, found := strings.Cut(l, ":")
		if !found || detYamlUnquote(strings.TrimSpace(key)) != "flutter" {
			continue
		}
		raw = detYamlUnquote(strings.TrimSpace(val))
		v, ok = lowestOfConstraint(raw)
		return v, n, raw, ok
	}
	return v, 0, "", false
}

// yamlBlockLines yields the lines nested under a top-level key of a YAML
// file (block: its name), comments stripped and space trimmed, with their
// line numbers (from 1). Blank lines are skipped; a block may appear more
// than once.
func yamlBlockLines(data []byte, block string) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		in := false
		for i, l := range strings.Split(string(data), "\n") {
			l = detYamlStripComment(strings.TrimRight(l, "\r"))
			if strings.TrimSpace(l) == "" {
				continue
			}
			if l[0] != ' ' && l[0] != '\t' {
				key, _, _ := strings.Cut(l, ":")
				in = strings.TrimSpace(key) == block
				continue
			}
			if in && !yield(i+1, strings.TrimSpace(l)) {
				return
			}
		}
	}
}

// lowestOfConstraint returns the lowest version a pub constraint allows,
// when it has one: ">=3.22.0 <4.0.0", ">=3.22.0", "^3.22.0", "3.22.0".
// ">3.22.0" and "any" have none bgkit can name.
func lowestOfConstraint(c string) (flutterVersion, bool) {
	for _, part := range strings.Fields(c) {
		switch {
		case strings.HasPrefix(part, ">="):
			return parseFlutterVersion(part[2:])
		case strings.HasPrefix(part, "^"):
			return parseFlutterVersion(part[1:])
		case part != "" && part[0] >= '0' && part[0] <= '9':
			return parseFlutterVersion(part)
		}
	}
	return flutterVersion{}, false
}

// readMetadataRevision reads the revision and channel `flutter create`
// records in .metadata.
func readMetadataRevision(data []byte) (revision, channel string, line int) {
	for n, l := range yamlBlockLines(data, "version") {
		key, val, _ := strings.Cut(l, ":")
		switch strings.TrimSpace(key) {
		case "revision":
			revision, line = detYamlUnquote(strings.TrimSpace(val)), n
		case "channel":
			channel = detYamlUnquote(strings.TrimSpace(val))
		}
	}
	return revision, channel, line
}

// flutterSDK finds the Flutter version the app at the root is built with:
// pinned by a version manager (the nearest .fvmrc, .fvm/fvm_config.json or
// .tool-versions from the app's folder up to the repository's top, as fvm
// and asdf look for them), else the highest lower bound that pubspec.lock,
// pubspec.yaml's environment and .metadata's revision give. ok is false
// when none tells; unread says what was found but is no version.
func (d *detector) flutterSDK() (sdk FlutterSDK, ok bool, unread []string) {
	// The nearest folder with a pin decides: a channel there ("stable")
	// is no version, and a pin further up is not what that tool runs.
	up := ""
	for level := 0; level < 8; level++ {
		var pins []FlutterSDK
		pinned := false
		for _, name := range []string{".fvmrc", ".fvm/fvm_config.json", ".tool-versions"} {
			rel := up + name
			if !d.exists(rel) {
				continue
			}
			var v flutterVersion
			var line int
			var raw string
			var good bool
			if name == ".tool-versions" {
				v, line, raw, good = readToolVersions(d.read(rel))
			} else {
				v, line, raw, good = readFVMConfig(d.read(rel))
			}
			switch {
			case good:
				pinned = true
				pins = append(pins, FlutterSDK{Version: v, Exact: v.Pre == "", File: rel, Line: line, How: "pins Flutter " + v.String()})
			case raw != "":
				pinned = true
				unread = append(unread, fmt.Sprintf("%s:%d names %q, not a Flutter release", rel, line, raw))
			}
		}
		if pinned {
			if len(pins) > 0 && len(unread) == 0 {
				return pins[0], true, nil
			}
			break
		}
		if d.exists(up+".git") || d.dirExists(up+".git") {
			break
		}
		up += "../"
	}
	consider := func(c FlutterSDK) {
		if !ok || sdk.Version.less(c.Version) {
			sdk, ok = c, true
		}
	}
	for _, src := range []struct{ rel, block string }{{"pubspec.lock", "sdks"}, {"pubspec.yaml", "environment"}} {
		if v, line, raw, good := readYAMLFlutterBound(d.read(src.rel), src.block); good {
			consider(FlutterSDK{Version: v, File: src.rel, Line: line, How: "requires Flutter >= " + v.String()})
		} else if raw != "" && raw != "any" {
			unread = append(unread, fmt.Sprintf("%s:%d allows Flutter %q, which names no lowest release", src.rel, line, raw))
		}
	}
	if rev, channel, line := readMetadataRevision(d.read(".metadata")); rev != "" {
		if ver, known := flutterReleaseRevisions[rev]; known {
			v, _ := parseFlutterVersion(ver)
			consider(FlutterSDK{Version: v, File: ".metadata", Line: line, How: "records that the app was made with Flutter " + ver + " (read as the lowest Flutter in use)"})
		} else {
			unread = append(unread, fmt.Sprintf(".metadata:%d records revision %s (%s), which is not a stable release bgkit can map to a version (it knows 2.8.0 to 3.29.3)", line, detShortRev(rev), detOr(channel, "channel unknown")))
		}
	}
	return sdk, ok, unread
}

func detShortRev(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
}

// flutterTargetSDK resolves `targetSdk = flutter.targetSdkVersion` (file,
// line) to the default of the Flutter version in use: exact when a version
// manager pins a release the table covers, else a lower bound: the default
// of the lowest Flutter the files allow, and at least 31, since the
// property exists since Flutter 2.8.0, whose default was 31.
func (d *detector) flutterTargetSDK(file string, line int) {
	d.p.TargetSDKFile, d.p.TargetSDKLine = file, line
	d.p.TargetSDKPin = fmt.Sprintf("pin the Flutter version in .fvmrc (fvm) or .tool-versions (asdf), or set targetSdk as a number in %s", file)
	sdk, found, unread := d.flutterSDK()
	first := flutterTargetSDKDefaults[0]
	if found && sdk.Exact {
		if row, ok := flutterDefaultAt(sdk.Version); ok {
			d.p.TargetSDK = row.TargetSDK
			d.p.TargetSDKSource = fmt.Sprintf("reads flutter.targetSdkVersion: %d in Flutter %s, which %s pins", row.TargetSDK, sdk.Version, sdk.where())
			return
		}
		if sdk.Version.less(first.Since) {
			d.p.TargetSDKWhy = fmt.Sprintf("%s:%d reads flutter.targetSdkVersion, which Flutter %s (pinned by %s) does not have: it came with Flutter %s", file, line, sdk.Version, sdk.where(), first.Since)
			return
		}
	}
	floor, reason := first, fmt.Sprintf("flutter.targetSdkVersion exists since Flutter %s, whose default was %d", first.Since, first.TargetSDK)
	if found {
		row, ok := flutterFloorAt(sdk.Version)
		last := flutterTargetSDKDefaults[len(flutterTargetSDKDefaults)-1]
		switch {
		case sdk.Exact:
			floor, reason = last, fmt.Sprintf("%s pins Flutter %s, newer than the releases bgkit's table covers (up to %d.%d, whose default is %d)", sdk.where(), sdk.Version, last.Since.Major, last.Since.Minor, last.TargetSDK)
		case ok && row.TargetSDK >= floor.TargetSDK:
			is := "is"
			if !sdk.Version.less(flutterTableEnd) {
				is = "is at least" // past the table
			}
			floor, reason = row, fmt.Sprintf("%s %s, whose default %s %d", sdk.where(), sdk.How, is, row.TargetSDK)
		default:
			reason += fmt.Sprintf(" (%s %s, which tells no more)", sdk.where(), sdk.How)
		}
	} else {
		reason = "bgkit found no Flutter version (in .fvmrc, .fvm/fvm_config.json, .tool-versions, pubspec.lock, pubspec.yaml or .metadata), and " + reason
	}
	if len(unread) > 0 {
		reason += "; " + strings.Join(unread, "; ")
	}
	d.p.TargetSDK, d.p.TargetSDKAtLeast = floor.TargetSDK, true
	d.p.TargetSDKSource = fmt.Sprintf("reads flutter.targetSdkVersion: at least %d, as %s", floor.TargetSDK, reason)
}
