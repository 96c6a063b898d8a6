package doctor

import (
	"fmt"
	"strings"

	"github.com/bgkit/bgkit/internal/lazyre"
	"github.com/bgkit/bgkit/manifest"
	"github.com/bgkit/bgkit/project/jsobj"
)

// registerAndroidRules adds the Android rules to the catalog.
func registerAndroidRules(r *Registry) {
	r.mustRegister(
		Rule{
			ID: "android-permission-blocked", Title: "No permission a background library needs is removed from the merged manifest",
			Severity: Error, Platform: Android, Fixable: true, Run: rulePermissionBlocked,
			Docs: "https://developer.android.com/build/manage-manifests#merge-rule-markers",
		},
		Rule{
			ID: "android-boot-permission-missing", Title: "A BOOT_COMPLETED receiver comes with RECEIVE_BOOT_COMPLETED",
			Severity: Error, Platform: Android, Fixable: true, Run: ruleBootPermission,
			Docs: "https://developer.android.com/reference/android/Manifest.permission#RECEIVE_BOOT_COMPLETED",
		},
		Rule{
			ID: "android-exported-missing", Title: "Components with intent filters set android:exported (targetSdk 31+)",
			Severity: Error, Platform: Android, Run: ruleExportedMissing,
			Docs: "https://developer.android.com/about/versions/12/behavior-changes-12#exported",
		},
		Rule{
			ID: "android-fgs-type-missing", Title: "Foreground services declare android:foregroundServiceType (targetSdk 34+)",
			Severity: Error, Platform: Android, Run: ruleFGSTypeMissing,
			Docs: "https://developer.android.com/about/versions/14/changes/fgs-types-required",
		},
		Rule{
			ID: "android-fgs-permission-missing", Title: "Foreground services have FOREGROUND_SERVICE and the permission of their type (targetSdk 34+)",
			Severity: Error, Platform: Android, Fixable: true, Run: ruleFGSPermission,
			Docs: "https://developer.android.com/develop/background-work/services/fgs/service-types",
		},
		Rule{
			ID: "android-play-background-location", Title: "ACCESS_BACKGROUND_LOCATION is wanted (Google Play asks for a declaration)",
			Severity: Warning, Platform: Android, Run: rulePlayBackgroundLocation,
			Docs: "https://support.google.com/googleplay/android-developer/answer/9799150",
		},
		Rule{
			ID: "android-play-exact-alarm", Title: "Exact alarm permissions are used as Google Play allows",
			Severity: Info, Platform: Android, Run: rulePlayExactAlarm,
			Docs: "https://developer.android.com/about/versions/14/changes/schedule-exact-alarms",
		},
		Rule{
			ID: "android-play-battery-optimizations", Title: "REQUEST_IGNORE_BATTERY_OPTIMIZATIONS is wanted (Google Play restricts it)",
			Severity: Warning, Platform: Android, Run: rulePlayBattery,
			Docs: "https://developer.android.com/training/monitoring-device-state/doze-standby#exemption-cases",
		},
		Rule{
			ID: "android-interval-too-short", Title: "Periodic background work asks for 15 minutes or more (Android's floor)",
			Severity: Warning, Platform: Android, Run: ruleIntervalTooShort,
			Docs: "https://developer.android.com/reference/androidx/work/PeriodicWorkRequest",
		},
	)
}

// removalHow says how a permission is removed.
func (c *Check) removalHow(v val) string {
	if c.Android.Managed {
		return fmt.Sprintf("%sandroid.blockedPermissions (%s)", c.expoPrefix(), v.Loc)
	}
	return fmt.Sprintf("tools:node=\"remove\" (%s)", v.Loc)
}

func rulePermissionBlocked(c *Check) {
	a := c.Android
	if a == nil {
		return
	}
	var order []string
	by := map[string][]libUse{}
	for _, l := range c.Libs {
		for _, perm := range l.Spec.Needs {
			if _, ok := by[perm]; !ok {
				order = append(order, perm)
			}
			by[perm] = append(by[perm], l)
		}
	}
	for _, perm := range order {
		libs := by[perm]
		var names, whys []string
		for _, l := range libs {
			names = append(names, libBy(l))
			if l.Spec.Why != "" && !inList(whys, l.Spec.Why) {
				whys = append(whys, l.Spec.Why)
			}
		}
		v, removed := a.Removed[perm]
		if !removed {
			c.pass(Loc{File: a.File}, "%s is not removed; needed by %s", manifest.ShortPermission(perm), strings.Join(names, ", "))
			continue
		}
		what := "Delete that <uses-permission ... tools:node=\"remove\"/> entry"
		if a.Managed {
			what = fmt.Sprintf("Remove %q from %sandroid.blockedPermissions in %s", v.Value, c.expoPrefix(), a.File)
			// The entry may be written short (RECEIVE_BOOT_COMPLETED).
		}
		c.report(v.Loc, &Action{Kind: UnblockPermissions, Values: []string{perm}},
			"%s removes %s, which %s needs: the manifest merger strips it silently and %s. %s",
			c.removalHow(v), manifest.ShortPermission(perm), strings.Join(names, ", "), strings.Join(whys, "; "), what)
	}
}

func inList(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

const bootPerm = "android.permission.RECEIVE_BOOT_COMPLETED"

func ruleBootPermission(c *Check) {
	a := c.Android
	if a == nil || a.M == nil {
		return
	}
	for _, r := range a.M.BootReceivers() {
		if r.ToolsNode == "remove" {
			continue
		}
		loc := Loc{File: a.File, Line: r.Line}
		if v, ok := c.requestedAfterMerge(bootPerm); ok {
			c.pass(loc, "receiver %s has RECEIVE_BOOT_COMPLETED (%s)", r.Name, v.where())
			continue
		}
		if v, removed := a.Removed[bootPerm]; removed {
			c.report(loc, &Action{Kind: UnblockPermissions, Values: []string{bootPerm}},
				"receiver %s listens for BOOT_COMPLETED, but RECEIVE_BOOT_COMPLETED is removed by %s: the broadcast never arrives. Delete the removal", r.Name, c.removalHow(v))
			continue
		}
		c.report(loc, &Action{Kind: AddPermissions, Values: []string{bootPerm}},
			"receiver %s listens for BOOT_COMPLETED, but the app does not request RECEIVE_BOOT_COMPLETED: the broadcast never arrives and work is not rescheduled after a reboot. Add <uses-permission android:name=\"%s\" /> to %s",
			r.Name, bootPerm, a.File)
	}
}

// targetAtLeast reports whether the app targets at least sdk, and how that
// is known (for messages). unknown=true when bgkit cannot tell, which
// includes a lower bound below sdk.
func (c *Check) targetAtLeast(sdk int) (ok bool, how string, unknown bool) {
	a := c.Android
	switch {
	case a.TargetSDK > 0 && a.AtLeast && !a.Managed:
		if a.TargetSDK < sdk {
			return false, "", true
		}
		return true, fmt.Sprintf("targetSdk %d or later (%s %s)", a.TargetSDK, a.TargetLoc, c.P.TargetSDKSource), false
	case a.TargetSDK > 0 && c.P.TargetSDKSource != "" && !a.Managed:
		return a.TargetSDK >= sdk, fmt.Sprintf("targetSdk %d (%s %s)", a.TargetSDK, a.TargetLoc, c.P.TargetSDKSource), false
	case a.TargetSDK > 0:
		return a.TargetSDK >= sdk, fmt.Sprintf("targetSdk %d (%s)", a.TargetSDK, a.TargetLoc), false
	case a.Modern && a.Managed:
		return true, "Expo SDK 50+ targets API 34 or later", false
	}
	return false, "", true
}

// targetUnknownLoc is where targetSdk would be read from: the module's
// build file, else the manifest.
func (c *Check) targetUnknownLoc() Loc {
	if c.P.AndroidGradle != "" && !c.Android.Managed {
		if t := c.Android.TargetLoc; t.File == c.P.AndroidGradle && t.Line > 0 {
			return t // the targetSdk line, such as flutter.targetSdkVersion's
		}
		return Loc{File: c.P.AndroidGradle}
	}
	return Loc{File: c.Android.File}
}

// targetUnknownWhy says what was not checked because targetSdk is unknown
// (or only known to be at least a value below sdk), why, and how to get it
// checked.
func (c *Check) targetUnknownWhy(what string, sdk int) string {
	a := c.Android
	if a.TargetSDK > 0 && a.AtLeast && !a.Managed {
		pin := c.P.TargetSDKPin
		if pin == "" {
			pin = "set targetSdk as a number in the app module's build file"
		}
		return fmt.Sprintf("%s not checked: the app's targetSdk is %d or later (%s %s), which does not tell whether it reaches %d. To get it checked, %s", what, a.TargetSDK, a.TargetLoc, c.P.TargetSDKSource, sdk, pin)
	}
	why := c.P.TargetSDKWhy
	if why == "" {
		why = "bgkit found no targetSdk"
	}
	return fmt.Sprintf("%s not checked: the app's targetSdk is unknown (%s). Set targetSdk as a number in the app module's build file, gradle.properties or gradle/libs.versions.toml to get it checked", what, why)
}

var launcherActions = map[string]bool{"android.intent.action.MAIN": true, "android.intent.action.VIEW": true}

func ruleExportedMissing(c *Check) {
	a := c.Android
	if a == nil || a.M == nil {
		return
	}
	ok, how, unknown := c.targetAtLeast(31)
	if unknown {
		// Only what the rule would have judged is "not checked".
		n := 0
		for _, comp := range a.M.Components {
			if len(comp.Actions) > 0 && comp.ToolsNode != "remove" && comp.Exported == nil {
				n++
			}
		}
		if n > 0 {
			c.skip(c.targetUnknownLoc(), "%s", c.targetUnknownWhy(fmt.Sprintf("android:exported of %s with an intent filter", plural(n, "component", "components")), 31))
		}
		return
	}
	if !ok {
		c.pass(a.TargetLoc, "%s: android:exported is optional below 31", how)
		return
	}
	for _, comp := range a.M.Components {
		if len(comp.Actions) == 0 || comp.ToolsNode == "remove" {
			continue
		}
		loc := Loc{File: a.File, Line: comp.Line}
		if comp.Exported != nil {
			c.pass(loc, "%s %s sets android:exported", comp.Kind, comp.Name)
			continue
		}
		value := "false"
		for _, act := range comp.Actions {
			if launcherActions[act] {
				value = "true"
			}
		}
		c.report(loc, nil,
			"<%s android:name=%q> has an intent filter but no android:exported: with %s the install fails (INSTALL_PARSE_FAILED_MANIFEST_MALFORMED). Add android:exported=%q (true only if other apps must reach it)",
			comp.Kind, comp.Name, how, value)
	}
}

var fgsNameRE = lazyre.New(`(?i)foreground|LocationTaskService|LocationUpdatesService|MusicService|PlaybackService`)

func ruleFGSTypeMissing(c *Check) {
	a := c.Android
	if a == nil || a.M == nil {
		return
	}
	ok, how, unknown := c.targetAtLeast(34)
	if unknown {
		n := 0
		for _, s := range a.M.Services() {
			if s.ToolsNode != "remove" && s.ForegroundServiceType == "" && fgsNameRE.Get().MatchString(s.Name) {
				n++
			}
		}
		if n > 0 {
			c.skip(c.targetUnknownLoc(), "%s", c.targetUnknownWhy(fmt.Sprintf("the foreground service type of %s", plural(n, "service", "services")), 34))
		}
		return
	}
	if !ok {
		return
	}
	for _, s := range a.M.Services() {
		if s.ToolsNode == "remove" || s.ForegroundServiceType != "" || !fgsNameRE.Get().MatchString(s.Name) {
			continue
		}
		if unknown, _ := c.componentClassUnknown(s); unknown {
			continue // android-component-class-unknown says what it is
		}
		c.report(Loc{File: a.File, Line: s.Line}, nil,
			"service %s looks like a foreground service but has no android:foregroundServiceType: with %s startForeground() throws MissingForegroundServiceTypeException. Add android:foregroundServiceType (dataSync, location, mediaPlayback, shortService, ...) and its FOREGROUND_SERVICE_<TYPE> permission",
			s.Name, how)
	}
}

// fgsTypePerms maps foregroundServiceType values to their permissions
// (shortService needs none).
var fgsTypePerms = map[string]string{
	"camera": "CAMERA", "connectedDevice": "CONNECTED_DEVICE", "dataSync": "DATA_SYNC", "health": "HEALTH",
	"location": "LOCATION", "mediaPlayback": "MEDIA_PLAYBACK", "mediaProjection": "MEDIA_PROJECTION",
	"microphone": "MICROPHONE", "phoneCall": "PHONE_CALL", "remoteMessaging": "REMOTE_MESSAGING",
	"specialUse": "SPECIAL_USE", "systemExempted": "SYSTEM_EXEMPTED", "mediaProcessing": "MEDIA_PROCESSING",
}

func ruleFGSPermission(c *Check) {
	a := c.Android
	if a == nil || a.M == nil {
		return
	}
	ok, how, unknown := c.targetAtLeast(34)
	if unknown {
		n := 0
		for _, s := range a.M.Services() {
			if s.ToolsNode != "remove" && s.ForegroundServiceType != "" && !strings.Contains(s.ForegroundServiceType, "${") {
				n++
			}
		}
		if n > 0 {
			c.skip(c.targetUnknownLoc(), "%s", c.targetUnknownWhy(fmt.Sprintf("the FOREGROUND_SERVICE_* permissions of %s", plural(n, "foreground service", "foreground services")), 34))
		}
		return
	}
	if !ok {
		return
	}
	for _, s := range a.M.Services() {
		if s.ToolsNode == "remove" || s.ForegroundServiceType == "" || strings.Contains(s.ForegroundServiceType, "${") {
			continue
		}
		needed := []string{"android.permission.FOREGROUND_SERVICE"}
		for _, t := range strings.Split(s.ForegroundServiceType, "|") {
			if p, ok := fgsTypePerms[strings.TrimSpace(t)]; ok {
				needed = append(needed, "android.permission.FOREGROUND_SERVICE_"+p)
			}
		}
		var missing []string
		for _, perm := range needed {
			if _, ok := c.requestedAfterMerge(perm); !ok {
				missing = append(missing, perm)
			}
		}
		loc := Loc{File: a.File, Line: s.Line}
		if len(missing) == 0 {
			c.pass(loc, "service %s (%s) has its permissions", s.Name, s.ForegroundServiceType)
			continue
		}
		short := make([]string, len(missing))
		for i, m := range missing {
			short[i] = manifest.ShortPermission(m)
		}
		c.report(loc, &Action{Kind: AddPermissions, Values: missing},
			"foreground service %s (type %s) needs %s: with %s startForeground() throws a SecurityException without them. Add them as <uses-permission> to %s",
			s.Name, s.ForegroundServiceType, strings.Join(short, " and "), how, a.File)
	}
}

// permOrigin says where a permission in the merged manifest comes from.
func permOrigin(v val) string {
	if v.AddedBy != "" {
		return v.AddedBy
	}
	return "requested at " + v.Loc.String()
}

func rulePlayBackgroundLocation(c *Check) {
	if c.Android == nil {
		return
	}
	const perm = "android.permission.ACCESS_BACKGROUND_LOCATION"
	v, ok := c.requestedAfterMerge(perm)
	if !ok {
		return
	}
	block := "block it with <uses-permission android:name=\"" + perm + "\" tools:node=\"remove\" />"
	if c.Android.Managed {
		block = fmt.Sprintf("add it to %sandroid.blockedPermissions", c.expoPrefix())
	}
	c.report(v.Loc, nil,
		"ACCESS_BACKGROUND_LOCATION is in the merged manifest (%s): Google Play rejects the app unless you submit the background-location declaration. If the app does not need location in the background, %s",
		permOrigin(v), block)
}

func rulePlayExactAlarm(c *Check) {
	if c.Android == nil {
		return
	}
	if v, ok := c.requestedAfterMerge("android.permission.USE_EXACT_ALARM"); ok {
		c.Report(Finding{Severity: Warning, File: v.Loc.File, Line: v.Loc.Line, Column: v.Loc.Col, Message: fmt.Sprintf(
			"USE_EXACT_ALARM (%s) is only for alarm-clock and calendar apps: Google Play removes other apps that request it. Use SCHEDULE_EXACT_ALARM (and check canScheduleExactAlarms()), or inexact alarms / WorkManager", permOrigin(v))})
	}
	if v, ok := c.requestedAfterMerge("android.permission.SCHEDULE_EXACT_ALARM"); ok {
		c.report(v.Loc, nil,
			"SCHEDULE_EXACT_ALARM (%s) is not pre-granted on Android 14+ and Google Play allows it only for time-critical features: check canScheduleExactAlarms() before setExact*(), or block it if nothing needs exact timing",
			permOrigin(v))
	}
}

func rulePlayBattery(c *Check) {
	if c.Android == nil {
		return
	}
	v, ok := c.requestedAfterMerge("android.permission.REQUEST_IGNORE_BATTERY_OPTIMIZATIONS")
	if !ok {
		return
	}
	c.report(v.Loc, nil,
		"REQUEST_IGNORE_BATTERY_OPTIMIZATIONS (%s): Google Play prohibits asking for the Doze exemption directly unless the app's core function needs it. Remove it, or send users to the battery settings (ACTION_IGNORE_BATTERY_OPTIMIZATION_SETTINGS) instead",
		permOrigin(v))
}

const androidFloor = 15

func ruleIntervalTooShort(c *Check) {
	for _, iv := range c.Code.Intervals {
		if _, ok := c.lib(iv.Lib); !ok && iv.Lib != "workmanager" {
			continue
		}
		if iv.Minutes >= androidFloor || iv.Minutes <= 0 {
			c.pass(iv.Loc, "%s %s is %s minutes", iv.Lib, iv.Setting, fmtMinutes(iv.Minutes))
			continue
		}
		c.report(iv.Loc, nil,
			"%s %s is %s (%s minutes): Android runs periodic work at most every 15 minutes, so the app does not get what it asks for. Set it to 15 minutes or more",
			iv.Lib, iv.Setting, iv.Text, fmtMinutes(iv.Minutes))
	}
	br := c.P.Capacitor.Get("plugins", "BackgroundRunner")
	if _, ok := c.lib("@capacitor/background-runner"); ok && br != nil {
		iv := br.Get("interval")
		if on, loc := c.runnerScheduled(br); !on {
			c.pass(loc, "autoStart is false: the runner schedules no periodic work")
		} else if iv != nil && iv.Kind == jsobj.Number && br.Get("repeat").IsTrue() {
			loc := Loc{File: c.P.CapacitorConfig, Line: iv.Line, Col: iv.Col}
			if iv.Num < androidFloor {
				rl := br.Get("repeat")
				c.report(loc, nil,
					"the background runner's interval is %s minutes with repeat: true (line %d): on Android it becomes a periodic WorkManager request, which cannot run more often than every 15 minutes. Set interval to 15 or more",
					fmtMinutes(iv.Num), rl.Line)
			} else {
				c.pass(loc, "runner interval is %s minutes", fmtMinutes(iv.Num))
			}
		}
	}
}

func fmtMinutes(m float64) string {
	if m == float64(int64(m)) {
		return fmt.Sprintf("%d", int64(m))
	}
	return fmt.Sprintf("%.2g", m)
}
