package doctor

import (
	"os"
	"path/filepath"

	"github.com/bgkit/bgkit/project"
	"github.com/bgkit/bgkit/project/jsobj"
)

// What a project really builds, so that rules about a platform or a
// scheduled task are not run where they cannot apply.

// platformAbsent reports whether the project has no app for the platform,
// with what bgkit looked for. Only Capacitor projects are judged: a
// Capacitor app gets a platform with `npx cap add`, which creates the native
// folder and installs @capacitor/android or @capacitor/ios.
func (f *Facts) platformAbsent(pl Platform) (bool, string) {
	p := f.P
	if !p.HasFramework(project.Capacitor) || p.HasFramework(project.Expo) || p.HasFramework(project.ReactNative) || p.HasFramework(project.Flutter) {
		return false, ""
	}
	dir, pkg := "android", "@capacitor/android"
	if pl == IOS {
		dir, pkg = "ios", "@capacitor/ios"
	}
	if p.Has(pkg) {
		return false, ""
	}
	if st, err := os.Stat(filepath.Join(p.Root, dir)); err == nil && st.IsDir() {
		return false, ""
	}
	if pl == Android && p.AndroidManifest != "" || pl == IOS && p.InfoPlist != "" {
		return false, ""
	}
	return true, "the Capacitor app has no " + dir + "/ folder and no " + pkg + " dependency"
}

// runnerScheduled reports whether the background runner schedules its
// task: with autoStart: false it schedules nothing, so the interval,
// listener and launch-handler checks do not apply. A value bgkit cannot
// read counts as scheduled.
func (c *Check) runnerScheduled(br *jsobj.Node) (bool, Loc) {
	as := br.Get("autoStart")
	if as != nil && as.Kind == jsobj.Bool && !as.IsTrue() {
		return false, c.capMemberLoc(br, "autoStart")
	}
	return true, Loc{}
}
