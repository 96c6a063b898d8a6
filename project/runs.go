package project

import (
	"os"
	"path/filepath"
)

// AppRun is one check of an app: the iOS target and Android module it
// reads, the platform it is restricted to ("" for both, "ios" or
// "android"), and the label its findings carry when the app has several
// targets or modules.
type AppRun struct {
	Detect   DetectOptions
	Platform string
	Label    string
}

// PlanRuns plans the checks of the app at root. target and module are the
// ones the user chose ("" for none), platform the one they restricted the
// check to ("" for both). When the app has several iOS app targets or
// Android application modules and none was chosen, each is checked in a
// run of its own, restricted to its platform, and its findings name it.
func PlanRuns(root, target, module, platform string) []AppRun {
	return (*Cache)(nil).PlanRuns(root, target, module, platform)
}

// PlanRuns is the package's PlanRuns reading through c; each run detects
// through c too, so no file is read again for it.
func (c *Cache) PlanRuns(root, target, module, platform string) []AppRun {
	runs := c.planRuns(root, target, module, platform)
	for i := range runs {
		runs[i].Detect.Cache = c
	}
	return runs
}

func (c *Cache) planRuns(root, target, module, platform string) []AppRun {
	iosNames := []string{target}
	_, ios, _, _ := c.IOSAppTargets(root)
	if target == "" && len(ios) > 1 && platform != "android" {
		iosNames = nil
		for _, t := range ios {
			iosNames = append(iosNames, t.Name)
		}
	}
	modNames := []string{module}
	mods, _, _ := c.AndroidAppModules(root)
	if module == "" && len(mods) > 1 && platform != "ios" {
		modNames = nil
		for _, m := range mods {
			modNames = append(modNames, ModuleName(m))
		}
	}
	if len(iosNames) == 1 && len(modNames) == 1 {
		return []AppRun{{Detect: DetectOptions{IOSTarget: iosNames[0], AndroidModule: modNames[0]}}}
	}
	var runs []AppRun
	crossPlatform := false
	for _, name := range []string{"package.json", "pubspec.yaml", "app.json"} {
		if _, err := os.Stat(filepath.Join(root, name)); err == nil {
			crossPlatform = true
		}
	}
	hasIOS := crossPlatform || len(iosNames) > 1 || len(ios) > 0 || target != "" || isDir(filepath.Join(root, "ios"))
	if platform != "android" && hasIOS {
		for _, t := range iosNames {
			r := AppRun{Detect: DetectOptions{IOSTarget: t, AndroidModule: modNames[0]}, Platform: "ios"}
			if len(iosNames) > 1 {
				r.Label = "target " + t
			}
			runs = append(runs, r)
		}
	}
	// The other platform's run, when the split is of one platform only,
	// is made only when it has something to read or to say.
	hasAndroid := crossPlatform || len(modNames) > 1 || len(mods) > 0 || module != "" || isDir(filepath.Join(root, "android"))
	if platform != "ios" && hasAndroid {
		for _, m := range modNames {
			r := AppRun{Detect: DetectOptions{IOSTarget: iosNames[0], AndroidModule: m}, Platform: "android"}
			if len(modNames) > 1 {
				r.Label = "module " + m
			}
			runs = append(runs, r)
		}
	}
	return runs
}

// AppsWith keeps the apps (folders under root, slash-separated) that have
// the iOS app target and the Android application module named ("" for
// any), and lists the targets and modules there are, for saying so when
// none has them.
func AppsWith(root string, dirs []string, target, module string) (keep, names []string) {
	return (*Cache)(nil).AppsWith(root, dirs, target, module)
}

// AppsWith is the package's AppsWith reading through c.
func (c *Cache) AppsWith(root string, dirs []string, target, module string) (keep, names []string) {
	for _, dir := range dirs {
		app := filepath.Join(root, filepath.FromSlash(dir))
		ok := true
		if target != "" {
			_, ios, other, _ := c.IOSAppTargets(app)
			found := false
			for _, t := range append(ios, other...) {
				names = append(names, dir+": target "+t.Name)
				found = found || t.Name == target
			}
			ok = ok && found
		}
		if module != "" {
			mods, _, _ := c.AndroidAppModules(app)
			for _, m := range mods {
				names = append(names, dir+": module "+ModuleName(m))
			}
			_, err := c.FindAndroidModule(app, module)
			ok = ok && err == nil
		}
		if ok {
			keep = append(keep, dir)
		}
	}
	return keep, names
}
