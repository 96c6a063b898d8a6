package doctor

// The severity policy (README "Severity policy"): error only when bgkit is
// certain the build, the upload or the background work fails; warning when
// it is likely; info for advice. A rule whose input cannot be resolved (a
// script bgkit cannot find, a version it cannot read) says what it could
// not verify, at most as a warning.
//
// severityWhy holds, per rule, why its severity is what it is; the rule's
// Docs link is the source. Register refuses a rule without either, so a
// new rule cannot land without saying why it may fail a build.
var severityWhy = map[string]string{
	RuleCrashed: "error: a rule that crashed checked nothing, so bgkit cannot say the project passes",

	"ios-mode-missing":                   "error: BGTaskScheduler refuses to schedule (notPermitted) without the mode, so the task never runs",
	"ios-identifier-missing":             "error: iOS refuses to register or submit an identifier that is not permitted",
	"ios-processing-without-identifiers": "error: App Store Connect rejects the upload (ITMS-90771)",
	"ios-identifiers-without-mode":       "error: every submit fails with notPermitted",
	"ios-legacy-fetch-with-identifiers":  "error: iOS 13+ never calls the legacy fetch handler once the key is present",
	"ios-transistorsoft-id-prefix":       "warning: the library skips the id, but the app may register it natively itself",
	"ios-push-entitlement-missing":       "error when the app registers for pushes (registration fails without the entitlement) or Expo's plugin does; warning for a push library with no registering code bgkit can see, or a remote-notification mode nothing uses",
	"ios-usage-description-missing":      "error: iOS terminates an app that asks for the permission without the text, and App Review rejects it",
	"ios-mode-unknown":                   "error: iOS ignores the string, so the feature it was meant for never runs in the background",
	"ios-mode-deprecated":                "warning: the mode does nothing on current iOS, but the build still runs",
	"ios-appdelegate-setup":              "error: the installed version registers no BGTask handler without the call, or does not compile with a call it lacks; warning when the version cannot be read",
	"ios-mode-unused":                    "warning: App Review may reject it (2.5.4), but bgkit cannot see every use",

	"capacitor-runner-config":                     "error: without label, src and event the runner has nothing to schedule",
	"capacitor-runner-src-missing":                "error only when bgkit understands every copy step of the web build and none yields the file; warning when a step it cannot read may copy it",
	"capacitor-runner-listener-missing":           "error: the scheduled event has no handler, so the task does nothing (skipped with autoStart: false)",
	"capacitor-runner-never-resolves":             "warning: the OS kills the task at its time limit, and the handler may resolve through code bgkit cannot follow",
	"capacitor-runner-appdelegate":                "error: iOS has no launch handler for the label, so the task never runs; registering it twice crashes the app",
	"capacitor-runner-autostart-without-interval": "error: the plugin throws when it schedules without an interval",

	"android-permission-blocked":         "error: the library's work needs the permission and the merged manifest removes it",
	"android-boot-permission-missing":    "error: Android never delivers BOOT_COMPLETED without the permission",
	"android-exported-missing":           "error: the build fails for targetSdk 31+ (manifest merger)",
	"android-fgs-type-missing":           "error: startForeground throws MissingForegroundServiceTypeException for targetSdk 34+",
	"android-fgs-permission-missing":     "error: startForeground throws SecurityException for targetSdk 34+",
	"android-component-class-unknown":    "warning: Android cannot start a component whose class is missing, but bgkit may not see every source set or generated class",
	"android-play-background-location":   "warning: Google Play asks for a declaration; the build and the work are fine",
	"android-play-exact-alarm":           "info, or warning for USE_EXACT_ALARM: a Play policy matter, not a build failure",
	"android-play-battery-optimizations": "warning: Google Play restricts it to some app categories",
	"android-interval-too-short":         "warning: WorkManager raises the interval to 15 minutes; the work still runs",

	"expo-plugin-missing":     "error: without the plugin prebuild writes none of the settings the library needs",
	"expo-config-not-applied": "warning: the committed native folders disagree with the app config until the next prebuild",
	"expo-config-is-code":     "info: bgkit cannot run the code, so it says what it did not check",
	"file-invalid":            "error: the build tool reads the same file and fails on it (a duplicate plist key is a warning: Xcode still builds)",
	"plist-duplicate-key":     "warning: Xcode builds the file and keeps the later value; the earlier one is silently lost",
	"config-not-strict-json":  "warning: lenient readers accept it, strict ones do not",
}
