package cmd

import (
	"fmt"
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
	keep, names := project.AppsWith(f.path(root), dirs, opts.Target, opts.Module)
	if len(keep) == 0 {
		return nil, usageErrorf("no app of %s has --target %q / --module %q; there are:\n  %s", root, opts.Target, opts.Module, strings.Join(names, "\n  "))
	}
	fmt.Fprintf(f.IO.ErrOut, "bgkit: checking the apps with that target or module: %s\n", strings.Join(keep, ", "))
	return keep, nil
}

func mustAbs(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// appRun is one doctor run over an app (see project.PlanRuns).
type appRun struct {
	Detect   project.DetectOptions
	Platform doctor.Platform
	Label    string
}

// appRuns plans the runs over the app at root: one per iOS app target or
// Android application module when it has several and --target/--module
// does not choose.
func appRuns(root string, opts *doctorOptions, platform doctor.Platform) []appRun {
	var runs []appRun
	for _, r := range project.PlanRuns(root, opts.Target, opts.Module, string(platform)) {
		runs = append(runs, appRun{Detect: r.Detect, Platform: doctor.Platform(r.Platform), Label: r.Label})
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
