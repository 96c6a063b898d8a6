package doctor

import (
	"path/filepath"

	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/project"
)

// Session is one doctor command over the apps under a folder: it plans
// which targets and modules of each app to check, fixes them (Fix), checks
// them and merges the reports (Check). Each app's files are read once for
// planning and checking, and afresh after Fix wrote some.
type Session struct {
	Dir  fsutil.Dir // the folder bgkit works in (-C DIR)
	Root string     // the folder checked, named from Dir; reports show paths from it
	Apps []string   // the app folders under it, slash-separated ("." for Root itself)

	Options        // the rules to run; Verbose also collects the passed checks
	Target  string // the Xcode application target chosen ("" for every iOS app target)
	Module  string // the Android application module chosen ("" for every one)

	// ReadFile reads the projects' files (fsutil.ReadFile when nil).
	// Tests count the reads with it.
	ReadFile func(path string, max int64) ([]byte, error)

	cache *project.Cache
}

func (s *Session) files() *project.Cache {
	if s.cache == nil {
		s.cache = &project.Cache{ReadFile: s.ReadFile}
	}
	return s.cache
}

// app returns an app folder on disk and as shown.
func (s *Session) app(dir string) (path, shown string) {
	shown = filepath.Join(s.Root, filepath.FromSlash(dir))
	return s.Dir.Path(shown), shown
}

// KeepAppsWith keeps the apps that have the target and module chosen (in a
// repository of several apps, --target and --module choose the apps that
// have them). None is false, with the targets and modules there are.
func (s *Session) KeepAppsWith() (names []string, ok bool) {
	keep, names := s.files().AppsWith(s.Dir.Path(s.Root), s.Apps, s.Target, s.Module)
	if len(keep) == 0 {
		return names, false
	}
	s.Apps = keep
	return nil, true
}

// runs plans the runs over one app: one per iOS app target or Android
// application module when it has several and Target/Module do not choose,
// each restricted to its platform.
func (s *Session) runs(path string, c *project.Cache) ([]project.AppRun, []Options) {
	runs := c.PlanRuns(path, s.Target, s.Module, string(s.Platform))
	opts := make([]Options, len(runs))
	for i, r := range runs {
		opts[i] = s.Options
		if r.Platform != "" {
			opts[i].Platform = Platform(r.Platform)
		}
	}
	return runs, opts
}

// Check runs the doctor once per planned run of each app and returns one
// report: the only run's, or the runs' merged (several runs, or an app
// below Root), each finding naming its app and target.
func (s *Session) Check() (*Report, error) {
	var parts []Part
	for _, dir := range s.Apps {
		path, shown := s.app(dir)
		runs, opts := s.runs(path, s.files())
		for i, r := range runs {
			p, err := project.DetectWith(path, r.Detect)
			if err != nil {
				return nil, s.Dir.Named(err, shown)
			}
			rep := Run(p, opts[i])
			rep.Root = filepath.Clean(shown)
			parts = append(parts, Part{Dir: dir, Report: rep, Target: r.Label})
		}
	}
	rep := parts[0].Report
	if len(parts) > 1 || s.Apps[0] != "." || parts[0].Target != "" {
		rep = Merge(s.Root, parts)
	}
	return rep, nil
}
