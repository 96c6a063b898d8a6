package cmd

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/bgkit/bgkit/doctor"
	"github.com/bgkit/bgkit/project"
)

// doctorProjects finds what to check from the folder the user gave: the
// app that folder is in (walking up, as git finds its top level; stderr
// says which root was used when it is not the folder given), else the apps
// below it (a monorepo). It returns the root the paths are shown from and
// the app folders relative to it. No app at all is an error (exit 2) that
// says what bgkit looked for.
func doctorProjects(f *Factory, dir string) (string, []string, error) {
	appRoot, _, upLibs := project.FindAppRoot(f.path(dir))
	if appRoot != "" {
		abs, _ := filepath.Abs(f.path(dir))
		if filepath.Clean(abs) == filepath.Clean(appRoot) {
			return dir, []string{"."}, nil
		}
		shown := appRoot
		if !filepath.IsAbs(dir) {
			if wd, err := f.getwd(); err == nil {
				if rel, err := filepath.Rel(wd, appRoot); err == nil {
					shown = rel
				}
			}
		}
		fmt.Fprintf(f.IO.ErrOut, "bgkit: checking the app at %s (the folder %s is inside it)\n", shown, dir)
		return shown, []string{"."}, nil
	}
	apps, libs, truncated := project.FindApps(f.path(dir))
	if len(apps) == 0 {
		for _, l := range upLibs {
			if rel, err := filepath.Rel(mustAbs(f.path(dir)), l.Dir); err == nil {
				l.Dir = filepath.ToSlash(rel)
			}
			libs = append([]project.SkippedLibrary{l}, libs...)
		}
		err := &project.NoAppError{Dir: dir, Libs: libs}
		if truncated {
			return "", nil, fmt.Errorf("%v\n(bgkit stopped after listing many folders; give the app's folder)", err)
		}
		return "", nil, err
	}
	if len(apps) > 1 || apps[0] != "." {
		fmt.Fprintf(f.IO.ErrOut, "bgkit: %s is no app; checking %s found below it\n", dir, strings.Join(apps, ", "))
	}
	return dir, apps, nil
}

// appsWith keeps the apps that have the --target and --module named; none
// is a usage error listing the names there are.
func appsWith(f *Factory, root string, dirs []string, opts *doctorOptions) ([]string, error) {
	var keep, names []string
	for _, dir := range dirs {
		app := f.path(filepath.Join(root, filepath.FromSlash(dir)))
		ok := true
		if opts.Target != "" {
			_, ios, other, _ := project.IOSAppTargets(app)
			found := false
			for _, t := range append(ios, other...) {
				names = append(names, dir+": target "+t.Name)
				found = found || t.Name == opts.Target
			}
			ok = ok && found
		}
		if opts.Module != "" {
			mods, _, _ := project.AndroidAppModules(app)
			for _, m := range mods {
				names = append(names, dir+": module "+project.ModuleName(m))
			}
			_, err := project.FindAndroidModule(app, opts.Module)
			ok = ok && err == nil
		}
		if ok {
			keep = append(keep, dir)
		}
	}
	if len(keep) == 0 {
		return nil, usageErrorf("no app of %s has --target %q / --module %q; there are:\n  %s", root, opts.Target, opts.Module, strings.Join(names, "\n  "))
	}
	fmt.Fprintf(f.IO.ErrOut, "bgkit: checking the apps with that target or module: %s\n", strings.Join(keep, ", "))
	return keep, nil
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

func mustAbs(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// appRun is one doctor run over an app: the target and module it reads,
// the platform it is restricted to ("" for both), and the label its
// findings carry when the app has several targets.
type appRun struct {
	Detect   project.DetectOptions
	Platform doctor.Platform
	Label    string
}

// appRuns plans the runs over the app at root. When it has several iOS app
// targets or Android application modules and --target/--module does not
// choose, each is checked in a run of its own, restricted to its platform,
// and its findings name it.
func appRuns(root string, opts *doctorOptions, platform doctor.Platform) []appRun {
	iosNames := []string{opts.Target}
	_, ios, _, _ := project.IOSAppTargets(root)
	if opts.Target == "" && len(ios) > 1 && platform != doctor.Android {
		iosNames = nil
		for _, t := range ios {
			iosNames = append(iosNames, t.Name)
		}
	}
	modNames := []string{opts.Module}
	mods, _, _ := project.AndroidAppModules(root)
	if opts.Module == "" && len(mods) > 1 && platform != doctor.IOS {
		modNames = nil
		for _, m := range mods {
			modNames = append(modNames, project.ModuleName(m))
		}
	}
	if len(iosNames) == 1 && len(modNames) == 1 {
		return []appRun{{Detect: project.DetectOptions{IOSTarget: iosNames[0], AndroidModule: modNames[0]}}}
	}
	var runs []appRun
	crossPlatform := false
	for _, name := range []string{"package.json", "pubspec.yaml", "app.json"} {
		if _, err := os.Stat(filepath.Join(root, name)); err == nil {
			crossPlatform = true
		}
	}
	hasIOS := crossPlatform || len(iosNames) > 1 || len(ios) > 0 || opts.Target != "" || isDir(filepath.Join(root, "ios"))
	if platform != doctor.Android && hasIOS {
		for _, t := range iosNames {
			r := appRun{Detect: project.DetectOptions{IOSTarget: t, AndroidModule: modNames[0]}, Platform: doctor.IOS}
			if len(iosNames) > 1 {
				r.Label = "target " + t
			}
			runs = append(runs, r)
		}
	}
	// The other platform's run, when the split is of one platform only,
	// is made only when it has something to read or to say.
	hasAndroid := crossPlatform || len(modNames) > 1 || len(mods) > 0 || opts.Module != "" || isDir(filepath.Join(root, "android"))
	if platform != doctor.IOS && hasAndroid {
		for _, m := range modNames {
			r := appRun{Detect: project.DetectOptions{IOSTarget: iosNames[0], AndroidModule: m}, Platform: doctor.Android}
			if len(modNames) > 1 {
				r.Label = "module " + m
			}
			runs = append(runs, r)
		}
	}
	return runs
}

// doctorTargets runs the doctor on one app, once per run appRuns plans.
// root is the app's folder as shown from f.Dir.
func doctorTargets(f *Factory, root, dir string, opts *doctorOptions, narrow doctor.Options) ([]doctor.Part, error) {
	var parts []doctor.Part
	for _, r := range appRuns(f.path(root), opts, narrow.Platform) {
		p, err := project.DetectWith(f.path(root), r.Detect)
		if err != nil {
			return nil, f.named(err, root)
		}
		n := narrow
		if r.Platform != "" {
			n.Platform = r.Platform
		}
		rep := doctor.Run(p, n)
		rep.Root = filepath.Clean(root)
		parts = append(parts, doctor.Part{Dir: dir, Report: rep, Target: r.Label})
	}
	return parts, nil
}

// completionRoots are the app roots the doctor would check for args.
func completionRoots(f *Factory, args []string) []string {
	dir := f.workDir()
	if len(args) == 1 {
		dir = f.path(args[0])
	}
	if root, _, _ := project.FindAppRoot(dir); root != "" {
		return []string{root}
	}
	apps, _, _ := project.FindApps(dir)
	for i, a := range apps {
		apps[i] = filepath.Join(dir, filepath.FromSlash(a))
	}
	return apps
}
