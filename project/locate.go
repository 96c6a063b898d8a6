package project

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/bgkit/bgkit/internal/fsutil"
)

// Location is what the doctor checks from the folder the user named.
type Location struct {
	// Root is the folder the paths are shown from: the one named, or the
	// app it is inside, shown from the working folder.
	Root string
	Apps []string // the app folders under Root, slash-separated ("." for Root itself)
	// Above: Root is the app the folder named is inside (not the folder).
	Above bool
	// Below: the folder named is no app; Apps were found below it.
	Below bool
}

// NotAFolderError is a file named where a project folder was wanted.
type NotAFolderError struct{ Name string }

func (e *NotAFolderError) Error() string {
	return e.Name + " is not a folder: give the project's root folder"
}

// Locate finds what to check from the folder the user named (name, from
// dir): the app that folder is in (walking up, as git finds its top
// level), else the apps below it (a monorepo). A folder that cannot be
// read is an error (bgkit cannot check what it cannot list); a file is a
// *NotAFolderError; no app at all a *NoAppError saying what bgkit looked
// for.
func Locate(dir fsutil.Dir, name string) (*Location, error) {
	path := dir.Path(name)
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the project at %s: %w", name, fsutil.UnwrapPath(err))
	}
	if !st.IsDir() {
		return nil, &NotAFolderError{Name: name}
	}
	// A folder bgkit cannot list is no project it can check: an error, not
	// findings about files it only failed to see.
	d, err := os.Open(path)
	if err == nil {
		_, err = d.ReadDir(1)
		d.Close()
		if errors.Is(err, io.EOF) {
			err = nil
		}
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the project folder %s: %w", name, fsutil.UnwrapPath(err))
	}
	appRoot, _, upLibs := FindAppRoot(path)
	if appRoot != "" {
		abs, _ := filepath.Abs(path)
		if filepath.Clean(abs) == filepath.Clean(appRoot) {
			return &Location{Root: name, Apps: []string{"."}}, nil
		}
		shown := appRoot
		if !filepath.IsAbs(name) {
			if wd, err := filepath.Abs(dir.Root()); err == nil {
				if rel, err := filepath.Rel(wd, appRoot); err == nil {
					shown = rel
				}
			}
		}
		return &Location{Root: shown, Apps: []string{"."}, Above: true}, nil
	}
	apps, libs, truncated := FindApps(path)
	if len(apps) == 0 {
		abs, err := filepath.Abs(path)
		if err != nil {
			abs = path
		}
		for _, l := range upLibs {
			if rel, err := filepath.Rel(abs, l.Dir); err == nil {
				l.Dir = filepath.ToSlash(rel)
			}
			libs = append([]SkippedLibrary{l}, libs...)
		}
		err = &NoAppError{Dir: name, Libs: libs}
		if truncated {
			return nil, fmt.Errorf("%w\n(bgkit stopped after listing many folders; give the app's folder)", err)
		}
		return nil, err
	}
	return &Location{Root: name, Apps: apps, Below: len(apps) > 1 || apps[0] != "."}, nil
}

// TargetNames lists the application targets of the apps at roots, for
// completing --target: "NAME\tDESCRIPTION".
func TargetNames(roots []string) []string {
	var names []string
	for _, root := range roots {
		_, ios, other, _ := IOSAppTargets(root)
		for _, t := range append(ios, other...) {
			names = append(names, t.Name+"\t"+t.Platform+" app")
		}
	}
	return names
}

// ModuleNames lists the application modules of the apps at roots, for
// completing --module: "NAME\tFOLDER".
func ModuleNames(roots []string) []string {
	var names []string
	for _, root := range roots {
		mods, _, _ := AndroidAppModules(root)
		for _, m := range mods {
			names = append(names, ModuleName(m)+"\t"+filepath.ToSlash(m.Dir))
		}
	}
	return names
}

// CompletionRoots are the app roots the doctor would check from dir.
func CompletionRoots(dir string) []string {
	if root, _, _ := FindAppRoot(dir); root != "" {
		return []string{root}
	}
	apps, _, _ := FindApps(dir)
	for i, a := range apps {
		apps[i] = filepath.Join(dir, filepath.FromSlash(a))
	}
	return apps
}
