package doctor

// ruleDoc is a rule's documentation as data, for `bgkit doctor --explain`
// and SARIF's rules[].fullDescription and rules[].help: what the rule
// checks and why at length, how to fix a finding, and where it helps a
// configuration that fails the rule and the same one fixed.
type ruleDoc struct {
	Text   string
	Remedy string
	Before string
	After  string
}

// ruleDocs holds each catalog rule's documentation; mustRegister fills
// the rule's fields from it, and the catalog test refuses a rule without
// Text and Remedy.
var ruleDocs = map[string]ruleDoc{
	RuleCrashed: {
		Text:   "One of bgkit's own rules panicked while it checked this project. The other rules still ran and their findings stand, but the crashed rule checked nothing, so bgkit cannot say the project passes it. The finding's message names the rule and the panic.",
		Remedy: "Report it at https://github.com/bgkit/bgkit/issues with the message and, if you can, the smallest project that makes the rule crash. Until it is fixed, --skip RULE runs the doctor without that rule.",
	},

	// iOS
	"ios-mode-missing": {
		Text:   "A background library only works when the app declares the UIBackgroundModes it relies on: BGTaskScheduler refuses to schedule a BGProcessingTask without \"processing\" and a BGAppRefreshTask without \"fetch\" (notPermitted), and silent pushes are not delivered in the background without \"remote-notification\". bgkit knows which modes each background library needs (and which its installed version needs) and checks that Info.plist, or the Expo app config that generates it, lists them.",
		Remedy: "Add the missing modes to UIBackgroundModes: in Xcode under Signing & Capabilities > Background Modes, in Info.plist by hand, or in an Expo project without ios/ under expo.ios.infoPlist.UIBackgroundModes. bgkit doctor --fix adds them where the project keeps them.",
		Before: "<key>UIBackgroundModes</key>\n<array>\n\t<string>fetch</string>\n</array>",
		After:  "<key>UIBackgroundModes</key>\n<array>\n\t<string>fetch</string>\n\t<string>processing</string>\n</array>",
	},
	"ios-identifier-missing": {
		Text:   "Every identifier an app registers with BGTaskScheduler (BGTaskScheduler.shared.register(forTaskWithIdentifier:), or a library's fixed identifier) must be listed in BGTaskSchedulerPermittedIdentifiers. iOS refuses to register or submit an identifier that is not permitted, so the task never runs. bgkit collects the identifiers from the app's sources, the libraries it knows and their configuration.",
		Remedy: "Add each identifier to BGTaskSchedulerPermittedIdentifiers in Info.plist (or expo.ios.infoPlist in an Expo project without ios/). bgkit doctor --fix adds them.",
		Before: "<key>BGTaskSchedulerPermittedIdentifiers</key>\n<array>\n</array>",
		After:  "<key>BGTaskSchedulerPermittedIdentifiers</key>\n<array>\n\t<string>com.example.app.refresh</string>\n</array>",
	},
	"ios-processing-without-identifiers": {
		Text:   "Since iOS 13, an app that declares the \"processing\" background mode must list the BGTask identifiers it uses in BGTaskSchedulerPermittedIdentifiers. App Store Connect rejects an upload that has the mode without the key (ITMS-90771), so the build cannot ship.",
		Remedy: "Add BGTaskSchedulerPermittedIdentifiers with the identifiers the app registers, or remove the \"processing\" mode if nothing uses it. bgkit doctor --fix adds the identifiers it knows.",
		Before: "<key>UIBackgroundModes</key>\n<array>\n\t<string>processing</string>\n</array>",
		After:  "<key>UIBackgroundModes</key>\n<array>\n\t<string>processing</string>\n</array>\n<key>BGTaskSchedulerPermittedIdentifiers</key>\n<array>\n\t<string>com.example.app.processing</string>\n</array>",
	},
	"ios-identifiers-without-mode": {
		Text:   "BGTaskSchedulerPermittedIdentifiers only has an effect with the background mode its tasks need: \"fetch\" for app refresh tasks, \"processing\" for processing tasks. Without either mode every submit fails with notPermitted.",
		Remedy: "Add \"fetch\" (app refresh tasks) or \"processing\" (processing tasks) to UIBackgroundModes, or remove BGTaskSchedulerPermittedIdentifiers if the app schedules no BGTask.",
	},
	"ios-legacy-fetch-with-identifiers": {
		Text:   "iOS 13 and later never call the legacy background fetch API (setMinimumBackgroundFetchInterval and application(_:performFetchWithCompletionHandler:)) once Info.plist holds BGTaskSchedulerPermittedIdentifiers. A library that still uses the legacy API then never runs.",
		Remedy: "Move the legacy fetch to BGTaskScheduler (a BGAppRefreshTask), or upgrade the library to a version that uses BGTaskScheduler; otherwise remove BGTaskSchedulerPermittedIdentifiers.",
	},
	"ios-transistorsoft-id-prefix": {
		Text:   "react-native-background-fetch and its relatives (transistorsoft) only handle BGTask identifiers that start with com.transistorsoft; an identifier in BGTaskSchedulerPermittedIdentifiers under another prefix is skipped by the library. It is a warning because the app may register such an identifier natively itself.",
		Remedy: "Name the library's tasks com.transistorsoft.<name> (the taskId given to scheduleTask) and list those in BGTaskSchedulerPermittedIdentifiers.",
	},
	"ios-push-entitlement-missing": {
		Text:   "Remote notifications need the aps-environment entitlement in the app's signed entitlements: without it registerForRemoteNotifications fails and no push (silent or visible) arrives. bgkit checks the entitlements file that CODE_SIGN_ENTITLEMENTS names, or expo.ios.entitlements in an Expo project without ios/.",
		Remedy: "In Xcode, add the Push Notifications capability to the app target (it writes aps-environment to the entitlements file). bgkit doctor --fix sets aps-environment in an existing entitlements file or the Expo app config; it never creates an entitlements file behind Xcode's back.",
		Before: "<dict>\n</dict>",
		After:  "<dict>\n\t<key>aps-environment</key>\n\t<string>development</string>\n</dict>",
	},
	"ios-usage-description-missing": {
		Text:   "Some background modes come with a privacy permission whose purpose string Info.plist must carry (\"location\" needs NSLocationWhenInUseUsageDescription and NSLocationAlwaysAndWhenInUseUsageDescription, the Bluetooth modes NSBluetoothAlwaysUsageDescription, \"nearby-interaction\" NSNearbyInteractionUsageDescription). iOS terminates an app that asks for the permission without the text, and App Review rejects it.",
		Remedy: "Add the usage description key the finding names to Info.plist (or expo.ios.infoPlist), with a sentence that tells the user why the app needs it.",
	},
	"ios-mode-unknown": {
		Text:   "UIBackgroundModes only means something for the values Apple documents (audio, fetch, location, processing, remote-notification, voip, bluetooth-central, and so on). iOS ignores any other string, so a misspelt mode silently leaves the feature it was meant for without background time.",
		Remedy: "Correct the value to the documented mode (the finding suggests the closest one) or remove it.",
	},
	"ios-mode-deprecated": {
		Text:   "Some UIBackgroundModes values were retired and do nothing on current iOS (newsstand-content, for example). The build still runs, but the entry is dead configuration and can draw questions in App Review.",
		Remedy: "Remove the retired mode from UIBackgroundModes. bgkit doctor --fix removes it.",
	},
	"ios-appdelegate-setup": {
		Text:   "Several background libraries need setup calls in the AppDelegate, and which calls depends on the installed version: a version that registers its BGTask handlers from the AppDelegate registers none without the call, and a call the version does not have does not compile. bgkit reads the installed version from the lock file and the AppDelegate's sources.",
		Remedy: "Make the AppDelegate's calls match the library's installation guide for the installed version (the finding names the call to add or remove).",
	},
	"ios-mode-unused": {
		Text:   "App Review (guideline 2.5.4) rejects apps that declare background modes they do not use. bgkit looks for what uses each mode: a library that needs it, BGTask registrations, location, audio or push code. It is a warning because bgkit cannot see every use (code generated at build time, a native SDK).",
		Remedy: "Remove the mode if nothing uses it; if something does that bgkit cannot see, keep it and skip the rule with --skip ios-mode-unused.",
	},
	"plist-duplicate-key": {
		Text:   "A property list dictionary that holds a key twice still builds: Xcode and iOS keep the later value, so the earlier one is silently lost. Merges and hand edits often leave such duplicates, and the value that counts may not be the one you edited.",
		Remedy: "Keep one entry of the key, holding the value you want, and delete the other.",
	},

	// Capacitor
	"capacitor-runner-config": {
		Text:   "@capacitor/background-runner reads plugins.BackgroundRunner from the Capacitor config: label (the task identifier), src (the runner script in the web assets) and event (the event the script handles). Without all three the runner has nothing to schedule.",
		Remedy: "Give plugins.BackgroundRunner its label, src and event in capacitor.config.ts/json, as the plugin's documentation shows.",
		After:  "plugins: {\n  BackgroundRunner: {\n    label: \"com.example.app.task\",\n    src: \"runners/runner.js\",\n    event: \"sync\",\n    repeat: true,\n    interval: 15,\n    autoStart: true,\n  },\n}",
	},
	"capacitor-runner-src-missing": {
		Text:   "The background runner loads its script from the web assets copied into the native app (src, relative to the web dir). bgkit follows the web build's copy steps it understands; when none of them yields the file, the runner has no script to run.",
		Remedy: "Put the runner script where src says inside the web assets (for example public/runners/runner.js for a web dir built from public/), or correct src.",
	},
	"capacitor-runner-listener-missing": {
		Text:   "The runner script must listen for the configured event (addEventListener(\"sync\", ...)); otherwise the scheduled task fires an event nothing handles and does nothing. With autoStart: false the event is dispatched by the app itself, so the rule is skipped.",
		Remedy: "Add addEventListener(EVENT, (resolve, reject, args) => { ... }) for the configured event to the runner script, or set event to the one it listens for.",
	},
	"capacitor-runner-never-resolves": {
		Text:   "A runner event handler must call resolve() or reject() when its work is done; otherwise the OS kills the task at its time limit and may throttle the app's later background work. It is a warning because the handler may resolve through code bgkit cannot follow.",
		Remedy: "Call resolve() when the work succeeds and reject(error) when it fails, on every path of the handler.",
	},
	"capacitor-runner-appdelegate": {
		Text:   "On iOS the background runner needs BackgroundRunnerPlugin.registerBackgroundTask() in application(_:didFinishLaunchingWithOptions:): iOS has no launch handler for the label without it, so the task never runs. Registering it twice crashes the app.",
		Remedy: "Call BackgroundRunnerPlugin.registerBackgroundTask() once in the AppDelegate's didFinishLaunchingWithOptions, as the plugin's iOS setup shows.",
	},
	"capacitor-runner-autostart-without-interval": {
		Text:   "With autoStart: true the background runner schedules its task when the app starts, and it needs an interval (in minutes) to do so: the plugin throws when it schedules without one.",
		Remedy: "Add interval (minutes, 15 or more) to plugins.BackgroundRunner, or set autoStart: false and dispatch the event from the app.",
	},

	// Android
	"android-permission-blocked": {
		Text:   "A library's manifest requests the permissions its work needs, but the app can remove them from the merged manifest (tools:node=\"remove\" in AndroidManifest.xml, or android.blockedPermissions in an Expo app config). The library's work then fails where it needs the permission.",
		Remedy: "Stop removing the permission: delete the tools:node=\"remove\" entry or the blockedPermissions entry. bgkit doctor --fix does both.",
		Before: "<uses-permission android:name=\"android.permission.RECEIVE_BOOT_COMPLETED\" tools:node=\"remove\" />",
		After:  "<uses-permission android:name=\"android.permission.RECEIVE_BOOT_COMPLETED\" />",
	},
	"android-boot-permission-missing": {
		Text:   "A receiver with an intent filter for android.intent.action.BOOT_COMPLETED only receives it when the app holds RECEIVE_BOOT_COMPLETED; Android never delivers the broadcast otherwise, so work meant to be rescheduled after a reboot is not.",
		Remedy: "Request android.permission.RECEIVE_BOOT_COMPLETED in AndroidManifest.xml (or android.permissions in an Expo app config). bgkit doctor --fix adds it.",
		After:  "<uses-permission android:name=\"android.permission.RECEIVE_BOOT_COMPLETED\" />",
	},
	"android-exported-missing": {
		Text:   "Since Android 12 (targetSdk 31), every activity, service and receiver with an intent filter must say whether other apps may start it (android:exported). The manifest merger fails the build when it is missing.",
		Remedy: "Set android:exported on the component: \"true\" when other apps or the system start it through the intent filter (a BOOT_COMPLETED receiver needs that), \"false\" otherwise.",
		Before: "<receiver android:name=\".BootReceiver\">\n  <intent-filter>\n    <action android:name=\"android.intent.action.BOOT_COMPLETED\" />\n  </intent-filter>\n</receiver>",
		After:  "<receiver android:name=\".BootReceiver\" android:exported=\"true\">\n  <intent-filter>\n    <action android:name=\"android.intent.action.BOOT_COMPLETED\" />\n  </intent-filter>\n</receiver>",
	},
	"android-fgs-type-missing": {
		Text:   "Since Android 14 (targetSdk 34), every foreground service must declare its type (android:foregroundServiceType: dataSync, location, mediaPlayback, ...). startForeground throws MissingForegroundServiceTypeException for a service without one.",
		Remedy: "Add android:foregroundServiceType with the type that matches what the service does, and request the FOREGROUND_SERVICE_<TYPE> permission that goes with it.",
		Before: "<service android:name=\".SyncService\" />",
		After:  "<service android:name=\".SyncService\" android:foregroundServiceType=\"dataSync\" />",
	},
	"android-fgs-permission-missing": {
		Text:   "A foreground service needs FOREGROUND_SERVICE, and since Android 14 (targetSdk 34) also the permission of its type (FOREGROUND_SERVICE_DATA_SYNC for dataSync, and so on). startForeground throws SecurityException without them.",
		Remedy: "Request android.permission.FOREGROUND_SERVICE and the FOREGROUND_SERVICE_<TYPE> permission of each declared type. bgkit doctor --fix adds them.",
		After:  "<uses-permission android:name=\"android.permission.FOREGROUND_SERVICE\" />\n<uses-permission android:name=\"android.permission.FOREGROUND_SERVICE_DATA_SYNC\" />",
	},
	"android-component-class-unknown": {
		Text:   "A service or receiver declared in the app's own package must have its class in the app's sources: Android cannot start a component whose class is missing, and the work it stands for never runs. It is a warning because bgkit may not see every source set or generated class.",
		Remedy: "Correct android:name to the class's fully qualified name, add the class, or remove the declaration left behind by a rename.",
	},
	"android-play-background-location": {
		Text:   "ACCESS_BACKGROUND_LOCATION lets the app read the location while in the background. Google Play asks for a declaration and a review of why the app needs it; the build and the work are fine, but a release can be held until the declaration is accepted.",
		Remedy: "If the app needs location in the background, fill in the location permissions declaration in Play Console; if it does not, remove the permission (and the library option that requests it).",
	},
	"android-play-battery-optimizations": {
		Text:   "REQUEST_IGNORE_BATTERY_OPTIMIZATIONS lets the app ask to be exempt from Doze and App Standby. Google Play only allows it for some app categories and can remove an app that uses it otherwise.",
		Remedy: "Remove the permission unless the app's core function is one Google Play accepts for it; WorkManager and foreground services cover most background work without it.",
	},
	"android-play-exact-alarm": {
		Text:   "Exact alarms need SCHEDULE_EXACT_ALARM (the user can revoke it) or USE_EXACT_ALARM (granted, but Google Play allows it only for alarm clocks and calendars). It is a Play policy matter, not a build failure; USE_EXACT_ALARM is a warning, SCHEDULE_EXACT_ALARM advice.",
		Remedy: "Use SCHEDULE_EXACT_ALARM and check canScheduleExactAlarms() unless the app is an alarm clock or calendar; prefer inexact alarms or WorkManager when timing to the minute is not needed.",
	},
	"android-interval-too-short": {
		Text:   "Android runs periodic background work at most every 15 minutes: WorkManager (and the libraries built on it or on JobScheduler) raise a shorter interval to 15 minutes. The work still runs, just less often than the configuration says.",
		Remedy: "Set the interval to 15 minutes or more; for work that must run sooner use a foreground service or a push that triggers it.",
	},

	// Expo and config files
	"expo-plugin-missing": {
		Text:   "expo-background-task (like other config-plugin libraries) writes its native settings at prebuild only when its config plugin is listed in the app config's plugins; installing the package is not enough. Without it the generated Info.plist lacks the processing mode and the task identifier.",
		Remedy: "Add the plugin to expo.plugins in app.json (or app.config.js/ts) and run npx expo prebuild again. bgkit doctor --fix adds it to app.json.",
		Before: "{\n  \"expo\": {\n    \"plugins\": []\n  }\n}",
		After:  "{\n  \"expo\": {\n    \"plugins\": [\"expo-background-task\"]\n  }\n}",
	},
	"expo-config-not-applied": {
		Text:   "In an Expo project that commits ios/ and android/, the app config only reaches those folders when prebuild runs. bgkit compares background settings in the app config with the native files and reports those the native files lack: until the next prebuild, builds use the native files as they are.",
		Remedy: "Run npx expo prebuild to regenerate the native folders, or make the same change in the native files. bgkit doctor --fix edits the native files.",
	},
	"expo-config-is-code": {
		Text:   "app.config.js and app.config.ts are code, which bgkit does not run, so it cannot read what they return. bgkit checks what it can (app.json, the native folders) and says which checks of the app config it left out.",
		Remedy: "Nothing is wrong. To have the app config checked, keep the background settings in app.json (app.config.js receives it as config and can extend it).",
	},
	"file-invalid": {
		Text:   "A configuration file bgkit reads does not parse (an Info.plist, AndroidManifest.xml, app.json, the Capacitor config, ...). The build tools read the same file and fail on it too, and bgkit cannot check what the file says. The finding names the file, the line and what is wrong there.",
		Remedy: "Fix the syntax error at the line the finding names (a merge conflict marker, an unclosed tag, a trailing comma); bgkit never edits a file that does not parse.",
	},
	"config-not-strict-json": {
		Text:   "A JSON config file (app.json, capacitor.config.json, ...) holds comments or trailing commas. Expo's own reader tolerates them, so bgkit still checks the values, but other tools, and bgkit doctor --fix, refuse the file.",
		Remedy: "Make the file strict JSON: remove the comments and trailing commas (or move comments to a format that allows them, such as app.config.js or capacitor.config.ts).",
	},
}
