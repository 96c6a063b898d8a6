package project

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
	AppDelegates    []string
	AndroidManifest string // the app module's main manifest
	AndroidGradle   string // the app module's build.gradle(.kts)
	RunnerScript    string // Capacitor background runner's src file

	Notes []string // things the user should know ("app.config.ts was not evaluated")
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

// HasFramework reports whether the project is (also) of the framework.
func (p *Project) HasFramework(name string) bool {
	for _, f := range p.Frameworks {
		if f == name {
			return true
		}
	}
	return false
}

// Detect reads the project at root. It never walks node_modules, Pods,
// build, DerivedData, .gradle or .git.
func Detect(root string) (*Project, error) { return &Project{Root: root}, nil }
