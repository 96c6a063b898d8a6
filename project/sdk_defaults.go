package project

import (
	"strconv"
	"strings"
)

// SDKDefault is the targetSdk a framework's Gradle plugin sets when the app
// does not, for one release line, and where that is written.
type SDKDefault struct {
	Framework string // "expo"
	Major     int    // the release line (Expo SDK 53)
	TargetSDK int
	Source    string // for messages: which default, and where it is defined
}

// expoTargetSDKDefaults: expo-root-project (the Gradle plugin Expo's root
// build.gradle applies since SDK 50) sets rootProject.ext.targetSdkVersion
// from gradle.properties' android.targetSdkVersion, else from these
// defaults. Older SDKs are not in the table: bgkit then says it could not
// tell.
var expoTargetSDKDefaults = []SDKDefault{
	{"expo", 50, 34, "the default of Expo SDK 50, 34 (expo-modules-autolinking 1.10)"},
	{"expo", 51, 34, "the default of Expo SDK 51, 34 (expo-modules-autolinking 1.11)"},
	{"expo", 52, 34, "the default of Expo SDK 52, 34 (expo-modules-autolinking 2.0; compileSdk 35)"},
	{"expo", 53, 35, "the default of Expo SDK 53, 35 (expo-modules-autolinking 2.1)"},
	{"expo", 54, 36, "the default of Expo SDK 54, 36 (expo-modules-autolinking 3.0)"},
}

// ExpoTargetSDKDefaults returns the table of Expo's targetSdk defaults.
func ExpoTargetSDKDefaults() []SDKDefault { return append([]SDKDefault(nil), expoTargetSDKDefaults...) }

// expoDefaultTargetSDK returns the default of the Expo SDK a version range
// of the expo package ("~53.0.0", "^52.0.1", "53.0.9") names.
func expoDefaultTargetSDK(version string) (SDKDefault, bool) {
	v := strings.TrimLeft(strings.TrimSpace(version), "^~=>v ")
	major, _, _ := strings.Cut(v, ".")
	n, err := strconv.Atoi(major)
	if err != nil {
		return SDKDefault{}, false
	}
	for _, d := range expoTargetSDKDefaults {
		if d.Major == n {
			return d, true
		}
	}
	return SDKDefault{}, false
}
