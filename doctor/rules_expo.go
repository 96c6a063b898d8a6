package doctor

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/manifest"
	"github.com/bgkit/bgkit/project"
)

// registerExpoRules adds the Expo rules to the catalog.
func registerExpoRules(r *Registry) {
	r.mustRegister(
		Rule{
			ID: "expo-plugin-missing", Title: "expo-background-task is listed in plugins (it is not applied automatically)",
			Severity: Error, Platform: Both, Fixable: true, Run: ruleExpoPluginMissing,
			Docs: "https://docs.expo.dev/versions/latest/sdk/background-task/",
		},
		Rule{
			ID: "expo-config-not-applied", Title: "Background settings in the app config reach the committed ios/ and android/ folders",
			Severity: Warning, Platform: Both, Fixable: true, Run: ruleExpoNotApplied,
			Docs: "https://docs.expo.dev/workflow/continuous-native-generation/",
		},
		Rule{
			ID: "expo-config-is-code", Title: "The app config is JSON bgkit can read (app.config.js/ts are not run)",
			Severity: Info, Platform: Both, Run: ruleExpoConfigIsCode,
			Docs: "https://docs.expo.dev/workflow/configuration/",
		},
		Rule{
			ID: "file-invalid", Title: "Every config file bgkit reads parses",
			Severity: Error, Platform: Both, Run: ruleFileInvalid,
			Docs: "https://github.com/bgkit/bgkit#rules",
		},
		Rule{
			ID: "config-not-strict-json", Title: "JSON config files are strict JSON",
			Severity: Warning, Platform: Both, Run: ruleNotStrictJSON,
			Docs: "https://www.rfc-editor.org/rfc/rfc8259",
		},
	)
}

// expoPluginsNeeded are packages whose config plugin must be listed.
var expoPluginsNeeded = []string{"expo-background-task"}

func ruleExpoPluginMissing(c *Check) {
	p := c.P
	if !p.HasFramework(project.Expo) || p.Expo == nil {
		return
	}
	for _, name := range expoPluginsNeeded {
		l, ok := c.lib(name)
		if !ok {
			continue
		}
		if _, loc, listed := c.expoPlugin(name); listed {
			c.pass(loc, "%s is in plugins", name)
			continue
		}
		loc := c.expoPathLoc("plugins")
		what := "prebuild never adds the processing background mode or the " + expoTaskID + " identifier, and registerTaskAsync fails on iOS"
		if p.ExpoNativeIOS {
			what = "the next prebuild will not add what it needs (ios/ is committed, so check Info.plist too)"
		}
		where := p.ExpoJSON
		if p.ExpoConfigIsCode {
			where = p.ExpoConfig + " (or " + p.ExpoJSON + ")"
		}
		c.report(loc, &Action{Kind: AddExpoPlugins, Values: []string{name}},
			"%s is installed but not in %splugins: its config plugin is not applied automatically (npx expo install adds it, npm install does not), so %s. Add %q to plugins in %s",
			libBy(l), c.expoPrefix(), what, name, where)
	}
}

// ruleExpoNotApplied compares the background values of the app config with
// committed native folders, which prebuild no longer writes.
func ruleExpoNotApplied(c *Check) {
	p := c.P
	if !p.HasFramework(project.Expo) || p.Expo == nil {
		return
	}
	if p.ExpoNativeIOS && c.IOS != nil && !c.IOS.Managed {
		cfg := c.expoIOS()
		native := c.IOS
		type kind struct {
			key    string
			want   []val
			has    func(string) bool
			action ActionKind
		}
		for _, k := range []kind{
			{"UIBackgroundModes", cfg.Modes, native.hasMode, AddBackgroundModes},
			{"BGTaskSchedulerPermittedIdentifiers", cfg.IDs, native.hasID, AddTaskIdentifiers},
		} {
			var missing []string
			var first Loc
			for _, v := range k.want {
				if k.has(v.Value) || contains2(missing, v.Value) {
					continue
				}
				if len(missing) == 0 {
					first = v.Loc
					if v.AddedBy != "" {
						first = c.expoPathLoc("plugins")
					}
				}
				missing = append(missing, v.Value)
			}
			if len(missing) == 0 {
				continue
			}
			c.report(first, &Action{Kind: k.action, Values: missing},
				"%s asks for %s %s, but ios/ is committed (not ignored by git), so prebuild does not run and %s is what ships: it lacks them. bgkit checked the native files; add them to %s in %s, or run npx expo prebuild --clean and ignore ios/",
				p.ExpoJSON, k.key, quoteAll(missing), native.File, k.key, native.File)
		}
		if cfg.Aps != nil && native.Aps == nil {
			loc := cfg.Aps.Loc
			if cfg.Aps.AddedBy != "" {
				loc = c.expoPathLoc("plugins")
			}
			ent := native.EntFile
			if ent == "" {
				ent = "the app target's entitlements (Xcode: + Push Notifications)"
			}
			c.report(loc, &Action{Kind: SetEntitlement, Key: "aps-environment", Value: cfg.Aps.Value},
				"%s sets aps-environment (%s), but ios/ is committed, so prebuild does not write it and %s lacks it: pushes are not delivered. Add aps-environment to %s",
				p.ExpoJSON, cfg.Aps.where(), ent, ent)
		}
	}
	if p.ExpoNativeAndroid && c.Android != nil && !c.Android.Managed {
		cfg := c.expoAndroid()
		native := c.Android
		var missing []string
		var first Loc
		for _, perm := range sortedMapKeys(cfg.Requested) {
			v := cfg.Requested[perm]
			if v.AddedBy != "" {
				continue // the library's own manifest brings these
			}
			if _, ok := native.Requested[perm]; ok {
				continue
			}
			if len(missing) == 0 {
				first = v.Loc
			}
			missing = append(missing, perm)
		}
		if len(missing) > 0 {
			c.report(first, &Action{Kind: AddPermissions, Values: missing},
				"%s lists %s in android.permissions, but android/ is committed, so prebuild does not run and %s lacks them. bgkit checked the manifest; add them there, or run npx expo prebuild --clean and ignore android/",
				p.ExpoJSON, quoteAll(shortAll(missing)), native.File)
		}
		var unblocked []string
		for _, perm := range sortedMapKeys(cfg.Removed) {
			if _, ok := native.Removed[perm]; !ok {
				if len(unblocked) == 0 {
					first = cfg.Removed[perm].Loc
				}
				unblocked = append(unblocked, perm)
			}
		}
		if len(unblocked) > 0 {
			c.report(first, nil,
				"%s blocks %s in android.blockedPermissions, but android/ is committed, so prebuild does not run and %s does not remove them: they stay in the merged manifest. Add <uses-permission android:name=\"...\" tools:node=\"remove\" /> to the manifest, or drop the entries from %s",
				p.ExpoJSON, quoteAll(shortAll(unblocked)), native.File, p.ExpoJSON)
		}
	}
}

func contains2(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func quoteAll(s []string) string {
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = fmt.Sprintf("%q", x)
	}
	return strings.Join(q, ", ")
}

func shortAll(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = manifest.ShortPermission(x)
	}
	return out
}

func ruleExpoConfigIsCode(c *Check) {
	p := c.P
	if !p.ExpoConfigIsCode {
		return
	}
	what := "nothing it sets was checked; for bgkit to see the background settings, keep them in app.json (app.config.ts receives it as config)"
	if p.ExpoJSON != "" {
		what = fmt.Sprintf("only the values of %s (which it receives) were checked; what the code adds or changes was not", p.ExpoJSON)
	}
	c.report(Loc{File: p.ExpoConfig}, nil, "%s is code: bgkit does not run it, so %s", p.ExpoConfig, what)
}

func problemPlatform(file string) Platform {
	base := filepath.Base(file)
	switch {
	case strings.HasSuffix(base, ".plist") || strings.HasSuffix(base, ".entitlements") || strings.HasSuffix(base, ".swift") || strings.HasSuffix(base, ".m") || strings.HasSuffix(base, ".mm"):
		return IOS
	case strings.HasSuffix(base, ".xml") || strings.Contains(base, "gradle"):
		return Android
	}
	return Both
}

func ruleFileInvalid(c *Check) {
	for _, pr := range c.Problems {
		if pr.Lenient {
			continue
		}
		msg := fmt.Sprintf("%s cannot be read: %s. bgkit skipped the checks that depend on it; fix the file (an unresolved merge conflict or a stray character is the usual cause)", pr.File, withoutLocation(pr.Msg, pr.File))
		if pr.Unreadable {
			msg = fmt.Sprintf("%s cannot be read: %s. bgkit skipped the checks that depend on it; %s", pr.File, pr.Msg, unreadableRemedy(pr.Msg))
		}
		c.Report(Finding{
			Platform: problemPlatform(pr.File), File: pr.File, Line: pr.Line, Column: pr.Col,
			Message: msg,
		})
	}
}

// unreadableRemedy says what to do about a file bgkit could not read at
// all, from why it could not (the reader's own words).
func unreadableRemedy(why string) string {
	switch {
	case strings.Contains(why, fs.ErrPermission.Error()):
		return "give your user read permission on it and its folders"
	case strings.Contains(why, fsutil.ErrNotRegular.Error()):
		return "put the file itself in its place (a FIFO, device or socket there is never read)"
	case strings.Contains(why, fsutil.ErrTooLarge.Error()):
		return "check that the file at this path is the one you meant"
	case strings.Contains(why, "is a directory"):
		return "a folder stands where the file belongs; move it"
	}
	return "check the file and the disk it is on"
}

// withoutLocation drops a leading "FILE:LINE:COL: " from a parser's
// message: the finding already says where, and "x cannot be read: x:4: ..."
// says it twice.
func withoutLocation(msg, file string) string {
	for _, name := range []string{file, filepath.Base(file)} {
		rest, ok := strings.CutPrefix(msg, name+":")
		if !ok {
			continue
		}
		for i := 0; i < 2; i++ { // line, then column
			digits := len(rest) - len(strings.TrimLeft(rest, "0123456789"))
			if digits == 0 || digits == len(rest) || rest[digits] != ':' {
				break
			}
			rest = rest[digits+1:]
		}
		return strings.TrimSpace(rest)
	}
	return msg
}

func ruleNotStrictJSON(c *Check) {
	for _, pr := range c.Problems {
		if !pr.Lenient {
			continue
		}
		c.Report(Finding{
			File: pr.File, Line: pr.Line, Column: pr.Col,
			Message: fmt.Sprintf("%s is %s. Expo's own reader tolerates this, so bgkit checked the values, but other tools (and bgkit --fix) refuse the file: make it strict JSON (no trailing commas or comments)", pr.File, pr.Msg),
		})
	}
}
