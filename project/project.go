package project

import "github.com/bgkit/bgkit/project/jsobj"

// CONTRACT (relied on by doctor/, cmd/ and trigger commands; keep these
// names and signatures; add fields freely).

// Framework names.
const (
	Expo          = "expo"
	ReactNative   = "react-native"
	Capacitor     = "capacitor"
	Flutter       = "flutter"
	NativeIOS     = "ios-native"
	NativeAndroid = "android-native"
)

// Library is a dependency the project declares.
type Library struct {
	Name    string // npm/pub/maven/pod name, e.g. "expo-background-task", "workmanager", "androidx.work:work-runtime"
	Version string // as declared ("^0.2.4"), or resolved where a lock file says
	File    string // relative to the root, e.g. "package.json"
	Line    int
	// Installed is the version a lock file says is installed
	// (package-lock.json, yarn.lock, pnpm-lock.yaml, bun.lock,
	// pubspec.lock, Podfile.lock), with that file; "" when none says.
	Installed     string
	InstalledFrom string
}

// Project is what Detect found. Paths are relative to Root; "" means absent.
type Project struct {
	Root       string
	Frameworks []string
	Libraries  []Library

	ExpoConfig       string // app.json, app.config.json, app.config.js or app.config.ts
	ExpoConfigIsCode bool   // app.config.js/ts: not evaluated
	// ExpoNativeIOS / ExpoNativeAndroid: an Expo project whose ios/ or
	// android/ folder is committed (present and not ignored by git); then
	// the native files are the truth, not app.json.
	ExpoNativeIOS     bool
	ExpoNativeAndroid bool

	CapacitorConfig string // capacitor.config.json or capacitor.config.ts

	InfoPlist       string // the app target's Info.plist
	Entitlements    string // the app target's CODE_SIGN_ENTITLEMENTS file ("" when none is set)
	EntitlementsSet string // CODE_SIGN_ENTITLEMENTS as configured even if the file is missing
	// EntitlementsUnused is an entitlements file beside the Info.plist that
	// the app target's CODE_SIGN_ENTITLEMENTS does not name: nothing uses it.
	EntitlementsUnused string
	AppDelegates       []string
	AndroidManifest    string // the app module's main manifest
	AndroidGradle      string // the app module's build.gradle(.kts)
	RunnerScript       string // Capacitor background runner's src file

	// Notes are what the user should know about what was read: files not
	// evaluated, and (Code NoteNotChecked) parts of the project bgkit
	// could not check.
	Notes []Note

	// IOSTarget is the Xcode target whose Info.plist was read ("" when
	// the plist was found without an Xcode project); AndroidModule the
	// application module's folder (as AndroidManifest's).
	IOSTarget     string
	AndroidModule string

	// What Detect read on the way, for the doctor.

	PackageJSON string // "package.json" when present
	Pubspec     string // "pubspec.yaml" when present
	PodfileLock string // ios/Podfile.lock (or Podfile.lock) when present

	// ExpoJSON is the JSON app config whose values were read (app.json or
	// app.config.json; beside an app.config.js/ts it is what the code
	// receives).
	ExpoJSON string
	// Expo is the app config's expo object (the document itself when it has
	// no "expo" wrapper key); nil without a readable JSON app config.
	Expo *jsobj.Node
	// Capacitor is the Capacitor config object; nil when there is none or
	// it could not be read (capacitor.config.ts without an exported object
	// literal, for one).
	Capacitor *jsobj.Node
	// RunnerLooked lists where Detect looked for the runner's src file.
	RunnerLooked []string
	// RunnerVia says how the runner's src reaches webDir (a copy step of
	// the web build, the built output); RunnerUnverified names build steps
	// bgkit cannot read that may copy it, when it was not found.
	RunnerVia        string
	RunnerUnverified string

	// IOSIgnored / AndroidIgnored: the ios/ or android/ folder is ignored
	// by the project's .gitignore (IgnoreLine gives the line).
	IOSIgnored, AndroidIgnored       bool
	IOSIgnoreLine, AndroidIgnoreLine int

	// TargetSDK is the app's targetSdkVersion (0 when unknown). With
	// TargetSDKAtLeast it is only a lower bound: Flutter's
	// flutter.targetSdkVersion when the files tell the lowest Flutter
	// version the app allows, not the one it is built with.
	// TargetSDKFile/Line say where it is set.
	TargetSDK        int
	TargetSDKAtLeast bool
	TargetSDKFile    string
	TargetSDKLine    int
	// TargetSDKSource says how a framework's default gives the value when
	// the project does not set a number itself, as a phrase after the
	// file and line ("applies the default of Expo SDK 53, 35 (...)", see
	// ExpoTargetSDKDefaults and FlutterTargetSDKDefaults); TargetSDKWhy
	// says why TargetSDK is unknown; TargetSDKPin what would make a lower
	// bound exact.
	TargetSDKSource string
	TargetSDKWhy    string
	TargetSDKPin    string

	// Sources are app source files (JS/TS/Dart at the usual places, never
	// dependencies) the doctor may read for statically visible settings.
	Sources []string

	// Problems are files Detect found but could not read as expected.
	Problems []FileProblem
}

// Note codes.
const (
	// NoteInfo is something worth knowing that does not limit the check
	// ("app.config.ts is code and was not evaluated; app.json was read").
	NoteInfo = "info"
	// NoteNotChecked is a part of the project (a platform, a target, a
	// rule's input) that bgkit could not check.
	NoteNotChecked = "not-checked"
)

// Note is one thing the user should know about a run. Platform is "ios",
// "android" or "" (both); File and Line say where, when a file is the
// reason.
type Note struct {
	Code     string
	Platform string
	Message  string
	File     string
	Line     int
}

func (n Note) String() string { return n.Message }

// FileProblem is a file that could not be read or parsed.
type FileProblem struct {
	File      string
	Line, Col int
	Msg       string
	// Lenient: the file is not strict JSON, but the tolerant reader (as
	// lenient as Expo's own) read it, so its values were still used.
	Lenient bool
	// Unreadable: bgkit could not read the file at all (no permission, not
	// a regular file, too large); Msg says why. Otherwise it was read and
	// did not parse.
	Unreadable bool
}

// Has reports whether the project declares the library.
func (p *Project) Has(name string) bool {
	for _, l := range p.Libraries {
		if l.Name == name {
			return true
		}
	}
	return false
}

// Platforms reports which platforms the project builds for; a folder
// that is no known project could be either.
func (p *Project) Platforms() (ios, android bool) {
	cross := p.HasFramework(Expo) || p.HasFramework(ReactNative) ||
		p.HasFramework(Capacitor) || p.HasFramework(Flutter)
	ios = cross || p.HasFramework(NativeIOS) || p.InfoPlist != ""
	android = cross || p.HasFramework(NativeAndroid) || p.AndroidManifest != "" || p.AndroidGradle != ""
	if !ios && !android {
		return true, true
	}
	return ios, android
}

// HasFramework reports whether the project is (also) of the framework.
func (p *Project) HasFramework(name string) bool {
	for _, f := range p.Frameworks {
		if f == name {
			return true
		}
	}
	return false
}
