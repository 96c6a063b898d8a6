package doctor

import (
	"fmt"

	"github.com/bgkit/bgkit/internal/lazyre"
	"github.com/bgkit/bgkit/internal/textedit"
)

// Setup calls some library versions need in the AppDelegate, and calls
// that exist only in some versions.

var (
	// rnbfSetup is a fact of react-native-background-fetch 3.0.1 to 4.0.0:
	// the AppDelegate calls [[TSBackgroundFetch sharedInstance]
	// didFinishLaunching], which registers the BGTask handlers.
	rnbfSetup = since{From: "3.0.1", Until: "4.0.0",
		Source: "https://github.com/transistorsoft/react-native-background-fetch/blob/master/CHANGELOG.md (3.0.1)"}
	// wmAppDelegateAPI: workmanager's WorkmanagerPlugin.registerPeriodicTask
	// and registerBGProcessingTask exist from 0.6.0.
	wmAppDelegateAPI = since{From: "0.6.0",
		Source: "https://github.com/fluttercommunity/flutter_workmanager/blob/main/workmanager/CHANGELOG.md (0.6.0)"}

	tsDidFinishRE = lazyre.New(`TSBackgroundFetch\s+sharedInstance\s*\]\s*didFinishLaunching|TSBackgroundFetch\.sharedInstance\(\)\.didFinishLaunching|registerAppRefreshTask`)
)

func registerSetupRules(r *Registry) {
	r.mustRegister(Rule{
		ID: "ios-appdelegate-setup", Title: "The AppDelegate makes the setup calls the installed library version needs, and only calls that version has",
		Severity: Error, Platform: IOS, Run: ruleAppDelegateSetup,
		Docs: "https://github.com/transistorsoft/react-native-background-fetch/blob/master/CHANGELOG.md",
	})
}

func ruleAppDelegateSetup(c *Check) {
	if c.AppDelegate == "" {
		return
	}
	if l, ok := c.lib("react-native-background-fetch"); ok {
		h, judged := rnbfSetup.holds(l)
		m := tsDidFinishRE.Get().FindStringIndex(c.AppDelegate)
		switch {
		case m != nil:
			c.pass(Loc{File: c.AppDelegateFile, Line: textedit.LineOf(c.AppDelegate, m[0])}, "the AppDelegate calls TSBackgroundFetch didFinishLaunching")
		case h == yes:
			loc := Loc{File: c.AppDelegateFile}
			if c.Code.DidFinish != nil {
				loc = *c.Code.DidFinish
			}
			c.report(loc, nil,
				"react-native-background-fetch (%s) needs [[TSBackgroundFetch sharedInstance] didFinishLaunching] in application:didFinishLaunchingWithOptions: of %s (3.x, %s): without it no BGTask handler is registered, so fetch events and scheduleTask tasks never fire on iOS. Add #import <TSBackgroundFetch/TSBackgroundFetch.h> and the call, or upgrade to 4.x",
				judged, c.AppDelegateFile, rnbfSetup.Source)
		case h == unknown:
			c.Report(Finding{Severity: Warning, File: l.Lib.File, Line: l.Lib.Line, Message: fmt.Sprintf(
				"bgkit could not verify which react-native-background-fetch is installed (%s): versions %s need [[TSBackgroundFetch sharedInstance] didFinishLaunching] in %s, which it does not call. Commit a lock file, or add the call if you use 3.x",
				judged, rnbfSetup, c.AppDelegateFile)})
		}
	}
	if l, ok := c.lib("workmanager"); ok && len(c.Code.WorkmanagerIDs) > 0 {
		first := c.Code.WorkmanagerIDs[0]
		switch h, judged := wmAppDelegateAPI.holds(l); h {
		case no:
			c.report(first.Loc, nil,
				"%s calls WorkmanagerPlugin.registerPeriodicTask/registerBGProcessingTask, which workmanager has only %s (%s), but the project has %s: the iOS build fails (no such method). Upgrade workmanager to 0.6.0 or later, or use the API of your version",
				c.AppDelegateFile, wmAppDelegateAPI, wmAppDelegateAPI.Source, judged)
		case yes:
			c.pass(first.Loc, "workmanager %s has WorkmanagerPlugin.registerPeriodicTask/registerBGProcessingTask", judged)
		}
	}
}

func registerInputRules(r *Registry) {
	r.mustRegister(Rule{
		ID: "plist-duplicate-key", Title: "No property list has a top-level key twice",
		Severity: Warning, Platform: IOS, Run: rulePlistDuplicateKey,
		Docs: "https://github.com/apple/swift-corelibs-foundation/blob/main/Sources/CoreFoundation/CFPropertyList.c",
	})
}

func rulePlistDuplicateKey(c *Check) {
	for _, d := range c.Duplicates {
		c.report(Loc{File: d.File, Line: d.Second}, nil,
			"%s has the key %s twice (lines %d and %d): Xcode builds it and iOS keeps only the value on line %d, so the one on line %d is silently ignored; bgkit checked the value iOS keeps. Merge the two into one key",
			d.File, d.Key, d.First, d.Second, d.Second, d.First)
	}
}
