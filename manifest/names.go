package manifest

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/bgkit/bgkit/internal/suggest"
)

const androidPermPrefix = "android.permission."

// NameError is a permission name bgkit refuses.
type NameError struct {
	Name   string
	Reason string
}

func (e *NameError) Error() string {
	return fmt.Sprintf("%q is not a valid permission name: %s", e.Name, e.Reason)
}

// ExpandPermission turns a short name (WAKE_LOCK) into its full name
// (android.permission.WAKE_LOCK); full names stay as given. It returns an
// error for names that are not valid permission names.
//
// A full name is dot-separated Java identifiers; a segment may also be a
// manifest placeholder such as ${applicationId}, which apps use for their
// own permissions.
func ExpandPermission(name string) (string, error) {
	if name == "" {
		return "", &NameError{Name: name, Reason: "it is empty"}
	}
	if len(name) > 255 {
		return "", &NameError{Name: name[:40] + "...", Reason: "it is longer than 255 characters"}
	}
	if !strings.Contains(name, ".") {
		if !isIdentifier(name) {
			return "", &NameError{Name: name, Reason: "a short name is letters, digits and '_', like WAKE_LOCK"}
		}
		if strings.ToUpper(name) != name {
			return "", &NameError{Name: name, Reason: fmt.Sprintf("Android's permission names are upper case; did you mean %s?", strings.ToUpper(name))}
		}
		return androidPermPrefix + name, nil
	}
	for _, seg := range strings.Split(name, ".") {
		if seg == "" {
			return "", &NameError{Name: name, Reason: "it has an empty segment between dots"}
		}
		if !isIdentifier(seg) && !isPlaceholder(seg) {
			return "", &NameError{Name: name, Reason: fmt.Sprintf("segment %q is not a Java identifier (letters, digits, '_') or a ${placeholder}", seg)}
		}
	}
	return name, nil
}

// FullPermission is a permission's full name, read leniently: a name
// without a dot is one of Android's (WAKE_LOCK is
// android.permission.WAKE_LOCK), as Expo and ExpandPermission read it;
// other names stay as given. Unlike ExpandPermission it refuses nothing.
func FullPermission(name string) string {
	if !strings.Contains(name, ".") {
		return androidPermPrefix + name
	}
	return name
}

// ShortPermission is the name written short: Android's own permissions
// lose their prefix; any other name stays whole, so FullPermission gives
// it back.
func ShortPermission(name string) string {
	if s, ok := strings.CutPrefix(name, androidPermPrefix); ok && !strings.Contains(s, ".") {
		return s
	}
	return name
}

func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_', c == '$':
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

func isPlaceholder(s string) bool {
	return strings.HasPrefix(s, "${") && strings.HasSuffix(s, "}") && isIdentifier(s[2:len(s)-1]) && !strings.Contains(s[2:len(s)-1], "$")
}

// KnownPermission reports whether name is an android.permission.* that
// bgkit knows. Names outside android.permission are always "known": bgkit
// cannot tell which libraries define them.
func KnownPermission(name string) bool {
	short, ok := strings.CutPrefix(name, androidPermPrefix)
	if !ok {
		return true
	}
	// Health Connect's permissions (android.health.connect.HealthPermissions)
	// are a family of their own, added with every data type.
	if rest, health := strings.CutPrefix(short, "health."); health {
		return rest != "" && strings.ToUpper(rest) == rest && !strings.Contains(rest, ".")
	}
	_, known := slices.BinarySearch(knownList(), short)
	return known
}

// SuggestPermission returns the known android.permission.* name closest to
// an unknown one (suggest.Closest), or "" when none is close.
func SuggestPermission(name string) string {
	short, ok := strings.CutPrefix(name, androidPermPrefix)
	if !ok || KnownPermission(name) {
		return ""
	}
	if best := suggest.Best(short, knownList()); best != "" {
		return androidPermPrefix + best
	}
	return ""
}

// KnownPermissionNames lists the android.permission.* names bgkit knows,
// short (WAKE_LOCK), sorted: what completion offers.
func KnownPermissionNames() []string { return slices.Clone(knownList()) }

// knownList returns knownAndroid sorted, without duplicates. It is built on
// first use: only the commands that check permission names pay for it.
var knownList = sync.OnceValue(func() []string {
	l := slices.Clone(knownAndroid)
	slices.Sort(l)
	return slices.Compact(l)
})

// knownAndroid lists the android.permission.* names apps request (from
// AOSP's core/res/AndroidManifest.xml and the AdServices module, the public
// ones).
var knownAndroid = []string{
	"ACCESS_ADSERVICES_AD_ID", "ACCESS_ADSERVICES_ATTRIBUTION", "ACCESS_ADSERVICES_CUSTOM_AUDIENCE",
	"ACCESS_ADSERVICES_TOPICS", "POST_PROMOTED_NOTIFICATIONS",
	"ACCEPT_HANDOVER", "ACCESS_BACKGROUND_LOCATION", "ACCESS_BLOBS_ACROSS_USERS",
	"ACCESS_CHECKIN_PROPERTIES", "ACCESS_COARSE_LOCATION", "ACCESS_FINE_LOCATION",
	"ACCESS_HIDDEN_PROFILES", "ACCESS_LOCATION_EXTRA_COMMANDS", "ACCESS_MEDIA_LOCATION",
	"ACCESS_NETWORK_STATE", "ACCESS_NOTIFICATION_POLICY", "ACCESS_WIFI_STATE",
	"ACCOUNT_MANAGER", "ACTIVITY_RECOGNITION", "ADD_VOICEMAIL", "ANSWER_PHONE_CALLS",
	"BATTERY_STATS", "BIND_ACCESSIBILITY_SERVICE", "BIND_APPWIDGET", "BIND_AUTOFILL_SERVICE",
	"BIND_CALL_REDIRECTION_SERVICE", "BIND_CARRIER_MESSAGING_CLIENT_SERVICE",
	"BIND_CHOOSER_TARGET_SERVICE", "BIND_COMPANION_DEVICE_SERVICE", "BIND_CONDITION_PROVIDER_SERVICE",
	"BIND_CONTROLS", "BIND_CREDENTIAL_PROVIDER_SERVICE", "BIND_DEVICE_ADMIN",
	"BIND_DREAM_SERVICE", "BIND_INCALL_SERVICE", "BIND_INPUT_METHOD", "BIND_JOB_SERVICE",
	"BIND_MIDI_DEVICE_SERVICE", "BIND_NFC_SERVICE", "BIND_NOTIFICATION_LISTENER_SERVICE",
	"BIND_PRINT_SERVICE", "BIND_QUICK_ACCESS_WALLET_SERVICE", "BIND_QUICK_SETTINGS_TILE",
	"BIND_REMOTEVIEWS", "BIND_SCREENING_SERVICE", "BIND_TELECOM_CONNECTION_SERVICE",
	"BIND_TEXT_SERVICE", "BIND_TV_INPUT", "BIND_VISUAL_VOICEMAIL_SERVICE",
	"BIND_VOICE_INTERACTION", "BIND_VPN_SERVICE", "BIND_VR_LISTENER_SERVICE",
	"BIND_WALLPAPER", "BLUETOOTH", "BLUETOOTH_ADMIN", "BLUETOOTH_ADVERTISE",
	"BLUETOOTH_CONNECT", "BLUETOOTH_PRIVILEGED", "BLUETOOTH_SCAN", "BODY_SENSORS",
	"BODY_SENSORS_BACKGROUND", "BROADCAST_PACKAGE_REMOVED", "BROADCAST_SMS",
	"BROADCAST_STICKY", "BROADCAST_WAP_PUSH", "CALL_COMPANION_APP", "CALL_PHONE",
	"CALL_PRIVILEGED", "CAMERA", "CAPTURE_AUDIO_OUTPUT", "CHANGE_COMPONENT_ENABLED_STATE",
	"CHANGE_CONFIGURATION", "CHANGE_NETWORK_STATE", "CHANGE_WIFI_MULTICAST_STATE",
	"CHANGE_WIFI_STATE", "CLEAR_APP_CACHE", "CONFIGURE_WIFI_DISPLAY", "CONTROL_LOCATION_UPDATES",
	"CREDENTIAL_MANAGER_QUERY_CANDIDATE_CREDENTIALS", "CREDENTIAL_MANAGER_SET_ALLOWED_PROVIDERS",
	"CREDENTIAL_MANAGER_SET_ORIGIN", "DELETE_CACHE_FILES", "DELETE_PACKAGES",
	"DELIVER_COMPANION_MESSAGES", "DETECT_SCREEN_CAPTURE", "DETECT_SCREEN_RECORDING",
	"DIAGNOSTIC", "DISABLE_KEYGUARD", "DUMP", "ENFORCE_UPDATE_OWNERSHIP", "EXECUTE_APP_ACTION",
	"EXPAND_STATUS_BAR", "FACTORY_TEST", "FOREGROUND_SERVICE", "FOREGROUND_SERVICE_CAMERA",
	"FOREGROUND_SERVICE_CONNECTED_DEVICE", "FOREGROUND_SERVICE_DATA_SYNC",
	"FOREGROUND_SERVICE_HEALTH", "FOREGROUND_SERVICE_LOCATION", "FOREGROUND_SERVICE_MEDIA_PLAYBACK",
	"FOREGROUND_SERVICE_MEDIA_PROCESSING", "FOREGROUND_SERVICE_MEDIA_PROJECTION",
	"FOREGROUND_SERVICE_MICROPHONE", "FOREGROUND_SERVICE_PHONE_CALL",
	"FOREGROUND_SERVICE_REMOTE_MESSAGING", "FOREGROUND_SERVICE_SPECIAL_USE",
	"FOREGROUND_SERVICE_SYSTEM_EXEMPTED", "GET_ACCOUNTS", "GET_ACCOUNTS_PRIVILEGED",
	"GET_PACKAGE_SIZE", "GET_TASKS", "GLOBAL_SEARCH", "HIDE_OVERLAY_WINDOWS",
	"HIGH_SAMPLING_RATE_SENSORS", "INSTALL_LOCATION_PROVIDER", "INSTALL_PACKAGES",
	"INSTALL_SHORTCUT", "INSTANT_APP_FOREGROUND_SERVICE", "INTERACT_ACROSS_PROFILES",
	"INTERNET", "KILL_BACKGROUND_PROCESSES", "LAUNCH_CAPTURE_CONTENT_ACTIVITY_FOR_NOTE",
	"LAUNCH_MULTI_PANE_SETTINGS_DEEP_LINK", "LOADER_USAGE_STATS", "LOCATION_HARDWARE",
	"MANAGE_DEVICE_LOCK_STATE", "MANAGE_DOCUMENTS", "MANAGE_EXTERNAL_STORAGE",
	"MANAGE_MEDIA", "MANAGE_ONGOING_CALLS", "MANAGE_OWN_CALLS", "MANAGE_WIFI_INTERFACES",
	"MANAGE_WIFI_NETWORK_SELECTION", "MASTER_CLEAR", "MEDIA_CONTENT_CONTROL",
	"MEDIA_ROUTING_CONTROL", "MODIFY_AUDIO_SETTINGS", "MODIFY_PHONE_STATE",
	"MOUNT_FORMAT_FILESYSTEMS", "MOUNT_UNMOUNT_FILESYSTEMS", "NEARBY_WIFI_DEVICES", "NFC",
	"NFC_PREFERRED_PAYMENT_INFO", "NFC_TRANSACTION_EVENT", "OVERRIDE_WIFI_CONFIG",
	"PACKAGE_USAGE_STATS", "PERSISTENT_ACTIVITY", "POST_NOTIFICATIONS", "PROCESS_OUTGOING_CALLS",
	"PROVIDE_OWN_AUTOFILL_SUGGESTIONS", "PROVIDE_REMOTE_CREDENTIALS", "QUERY_ALL_PACKAGES",
	"READ_ASSISTANT_APP_SEARCH_DATA", "READ_BASIC_PHONE_STATE", "READ_CALENDAR",
	"READ_CALL_LOG", "READ_CONTACTS", "READ_DROPBOX_DATA", "READ_EXTERNAL_STORAGE",
	"READ_HOME_APP_SEARCH_DATA", "READ_INPUT_STATE", "READ_LOGS", "READ_MEDIA_AUDIO",
	"READ_MEDIA_IMAGES", "READ_MEDIA_VIDEO", "READ_MEDIA_VISUAL_USER_SELECTED",
	"READ_NEARBY_STREAMING_POLICY", "READ_PHONE_NUMBERS", "READ_PHONE_STATE",
	"READ_PRECISE_PHONE_STATE", "READ_SMS", "READ_SYNC_SETTINGS", "READ_SYNC_STATS",
	"READ_VOICEMAIL", "REBOOT", "RECEIVE_BOOT_COMPLETED", "RECEIVE_MMS", "RECEIVE_SMS",
	"RECEIVE_WAP_PUSH", "RECORD_AUDIO", "REORDER_TASKS", "REQUEST_COMPANION_PROFILE_APP_STREAMING",
	"REQUEST_COMPANION_PROFILE_AUTOMOTIVE_PROJECTION", "REQUEST_COMPANION_PROFILE_COMPUTER",
	"REQUEST_COMPANION_PROFILE_GLASSES", "REQUEST_COMPANION_PROFILE_NEARBY_DEVICE_STREAMING",
	"REQUEST_COMPANION_PROFILE_WATCH", "REQUEST_COMPANION_RUN_IN_BACKGROUND",
	"REQUEST_COMPANION_SELF_MANAGED", "REQUEST_COMPANION_START_FOREGROUND_SERVICES_FROM_BACKGROUND",
	"REQUEST_COMPANION_USE_DATA_IN_BACKGROUND", "REQUEST_DELETE_PACKAGES",
	"REQUEST_IGNORE_BATTERY_OPTIMIZATIONS", "REQUEST_INSTALL_PACKAGES",
	"REQUEST_OBSERVE_COMPANION_DEVICE_PRESENCE", "REQUEST_PASSWORD_COMPLEXITY",
	"RESTART_PACKAGES", "RUN_USER_INITIATED_JOBS", "SCHEDULE_EXACT_ALARM", "SEND_RESPOND_VIA_MESSAGE",
	"SEND_SMS", "SET_ALARM", "SET_ALWAYS_FINISH", "SET_ANIMATION_SCALE", "SET_DEBUG_APP",
	"SET_PREFERRED_APPLICATIONS", "SET_PROCESS_LIMIT", "SET_TIME", "SET_TIME_ZONE",
	"SET_WALLPAPER", "SET_WALLPAPER_HINTS", "SIGNAL_PERSISTENT_PROCESSES", "SMS_FINANCIAL_TRANSACTIONS",
	"START_FOREGROUND_SERVICES_FROM_BACKGROUND", "START_VIEW_APP_FEATURES", "START_VIEW_PERMISSION_USAGE",
	"STATUS_BAR", "SUBSCRIBE_TO_KEYGUARD_LOCKED_STATE", "SYSTEM_ALERT_WINDOW", "TRANSMIT_IR",
	"TURN_SCREEN_ON_ON_WAKE", "UNINSTALL_SHORTCUT", "UPDATE_DEVICE_STATS", "UPDATE_PACKAGES_WITHOUT_USER_ACTION",
	"USE_BIOMETRIC", "USE_EXACT_ALARM", "USE_FINGERPRINT", "USE_FULL_SCREEN_INTENT",
	"USE_ICC_AUTH_WITH_DEVICE_IDENTIFIER", "USE_SIP", "UWB_RANGING", "VIBRATE", "WAKE_LOCK",
	"WRITE_APN_SETTINGS", "WRITE_CALENDAR", "WRITE_CALL_LOG", "WRITE_CONTACTS",
	"WRITE_EXTERNAL_STORAGE", "WRITE_GSERVICES", "WRITE_SECURE_SETTINGS", "WRITE_SETTINGS",
	"WRITE_SYNC_SETTINGS", "WRITE_VOICEMAIL",
	// Removed or hidden since, but still in many manifests.
	"READ_PROFILE", "WRITE_PROFILE", "READ_SOCIAL_STREAM", "WRITE_SOCIAL_STREAM",
	"READ_USER_DICTIONARY", "WRITE_USER_DICTIONARY", "AUTHENTICATE_ACCOUNTS", "MANAGE_ACCOUNTS",
	"USE_CREDENTIALS", "SUBSCRIBED_FEEDS_READ", "SUBSCRIBED_FEEDS_WRITE", "FLASHLIGHT",
	"READ_HISTORY_BOOKMARKS", "WRITE_HISTORY_BOOKMARKS", "CAPTURE_VIDEO_OUTPUT",
	"ACCESS_MOCK_LOCATION", "ACCESS_SURFACE_FLINGER", "HARDWARE_TEST", "INTERNAL_SYSTEM_WINDOW",
	"WRITE_MEDIA_STORAGE", "CHANGE_WIMAX_STATE", "ACCESS_WIMAX_STATE", "RECEIVE_EMERGENCY_BROADCAST",
	"BROADCAST_CLOSE_SYSTEM_DIALOGS", "READ_FRAME_BUFFER", "PACKAGE_USAGE_STATS",
}

// PolicyNote returns what Android or Google Play asks of an app that
// requests the permission, or "" when there is nothing to say.
func PolicyNote(name string) string { return policyNotes[name] }

var policyNotes = map[string]string{
	androidPermPrefix + "SCHEDULE_EXACT_ALARM": "Android 14 no longer pre-grants it to apps targeting Android 13+: " +
		"check AlarmManager.canScheduleExactAlarms() before setting exact alarms; Google Play restricts it to time-critical features",
	androidPermPrefix + "USE_EXACT_ALARM":    "Google Play allows it only for apps whose core function needs exact alarms (alarm clocks, calendars)",
	androidPermPrefix + "POST_NOTIFICATIONS": "a runtime permission on Android 13+: the app must also request it while running",
	androidPermPrefix + "ACCESS_BACKGROUND_LOCATION": "Google Play requires a background-location declaration; " +
		"on Android 11+ it must be requested separately from foreground location",
	androidPermPrefix + "FOREGROUND_SERVICE_DATA_SYNC":   "dataSync is a special foreground-service type: Google Play requires a declaration",
	androidPermPrefix + "FOREGROUND_SERVICE_SPECIAL_USE": "Google Play requires a foreground-service declaration for specialUse",
}
