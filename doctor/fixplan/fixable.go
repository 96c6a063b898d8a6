package fixplan

import "github.com/bgkit/bgkit/internal/fsutil"

// Fixable reports, fix by fix, whether --fix would make it: whether the
// planner can place it in a file it may edit (not in app.config.js/ts, not
// in an entitlements file that does not exist yet, not in a file that does
// not parse). Each fix is planned on its own, as if it were the only one;
// the files are read once for all of them.
func Fixable(run Run) []bool {
	out := make([]bool, len(run.Fixes))
	cache := &readCache{files: map[string]readResult{}}
	for i, f := range run.Fixes {
		one := run
		one.Fixes = []Fix{f}
		plan, err := planRuns([]Run{one}, nil, cache)
		out[i] = err == nil && len(plan.Fixed) > 0 && len(plan.Skipped) == 0
	}
	return out
}

// readCache keeps the files one plan read for the next plan of the same
// project.
type readCache struct {
	files map[string]readResult
}

type readResult struct {
	file *fsutil.File
	err  error
}

// read reads the file at path: through the cache when there is one,
// through the lock set otherwise. The planner owns the *fsutil.File it
// gets (it sets Path), so a cached file is handed out as a copy.
func (pl *planner) read(path string) (*fsutil.File, error) {
	if pl.cache == nil {
		return pl.ed.Read(path)
	}
	r, ok := pl.cache.files[path]
	if !ok {
		f, err := pl.ed.Read(path)
		r = readResult{f, err}
		pl.cache.files[path] = r
	}
	if r.err != nil {
		return nil, r.err
	}
	c := *r.file
	return &c, nil
}
