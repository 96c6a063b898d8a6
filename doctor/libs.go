package doctor

import "github.com/bgkit/bgkit/doctor/fixplan"

// What each background library needs, from its documentation and sources
// (see the docs links). The rules read this table; a library that is not
// here is not judged.

// libSpec describes one library as the project declares it.
type libSpec struct {
	Name string
	// Modes are the UIBackgroundModes it needs; AnyMode: at least one of.
	Modes   []string
	AnyMode []string
	// Uses are modes it may use (they are not "unused" when it is there).
	Uses []string
	// TaskIDs are the fixed BGTaskSchedulerPermittedIdentifiers it needs.
	TaskIDs []string
	// IDPrefix: the custom task ids it registers must start with it.
	IDPrefix string
	// LegacyFetch: it uses the pre-iOS-13 background fetch API, which a
	// BGTaskSchedulerPermittedIdentifiers key disables.
	LegacyFetch bool
	// Push: it receives remote notifications (needs aps-environment).
	Push bool
	// Needs are Android permissions it relies on (its manifest, or
	// WorkManager's, merges them in); Adds are other permissions its
	// manifest merges in (Play-policy-sensitive ones matter).
	Needs []string
	Adds  []string
	// AddsSince: permissions of Adds its manifest merges only in some
	// versions.
	AddsSince map[string]since
	// Why says what breaks without its Android permissions.
	Why  string
	Docs string
}

// WorkManager's manifest (androidx.work:work-runtime).
var workManagerPerms = []string{
	"android.permission.WAKE_LOCK",
	"android.permission.ACCESS_NETWORK_STATE",
	"android.permission.RECEIVE_BOOT_COMPLETED",
	"android.permission.FOREGROUND_SERVICE",
}

var tsFetchPerms = []string{"android.permission.RECEIVE_BOOT_COMPLETED", "android.permission.WAKE_LOCK"}

const (
	expoTaskID = fixplan.ExpoBackgroundTaskID
	tsFetchID  = "com.transistorsoft.fetch"
	tsPrefix   = "com.transistorsoft"
)

var libSpecs = []libSpec{
	{
		Name: "expo-background-fetch", Modes: []string{"fetch"}, LegacyFetch: true,
		Needs: tsFetchPerms, Why: "its tasks stop after a reboot",
		Docs: "https://docs.expo.dev/versions/latest/sdk/background-fetch/",
	},
	{
		Name: "expo-task-manager", Modes: []string{"fetch"},
		Docs: "https://docs.expo.dev/versions/latest/sdk/task-manager/",
	},
	{
		Name: "expo-background-task", Modes: []string{"processing"}, TaskIDs: []string{expoTaskID},
		Needs: workManagerPerms, Why: "WorkManager, its Android backend, cannot reschedule work after a reboot or wake the device",
		Docs: "https://docs.expo.dev/versions/latest/sdk/background-task/",
	},
	{
		Name: "@capacitor/background-runner", Modes: []string{"fetch", "processing"}, Uses: []string{"location", "remote-notification"},
		Needs: append([]string{}, workManagerPerms...), Why: "WorkManager, which runs the runner on Android, cannot reschedule after a reboot",
		Adds: []string{"android.permission.SCHEDULE_EXACT_ALARM", "android.permission.ACCESS_COARSE_LOCATION", "android.permission.ACCESS_FINE_LOCATION",
			"android.permission.POST_NOTIFICATIONS", "android.permission.ACCESS_BACKGROUND_LOCATION"},
		AddsSince: map[string]since{"android.permission.ACCESS_BACKGROUND_LOCATION": {From: "1.1.0",
			Source: "https://github.com/ionic-team/capacitor-background-runner/commit/18f72b6c17bb83bb0e9dde3b0b4c1d3db5309b0d"}},
		Docs: "https://capacitorjs.com/docs/apis/background-runner",
	},
	{
		Name: "react-native-background-fetch", Modes: []string{"fetch"}, Uses: []string{"processing"}, TaskIDs: []string{tsFetchID}, IDPrefix: tsPrefix,
		Needs: tsFetchPerms, Why: "fetch events stop after a reboot",
		Docs: "https://github.com/transistorsoft/react-native-background-fetch/blob/master/docs/INSTALL-AUTO-IOS.md",
	},
	{
		Name: "background_fetch", Modes: []string{"fetch"}, Uses: []string{"processing"}, TaskIDs: []string{tsFetchID}, IDPrefix: tsPrefix,
		Needs: tsFetchPerms, Why: "fetch events stop after a reboot",
		Docs: "https://github.com/transistorsoft/flutter_background_fetch/blob/master/help/INSTALL-IOS.md",
	},
	{
		Name: "@transistorsoft/capacitor-background-fetch", Modes: []string{"fetch"}, Uses: []string{"processing"}, TaskIDs: []string{tsFetchID}, IDPrefix: tsPrefix,
		Needs: tsFetchPerms, Why: "fetch events stop after a reboot",
		Docs: "https://github.com/transistorsoft/capacitor-background-fetch",
	},
	{
		Name: "TSBackgroundFetch", Modes: []string{"fetch"}, Uses: []string{"processing"}, TaskIDs: []string{tsFetchID}, IDPrefix: tsPrefix,
		Docs: "https://github.com/transistorsoft/transistor-background-fetch",
	},
	{
		Name: "workmanager", AnyMode: []string{"fetch", "processing"}, Uses: []string{"fetch", "processing"},
		Needs: append(append([]string{}, workManagerPerms...), "android.permission.POST_NOTIFICATIONS"),
		Why:   "WorkManager cannot reschedule work after a reboot or show its foreground notification",
		Docs:  "https://docs.page/fluttercommunity/flutter_workmanager/quickstart",
	},
	{
		Name: "androidx.work:work-runtime", Needs: workManagerPerms, Why: "WorkManager cannot reschedule work after a reboot or wake the device",
		Docs: "https://developer.android.com/develop/background-work/background-tasks/persistent",
	},
	{
		Name: "androidx.work:work-runtime-ktx", Needs: workManagerPerms, Why: "WorkManager cannot reschedule work after a reboot or wake the device",
		Docs: "https://developer.android.com/develop/background-work/background-tasks/persistent",
	},
	// Push.
	{
		Name: "@react-native-firebase/messaging", Modes: []string{"remote-notification"}, Uses: []string{"fetch"}, Push: true,
		Needs: []string{"android.permission.WAKE_LOCK"}, Why: "messages cannot wake the app",
		Docs: "https://rnfirebase.io/messaging/usage/ios-setup",
	},
	{
		Name: "firebase_messaging", Modes: []string{"remote-notification"}, Uses: []string{"fetch"}, Push: true,
		Docs: "https://firebase.flutter.dev/docs/messaging/apple-integration",
	},
	{
		Name: "@capacitor/push-notifications", Push: true, Uses: []string{"remote-notification"},
		Docs: "https://capacitorjs.com/docs/apis/push-notifications",
	},
	{
		Name: "expo-notifications", Push: true, Uses: []string{"remote-notification"},
		Needs: []string{"android.permission.RECEIVE_BOOT_COMPLETED", "android.permission.POST_NOTIFICATIONS"}, Why: "scheduled notifications are lost at reboot, or never shown on Android 13+",
		Docs: "https://docs.expo.dev/versions/latest/sdk/notifications/",
	},
	{Name: "react-native-onesignal", Push: true, Modes: []string{"remote-notification"}, Docs: "https://documentation.onesignal.com/docs/react-native-sdk-setup"},
	{Name: "onesignal_flutter", Push: true, Modes: []string{"remote-notification"}, Docs: "https://documentation.onesignal.com/docs/flutter-sdk-setup"},
	{Name: "@react-native-community/push-notification-ios", Push: true, Uses: []string{"remote-notification"}, Docs: "https://github.com/react-native-push-notification/ios"},
	{Name: "react-native-notifications", Push: true, Uses: []string{"remote-notification"}, Docs: "https://wix.github.io/react-native-notifications/docs/getting-started"},
	{Name: "FirebaseMessaging", Push: true, Uses: []string{"remote-notification", "fetch"}, Docs: "https://firebase.google.com/docs/cloud-messaging/ios/client"},
	// Location.
	{Name: "expo-location", Uses: []string{"location"}, Docs: "https://docs.expo.dev/versions/latest/sdk/location/"},
	{Name: "react-native-background-geolocation", Modes: []string{"location"}, Uses: []string{"fetch", "processing"}, Docs: "https://github.com/transistorsoft/react-native-background-geolocation"},
	{Name: "@capacitor-community/background-geolocation", Modes: []string{"location"}, Docs: "https://github.com/capacitor-community/background-geolocation"},
	{Name: "flutter_background_geolocation", Modes: []string{"location"}, Uses: []string{"fetch", "processing"}, Docs: "https://github.com/transistorsoft/flutter_background_geolocation"},
	{Name: "@react-native-community/geolocation", Uses: []string{"location"}},
	{Name: "react-native-geolocation-service", Uses: []string{"location"}},
	{Name: "@capacitor/geolocation", Uses: []string{"location"}},
	{Name: "geolocator", Uses: []string{"location"}},
	{Name: "location", Uses: []string{"location"}},
	{Name: "background_location", Uses: []string{"location"}},
	// Audio, calls, Bluetooth: they explain modes.
	{Name: "react-native-track-player", Uses: []string{"audio"}},
	{Name: "expo-av", Uses: []string{"audio"}},
	{Name: "expo-audio", Uses: []string{"audio"}},
	{Name: "expo-video", Uses: []string{"audio"}},
	{Name: "react-native-video", Uses: []string{"audio"}},
	{Name: "react-native-sound", Uses: []string{"audio"}},
	{Name: "just_audio", Uses: []string{"audio"}},
	{Name: "audio_service", Uses: []string{"audio"}},
	{Name: "audioplayers", Uses: []string{"audio"}},
	{Name: "video_player", Uses: []string{"audio"}},
	{Name: "react-native-webrtc", Uses: []string{"audio", "voip"}},
	{Name: "react-native-callkeep", Uses: []string{"voip", "audio"}},
	{Name: "react-native-voip-push-notification", Uses: []string{"voip", "remote-notification"}, Push: true},
	{Name: "flutter_callkit_incoming", Uses: []string{"voip", "audio", "remote-notification"}},
	{Name: "agora_rtc_engine", Uses: []string{"audio", "voip"}},
	{Name: "react-native-agora", Uses: []string{"audio", "voip"}},
	{Name: "react-native-ble-plx", Uses: []string{"bluetooth-central", "bluetooth-peripheral"}},
	{Name: "react-native-ble-manager", Uses: []string{"bluetooth-central", "bluetooth-peripheral"}},
	{Name: "@capacitor-community/bluetooth-le", Uses: []string{"bluetooth-central"}},
	{Name: "flutter_blue_plus", Uses: []string{"bluetooth-central"}},
	{Name: "flutter_reactive_ble", Uses: []string{"bluetooth-central"}},
}

func lookupLib(name string) (*libSpec, bool) {
	for i := range libSpecs {
		if libSpecs[i].Name == name {
			return &libSpecs[i], true
		}
	}
	return nil, false
}

// frameworkLibs are reported in the JSON "libraries" beside the background
// libraries: the framework packages and their versions.
var frameworkLibs = map[string]bool{
	"expo": true, "react-native": true, "@capacitor/core": true, "@capacitor/ios": true, "@capacitor/android": true, "flutter": true,
}
