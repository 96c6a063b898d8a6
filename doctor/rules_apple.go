package doctor

import (
	"errors"
	"fmt"
	"strings"

	"github.com/bgkit/bgkit/plistcfg"
	"github.com/bgkit/bgkit/project"
)

// registerAppleRules adds the iOS rules to the catalog.
func registerAppleRules(r *Registry) {
	r.mustRegister(
		Rule{
			ID: "ios-mode-missing", Title: "Every background library has the UIBackgroundModes it needs",
			Severity: Error, Platform: IOS, Fixable: true, Run: ruleModeMissing,
			Docs: "https://developer.apple.com/documentation/xcode/configuring-background-execution-modes",
		},
		Rule{
			ID: "ios-identifier-missing", Title: "Every BGTask identifier in use is in BGTaskSchedulerPermittedIdentifiers",
			Severity: Error, Platform: IOS, Fixable: true, Run: ruleIdentifierMissing,
			Docs: "https://developer.apple.com/documentation/bundleresources/information-property-list/bgtaskschedulerpermittedidentifiers",
		},
		Rule{
			ID: "ios-processing-without-identifiers", Title: "The processing mode comes with BGTaskSchedulerPermittedIdentifiers (App Store error 90771)",
			Severity: Error, Platform: IOS, Fixable: true, Run: ruleProcessingWithoutIDs,
			Docs: "https://github.com/expo/expo/issues/32396",
		},
		Rule{
			ID: "ios-identifiers-without-mode", Title: "BGTaskSchedulerPermittedIdentifiers comes with the fetch or processing mode",
			Severity: Error, Platform: IOS, Run: ruleIDsWithoutMode,
			Docs: "https://developer.apple.com/documentation/backgroundtasks/bgtaskscheduler/error/code/notpermitted",
		},
		Rule{
			ID: "ios-legacy-fetch-with-identifiers", Title: "No legacy background fetch beside BGTaskSchedulerPermittedIdentifiers (iOS 13+ disables it)",
			Severity: Error, Platform: IOS, Run: ruleLegacyFetch,
			Docs: "https://developer.apple.com/documentation/uikit/using-background-tasks-to-update-your-app",
		},
		Rule{
			ID: "ios-transistorsoft-id-prefix", Title: "transistorsoft background fetch task ids start with com.transistorsoft",
			Severity: Warning, Platform: IOS, Run: ruleTransistorsoftPrefix,
			Docs: "https://github.com/transistorsoft/react-native-background-fetch/blob/master/CHANGELOG.md",
		},
		Rule{
			ID: "ios-push-entitlement-missing", Title: "Remote notifications come with the aps-environment entitlement",
			Severity: Error, Platform: IOS, Fixable: true, Run: rulePushEntitlement,
			Docs: "https://developer.apple.com/documentation/bundleresources/entitlements/aps-environment",
		},
		Rule{
			ID: "ios-usage-description-missing", Title: "Background modes have the usage descriptions they need",
			Severity: Error, Platform: IOS, Run: ruleUsageDescriptions,
			Docs: "https://developer.apple.com/documentation/bundleresources/information-property-list/nsbluetoothalwaysusagedescription",
		},
		Rule{
			ID: "ios-mode-unknown", Title: "UIBackgroundModes holds only modes Apple documents",
			Severity: Error, Platform: IOS, Run: ruleModeUnknown,
			Docs: "https://developer.apple.com/documentation/xcode/configuring-background-execution-modes",
		},
		Rule{
			ID: "ios-mode-deprecated", Title: "UIBackgroundModes holds no retired modes",
			Severity: Warning, Platform: IOS, Fixable: true, Run: ruleModeDeprecated,
			Docs: "https://developer.apple.com/documentation/newsstandkit",
		},
		Rule{
			ID: "ios-mode-unused", Title: "Every background mode is used by something in the project (App Review 2.5.4)",
			Severity: Warning, Platform: IOS, Run: ruleModeUnused,
			Docs: "https://developer.apple.com/app-store/review/guidelines/#software-requirements",
		},
	)
}

// need is a requirement and who has it.
type need struct {
	Value string
	By    string // "expo-background-task (package.json:13)"
	Loc   Loc
}

func libBy(l libUse) string { return fmt.Sprintf("%s (%s)", l.Spec.Name, l.loc()) }

// iosWhere says where a key of the iOS configuration is set.
func (c *Check) iosWhere(key string) string {
	if c.IOS.Managed {
		return fmt.Sprintf("%sios.infoPlist.%s in %s", c.expoPrefix(), key, c.IOS.File)
	}
	return fmt.Sprintf("%s in %s", key, c.IOS.File)
}

// neededModes collects the modes the project's libraries and AppDelegate
// need.
func (c *Check) neededModes() []need {
	var needs []need
	code := c.Code
	for _, l := range c.Libs {
		for _, m := range l.Spec.Modes {
			needs = append(needs, need{Value: m, By: libBy(l), Loc: l.loc()})
		}
		if len(l.Spec.AnyMode) > 0 {
			var modes []string
			for _, m := range sortedMapKeys(code.WorkmanagerModes) {
				modes = append(modes, m)
			}
			for _, m := range modes {
				loc := code.WorkmanagerModes[m]
				needs = append(needs, need{Value: m, By: fmt.Sprintf("%s (registered at %s)", l.Spec.Name, loc), Loc: loc})
			}
			if len(modes) == 0 && !c.hasAnyMode(l.Spec.AnyMode) {
				needs = append(needs, need{Value: l.Spec.AnyMode[0], By: libBy(l) + fmt.Sprintf(" (at least one of %s; %s for periodic tasks)", strings.Join(l.Spec.AnyMode, ", "), l.Spec.AnyMode[0]), Loc: l.loc()})
			}
		}
		if l.Spec.IDPrefix != "" {
			// scheduleTask tasks are BGProcessingTasks.
			if st := code.ScheduleTask; st != nil {
				needs = append(needs, need{Value: "processing", By: fmt.Sprintf("%s scheduleTask (%s)", l.Spec.Name, st), Loc: *st})
			} else {
				for _, id := range c.IOS.IDs {
					if strings.HasPrefix(id.Value, l.Spec.IDPrefix) && id.Value != tsFetchID {
						needs = append(needs, need{Value: "processing", By: fmt.Sprintf("%s custom task %s (%s)", l.Spec.Name, id.Value, id.where()), Loc: id.Loc})
						break
					}
				}
			}
		}
	}
	if l, ok := c.lib("expo-notifications"); ok && !c.IOS.Managed {
		if props, _, _ := c.expoPlugin("expo-notifications"); props.Get("enableBackgroundRemoteNotifications").IsTrue() {
			needs = append(needs, need{Value: "remote-notification", By: libBy(l) + " with enableBackgroundRemoteNotifications", Loc: l.loc()})
		}
	}
	if l, ok := c.lib("expo-location"); ok && !c.IOS.Managed {
		if props, _, _ := c.expoPlugin("expo-location"); props.Get("isIosBackgroundLocationEnabled").IsTrue() {
			needs = append(needs, need{Value: "location", By: libBy(l) + " with isIosBackgroundLocationEnabled", Loc: l.loc()})
		}
	}
	if code.RefreshRequest != nil {
		needs = append(needs, need{Value: "fetch", By: "BGAppRefreshTaskRequest (" + code.RefreshRequest.String() + ")", Loc: *code.RefreshRequest})
	}
	if code.ProcessingRequest != nil {
		needs = append(needs, need{Value: "processing", By: "BGProcessingTaskRequest (" + code.ProcessingRequest.String() + ")", Loc: *code.ProcessingRequest})
	}
	return needs
}

func (c *Check) hasAnyMode(modes []string) bool {
	for _, m := range modes {
		if c.IOS.hasMode(m) {
			return true
		}
	}
	return false
}

// group merges needs by value, keeping the order values first appear in.
func groupNeeds(needs []need) (order []string, by map[string][]need) {
	by = map[string][]need{}
	for _, n := range needs {
		if _, ok := by[n.Value]; !ok {
			order = append(order, n.Value)
		}
		by[n.Value] = append(by[n.Value], n)
	}
	return order, by
}

func whoNeeds(ns []need) string {
	seen := map[string]bool{}
	var parts []string
	for _, n := range ns {
		if !seen[n.By] {
			seen[n.By] = true
			parts = append(parts, n.By)
		}
	}
	return strings.Join(parts, ", ")
}

var modeWhy = map[string]string{
	"fetch":               "BGAppRefreshTask and background fetch need it, or iOS refuses to schedule (BGTaskScheduler error notPermitted)",
	"processing":          "BGProcessingTask needs it, or submitting the task fails (BGTaskScheduler error notPermitted)",
	"remote-notification": "silent (content-available) pushes do not wake the app without it",
	"location":            "location updates stop when the app goes to the background without it",
}

func ruleModeMissing(c *Check) {
	if c.IOS == nil {
		return
	}
	order, by := groupNeeds(c.neededModes())
	for _, mode := range order {
		ns := by[mode]
		if v, ok := c.IOS.mode(mode); ok {
			c.pass(v.Loc, "%s is in UIBackgroundModes (%s), needed by %s", mode, v.where(), whoNeeds(ns))
			continue
		}
		why := modeWhy[mode]
		if mode == "processing" && c.P.Has("expo-background-task") {
			why += `; expo-background-task reports "Background Task has not been configured"`
		}
		msg := fmt.Sprintf("UIBackgroundModes lacks %q, which %s needs: %s. Add %q to %s", mode, whoNeeds(ns), why, mode, c.iosWhere("UIBackgroundModes"))
		if c.IOS.Managed && mode == "processing" && c.P.Has("expo-background-task") {
			if _, _, listed := c.expoPlugin("expo-background-task"); !listed {
				msg += " (listing expo-background-task in plugins makes prebuild add it)"
			}
		}
		c.report(c.IOS.ModesLoc, &Action{Kind: AddBackgroundModes, Values: []string{mode}}, "%s", msg)
	}
}

// neededIDs collects the task identifiers the project uses.
func (c *Check) neededIDs() []need {
	var needs []need
	for _, l := range c.Libs {
		for _, id := range l.Spec.TaskIDs {
			needs = append(needs, need{Value: id, By: libBy(l), Loc: l.loc()})
		}
	}
	if l, ok := c.lib("@capacitor/background-runner"); ok {
		if label := c.P.Capacitor.Get("plugins", "BackgroundRunner", "label"); label != nil {
			if s, ok := label.StringValue(); ok && s != "" {
				loc := Loc{File: c.P.CapacitorConfig, Line: label.Line, Col: label.Col}
				needs = append(needs, need{Value: s, By: fmt.Sprintf("%s's label (%s)", l.Spec.Name, loc), Loc: loc})
			}
		}
	}
	for _, id := range c.Code.WorkmanagerIDs {
		needs = append(needs, need{Value: id.Value, By: "WorkmanagerPlugin registration (" + id.Loc.String() + ")", Loc: id.Loc})
	}
	for _, id := range c.Code.RegisteredIDs {
		needs = append(needs, need{Value: id.Value, By: "BGTaskScheduler registration (" + id.Loc.String() + ")", Loc: id.Loc})
	}
	if _, ok := c.lib("workmanager"); ok {
		// On iOS workmanager's periodic and processing tasks run under
		// their unique name, which must be a permitted identifier.
		for _, id := range c.Code.DartWMIDs {
			needs = append(needs, need{Value: id.Value, By: "workmanager task (" + id.Loc.String() + ")", Loc: id.Loc})
		}
	}
	for _, id := range c.Code.TSTaskIDs {
		if strings.HasPrefix(id.Value, tsPrefix) {
			needs = append(needs, need{Value: id.Value, By: "scheduleTask (" + id.Loc.String() + ")", Loc: id.Loc})
		}
	}
	return needs
}

func ruleIdentifierMissing(c *Check) {
	if c.IOS == nil {
		return
	}
	// With processing and no identifiers at all, ios-processing-without-
	// identifiers reports (and fixes) the same identifiers.
	if len(c.IOS.IDs) == 0 && c.IOS.hasMode("processing") {
		return
	}
	order, by := groupNeeds(c.neededIDs())
	for _, id := range order {
		ns := by[id]
		if c.IOS.hasID(id) {
			for _, v := range c.IOS.IDs {
				if v.Value == id {
					c.pass(v.Loc, "%s is permitted (%s), used by %s", id, v.where(), whoNeeds(ns))
					break
				}
			}
			continue
		}
		loc := c.IOS.IDsLoc
		if !c.IOS.HasIDs {
			loc = c.IOS.ModesLoc
		}
		c.report(loc, &Action{Kind: AddTaskIdentifiers, Values: []string{id}},
			"BGTaskSchedulerPermittedIdentifiers lacks %q, used by %s: iOS refuses to register the task (register returns false, submit fails with notPermitted), so it never runs. Add %q to %s",
			id, whoNeeds(ns), id, c.iosWhere("BGTaskSchedulerPermittedIdentifiers"))
	}
}

func ruleProcessingWithoutIDs(c *Check) {
	if c.IOS == nil {
		return
	}
	v, ok := c.IOS.mode("processing")
	if !ok {
		return
	}
	if len(c.IOS.IDs) > 0 {
		c.pass(c.IOS.IDsLoc, "processing comes with %d permitted identifier(s)", len(c.IOS.IDs))
		return
	}
	order, by := groupNeeds(c.neededIDs())
	msg := fmt.Sprintf("UIBackgroundModes has processing (%s) but BGTaskSchedulerPermittedIdentifiers is missing or empty: App Store Connect rejects the upload (error 90771) and BGProcessingTask requests fail. ", v.where())
	var fix *Action
	if len(order) > 0 {
		var who []string
		for _, id := range order {
			who = append(who, fmt.Sprintf("%q (%s)", id, whoNeeds(by[id])))
		}
		msg += fmt.Sprintf("Add %s to %s", strings.Join(who, ", "), c.iosWhere("BGTaskSchedulerPermittedIdentifiers"))
		fix = &Action{Kind: AddTaskIdentifiers, Values: order}
	} else {
		msg += fmt.Sprintf("Add the identifiers your BGProcessingTaskRequests use to %s, or remove processing if nothing uses it", c.iosWhere("BGTaskSchedulerPermittedIdentifiers"))
	}
	loc := v.Loc
	if v.AddedBy != "" {
		loc = c.IOS.ModesLoc
	}
	c.report(loc, fix, "%s", msg)
}

func ruleIDsWithoutMode(c *Check) {
	if c.IOS == nil || len(c.IOS.IDs) == 0 {
		return
	}
	if c.IOS.hasMode("fetch") || c.IOS.hasMode("processing") {
		c.pass(c.IOS.IDsLoc, "permitted identifiers come with fetch or processing")
		return
	}
	c.report(c.IOS.IDsLoc, nil,
		"BGTaskSchedulerPermittedIdentifiers is set but UIBackgroundModes has neither fetch (BGAppRefreshTask) nor processing (BGProcessingTask): every submit fails with BGTaskScheduler.Error.notPermitted. Add the mode your tasks need to %s",
		c.iosWhere("UIBackgroundModes"))
}

func ruleLegacyFetch(c *Check) {
	if c.IOS == nil || len(c.IOS.IDs) == 0 {
		return
	}
	first := c.IOS.IDs[0]
	where := first.where()
	if c.IOS.HasIDs && c.IOS.IDsLoc.Line > 0 {
		where = c.IOS.IDsLoc.String()
	}
	for _, l := range c.Libs {
		if !l.Spec.LegacyFetch {
			continue
		}
		replacement := "a BGTaskScheduler-based library"
		if strings.HasPrefix(l.Spec.Name, "expo-") {
			replacement = "expo-background-task"
		}
		c.report(l.loc(), nil,
			"%s uses the legacy background fetch API, which iOS 13+ disables when the Info.plist has BGTaskSchedulerPermittedIdentifiers (%s): its tasks never fire on iOS. Move the work to %s and remove %s",
			l.Spec.Name, where, replacement, l.Spec.Name)
	}
	if lf := c.Code.LegacyFetch; lf != nil {
		c.report(*lf, nil,
			"the AppDelegate uses the legacy background fetch API (setMinimumBackgroundFetchInterval / performFetchWithCompletionHandler), which iOS 13+ disables when BGTaskSchedulerPermittedIdentifiers is set (%s): it is never called. Schedule a BGAppRefreshTask instead",
			where)
	}
}

func ruleTransistorsoftPrefix(c *Check) {
	if c.IOS == nil {
		return
	}
	var ts *libUse
	for i := range c.Libs {
		if c.Libs[i].Spec.IDPrefix != "" {
			ts = &c.Libs[i]
			break
		}
	}
	if ts == nil {
		return
	}
	// Identifiers another library or the AppDelegate accounts for are not
	// the transistorsoft library's.
	claimed := map[string]bool{}
	for _, n := range c.neededIDs() {
		if !strings.HasPrefix(n.By, "scheduleTask") {
			claimed[n.Value] = true
		}
	}
	used := map[string]val{}
	for _, id := range c.Code.TSTaskIDs {
		used[id.Value] = id
	}
	reported := map[string]bool{}
	for _, id := range c.IOS.IDs {
		if strings.HasPrefix(id.Value, ts.Spec.IDPrefix) || claimed[id.Value] {
			continue
		}
		reported[id.Value] = true
		extra := ""
		if u, ok := used[id.Value]; ok {
			extra = fmt.Sprintf(" (used at %s)", u.Loc)
		}
		c.report(id.Loc, nil,
			"task id %q%s does not start with %s: %s registers only permitted identifiers with that prefix and ignores the others, so this task never runs. Rename it to %s.%s in %s and in the code",
			id.Value, extra, ts.Spec.IDPrefix, libBy(*ts), ts.Spec.IDPrefix, lastDot(id.Value), c.IOS.File)
	}
	for _, id := range c.Code.TSTaskIDs {
		if strings.HasPrefix(id.Value, ts.Spec.IDPrefix) || reported[id.Value] || claimed[id.Value] {
			continue
		}
		c.report(id.Loc, nil,
			"scheduleTask uses task id %q, which does not start with %s: %s ignores it and the task never runs. Rename it to %s.%s and list it in %s",
			id.Value, ts.Spec.IDPrefix, libBy(*ts), ts.Spec.IDPrefix, lastDot(id.Value), c.iosWhere("BGTaskSchedulerPermittedIdentifiers"))
	}
}

func lastDot(s string) string { return s[strings.LastIndexByte(s, '.')+1:] }

func rulePushEntitlement(c *Check) {
	if c.IOS == nil {
		return
	}
	var why []string
	if v, ok := c.IOS.mode("remote-notification"); ok {
		why = append(why, "UIBackgroundModes has remote-notification ("+v.where()+")")
	}
	for _, l := range c.Libs {
		if l.Spec.Push {
			why = append(why, libBy(l))
		}
	}
	if len(why) == 0 {
		return
	}
	if a := c.IOS.Aps; a != nil {
		c.pass(a.Loc, "aps-environment is %q (%s)", a.Value, a.where())
		return
	}
	if v, ok := c.IOS.mode("remote-notification"); ok && len(why) == 1 && c.Code.PushCode == nil && !c.IOS.Managed {
		// A mode with no push library and no push code: nothing registers
		// for pushes, so the missing entitlement breaks nothing; the mode
		// itself is what should go.
		c.Report(Finding{Severity: Warning, File: v.Loc.File, Line: v.Loc.Line, Column: v.Loc.Col, Message: fmt.Sprintf(
			"UIBackgroundModes has remote-notification (%s), but nothing in the project registers for or receives pushes (no push library, no registerForRemoteNotifications or didReceiveRemoteNotification in the app's sources): drop the mode from %s. Add the aps-environment entitlement only if the app does receive pushes",
			v.where(), c.iosWhere("UIBackgroundModes"))})
		return
	}
	fix := &Action{Kind: SetEntitlement, Key: "aps-environment", Value: "development"}
	reason := "without it iOS never delivers a device token or a push (\"no valid aps-environment entitlement string found\")"
	// Certain only when the app registers for pushes: a push library may
	// be used for local notifications alone.
	sev := Error
	if pc := c.Code.PushCode; pc != nil {
		why = append(why, "the app registering for pushes ("+pc.String()+")")
	} else if !c.IOS.Managed {
		sev = Warning
		reason += "; bgkit found no code that registers for pushes, so if the library only shows local notifications nothing breaks"
	}
	report := func(loc Loc, format string, args ...any) {
		c.Report(Finding{Severity: sev, File: loc.File, Line: loc.Line, Column: loc.Col, Fix: fix, Message: fmt.Sprintf(format, args...)})
	}
	switch {
	case c.IOS.Managed:
		report(c.IOS.EntLoc, "%s needs the aps-environment entitlement, which is not set: %s. Set %sios.entitlements.aps-environment to \"development\" in %s (Xcode switches it to production when archiving)",
			strings.Join(why, " and "), reason, c.expoPrefix(), c.IOS.File)
	case c.IOS.EntFile != "":
		report(c.IOS.EntLoc, "%s needs the aps-environment entitlement, which %s does not set: %s. Add aps-environment = development to %s (Xcode: Signing & Capabilities > + Push Notifications)",
			strings.Join(why, " and "), c.IOS.EntFile, reason, c.IOS.EntFile)
	default:
		where := "the app target sets no CODE_SIGN_ENTITLEMENTS"
		if u := c.P.EntitlementsUnused; u != "" {
			where += " (" + u + " exists but no target uses it, so its entitlements are not signed into the app)"
		}
		if c.IOS.EntSet != "" {
			where = "CODE_SIGN_ENTITLEMENTS names " + c.IOS.EntSet + ", which does not exist"
		}
		report(c.IOS.ModesLoc, "%s needs the aps-environment entitlement, but %s: %s. In Xcode add the Push Notifications capability to the app target (it creates the entitlements file)",
			strings.Join(why, " and "), where, reason)
	}
}

func ruleUsageDescriptions(c *Check) {
	if c.IOS == nil {
		return
	}
	for _, m := range c.IOS.Modes {
		mode, ok := plistcfg.LookupMode(m.Value)
		if !ok || len(mode.Required) == 0 {
			continue
		}
		var missing []string
		for _, k := range mode.Required {
			if v, ok := c.IOS.Keys[k]; ok {
				c.pass(v.Loc, "%s has %s (%s)", m.Value, k, v.where())
			} else {
				missing = append(missing, k)
			}
		}
		if len(missing) == 0 {
			continue
		}
		where := c.IOS.File
		if c.IOS.Managed {
			where = c.expoPrefix() + "ios.infoPlist in " + c.IOS.File
			if m.Value == "location" {
				where += " (or install expo-location, whose plugin writes them)"
			}
		}
		c.reportAbout(m.Value, m.Loc, nil, "background mode %s (%s) needs %s: iOS shows this text when it asks the user, and without it the app is rejected or the request fails. Add %s to %s",
			m.Value, m.where(), strings.Join(missing, " and "), strings.Join(missing, " and "), where)
	}
}

func ruleModeUnknown(c *Check) {
	if c.IOS == nil {
		return
	}
	for _, m := range c.IOS.Modes {
		_, err := plistcfg.CheckMode(m.Value)
		if err == nil {
			continue
		}
		hint := "remove it or replace it with one of: " + strings.Join(plistcfg.ModeNames(), ", ")
		var um *plistcfg.UnknownModeError
		if errors.As(err, &um) && um.Suggestion != "" {
			hint = fmt.Sprintf("did you mean %q? Replace it in %s", um.Suggestion, c.IOS.File)
		}
		c.reportAbout(m.Value, m.Loc, nil, "UIBackgroundModes has %q, which is not a background mode Apple documents: iOS ignores it and the feature it was meant for does not run in the background; %s", m.Value, hint)
	}
}

func ruleModeDeprecated(c *Check) {
	if c.IOS == nil {
		return
	}
	for _, m := range c.IOS.Modes {
		mode, ok := plistcfg.LookupMode(m.Value)
		if !ok || mode.Deprecated == "" {
			continue
		}
		c.reportAbout(m.Value, m.Loc, &Action{Kind: RemoveBackgroundModes, Values: []string{m.Value}},
			"UIBackgroundModes has %s: %s. Remove it from %s", m.Value, mode.Deprecated, c.iosWhere("UIBackgroundModes"))
	}
}

// judgedModes are the modes bgkit can tell are unused from the project's
// libraries and AppDelegate.
var judgedModes = map[string]string{
	"fetch":                "",
	"processing":           "",
	"remote-notification":  "didReceiveRemoteNotification",
	"location":             "CLLocationManager",
	"audio":                "AVAudioSession",
	"voip":                 "PKPushRegistry",
	"bluetooth-central":    "CBCentralManager",
	"bluetooth-peripheral": "CBPeripheralManager",
}

func ruleModeUnused(c *Check) {
	if c.IOS == nil {
		return
	}
	p := c.P
	// Native apps keep their code beyond the AppDelegate: bgkit cannot
	// tell what they use.
	if !(p.HasFramework(project.Expo) || p.HasFramework(project.ReactNative) || p.HasFramework(project.Capacitor) || p.HasFramework(project.Flutter)) {
		return
	}
	explained := map[string]string{}
	for _, l := range c.Libs {
		for _, m := range append(append(append([]string(nil), l.Spec.Modes...), l.Spec.AnyMode...), l.Spec.Uses...) {
			if _, ok := explained[m]; !ok {
				explained[m] = libBy(l)
			}
		}
	}
	for _, n := range c.neededModes() {
		if _, ok := explained[n.Value]; !ok {
			explained[n.Value] = n.By
		}
	}
	for mode, symbol := range judgedModes {
		if symbol != "" && strings.Contains(c.AppDelegate, symbol) {
			if _, ok := explained[mode]; !ok {
				explained[mode] = c.AppDelegateFile
			}
		}
	}
	for _, m := range c.IOS.Modes {
		if _, judged := judgedModes[m.Value]; !judged || m.AddedBy != "" {
			continue
		}
		if by, ok := explained[m.Value]; ok {
			c.pass(m.Loc, "%s is used by %s", m.Value, by)
			continue
		}
		// No fix: "unused" is a judgement from what bgkit can see, and
		// --fix must never remove a mode the app's own code may rely on.
		c.report(m.Loc, nil,
			"UIBackgroundModes has %s, but nothing in the project uses it (no library bgkit knows, nothing in the AppDelegate): App Review rejects apps that declare background modes they do not use (guideline 2.5.4). Remove it from %s, or --skip ios-mode-unused if native code of yours uses it",
			m.Value, c.iosWhere("UIBackgroundModes"))
	}
}
