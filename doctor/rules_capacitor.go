package doctor

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/bgkit/bgkit/internal/lazyre"
	"github.com/bgkit/bgkit/internal/textedit"
	"github.com/bgkit/bgkit/project/jsobj"
)

const runnerLib = "@capacitor/background-runner"

// registerCapacitorRules adds the Capacitor background runner's rules to the catalog.
func registerCapacitorRules(r *Registry) {
	docs := "https://capacitorjs.com/docs/apis/background-runner"
	r.mustRegister(
		Rule{
			ID: "capacitor-runner-config", Title: "The background runner's config has label, src and event",
			Severity: Error, Platform: Both, Run: ruleRunnerConfig, Docs: docs,
		},
		Rule{
			ID: "capacitor-runner-src-missing", Title: "The background runner's src file exists in the web assets",
			Severity: Error, Platform: Both, Run: ruleRunnerSrc, Docs: docs,
		},
		Rule{
			ID: "capacitor-runner-listener-missing", Title: "The runner script listens for the configured event",
			Severity: Error, Platform: Both, Run: ruleRunnerListener, Docs: docs,
		},
		Rule{
			ID: "capacitor-runner-never-resolves", Title: "The runner's event handler calls resolve() or reject()",
			Severity: Warning, Platform: Both, Run: ruleRunnerResolves, Docs: docs,
		},
		Rule{
			ID: "capacitor-runner-appdelegate", Title: "The AppDelegate registers the runner's task (BackgroundRunnerPlugin.registerBackgroundTask())",
			Severity: Error, Platform: IOS, Run: ruleRunnerAppDelegate, Docs: docs,
		},
		Rule{
			ID: "capacitor-runner-autostart-without-interval", Title: "autoStart comes with an interval",
			Severity: Error, Platform: Both, Run: ruleRunnerAutoStart, Docs: docs,
		},
	)
}

// runner returns the BackgroundRunner config when the project uses the
// runner and its config could be read.
func (c *Check) runner() (*jsobj.Node, bool) {
	if _, ok := c.lib(runnerLib); !ok || c.P.Capacitor == nil {
		return nil, false
	}
	return c.P.Capacitor.Get("plugins", "BackgroundRunner"), true
}

func (c *Check) capLoc(n *jsobj.Node) Loc {
	if n == nil {
		return Loc{File: c.P.CapacitorConfig}
	}
	return Loc{File: c.P.CapacitorConfig, Line: n.Line, Col: n.Col}
}

func (c *Check) capMemberLoc(obj *jsobj.Node, key string) Loc {
	if m, ok := obj.Member(key); ok {
		return Loc{File: c.P.CapacitorConfig, Line: m.Line, Col: m.Col}
	}
	return c.capLoc(obj)
}

func ruleRunnerConfig(c *Check) {
	br, ok := c.runner()
	if !ok {
		return
	}
	l, _ := c.lib(runnerLib)
	if br == nil || br.Kind != jsobj.Object {
		c.report(c.capLoc(c.P.Capacitor.Get("plugins")), nil,
			"%s is installed but %s has no plugins.BackgroundRunner: the runner has no task to run. Add plugins.BackgroundRunner with label (your BGTask identifier), src (the runner script), event, repeat, interval and autoStart",
			libBy(l), c.P.CapacitorConfig)
		return
	}
	var missing []string
	for _, key := range []string{"label", "src", "event"} {
		if s, ok := br.Get(key).StringValue(); !ok || s == "" {
			missing = append(missing, key)
		}
	}
	if len(missing) == 0 {
		c.pass(c.capLoc(br), "plugins.BackgroundRunner has label, src and event")
		return
	}
	c.report(c.capLoc(br), nil,
		"plugins.BackgroundRunner in %s lacks %s: the runner cannot schedule or dispatch its task. Set label to the identifier listed in BGTaskSchedulerPermittedIdentifiers, src to the runner script's path in the web assets, and event to the name the script listens for",
		c.P.CapacitorConfig, strings.Join(missing, ", "))
}

func ruleRunnerSrc(c *Check) {
	br, ok := c.runner()
	if !ok {
		return
	}
	src := br.Get("src")
	s, ok := src.StringValue()
	if !ok || s == "" {
		return
	}
	if c.P.RunnerScript != "" {
		c.pass(c.capLoc(src), "src %q is %s, via %s", s, c.P.RunnerScript, c.P.RunnerVia)
		return
	}
	looked := strings.Join(c.P.RunnerLooked, ", ")
	if looked == "" {
		c.Report(Finding{Severity: Warning, File: c.P.CapacitorConfig, Line: src.Line, Column: src.Col, Message: fmt.Sprintf(
			"the runner's src %q leaves the web assets folder: bgkit could not verify that the file reaches the app. Write it relative to webDir", s)})
		return
	}
	if u := c.P.RunnerUnverified; u != "" {
		// A build step bgkit cannot read may copy the file: say what was
		// not verified, never guess a failure.
		c.Report(Finding{Severity: Warning, File: c.P.CapacitorConfig, Line: src.Line, Column: src.Col, Message: fmt.Sprintf(
			"bgkit could not verify the runner's src %q: no copy step it understands puts it into webDir (looked in %s), and %s, which bgkit does not run. Make sure the build copies the script to that path in webDir",
			s, looked, u)})
		return
	}
	c.report(c.capLoc(src), nil,
		"the runner's src %q is in no web asset source and no built output (looked in %s; angular.json assets, public/, static/ and package.json cp steps were followed): the runner loads nothing and the task fails. Put the script where the web build copies it (e.g. public/%s) or fix the path",
		s, looked, s)
}

var listenerRE = lazyre.New(`addEventListener\s*\(\s*['"` + "`" + `]([^'"` + "`" + `]+)['"` + "`" + `]`)

// listeners returns the event names the runner script listens for, with
// the offset of each call's parenthesis.
func listeners(src string) map[string]int {
	out := map[string]int{}
	for _, m := range listenerRE.Get().FindAllStringSubmatchIndex(src, -1) {
		name := src[m[2]:m[3]]
		if _, ok := out[name]; !ok {
			out[name] = strings.IndexByte(src[m[0]:], '(') + m[0]
		}
	}
	return out
}

func ruleRunnerListener(c *Check) {
	br, ok := c.runner()
	if !ok || c.Runner == "" {
		return
	}
	if on, loc := c.runnerScheduled(br); !on {
		c.pass(loc, "autoStart is false: no task is scheduled, so no listener is required")
		return
	}
	ev := br.Get("event")
	name, ok := ev.StringValue()
	if !ok || name == "" {
		return
	}
	ls := listeners(c.Runner)
	if off, ok := ls[name]; ok {
		c.pass(Loc{File: c.P.RunnerScript, Line: textedit.LineOf(c.Runner, off)}, "%s listens for %q", c.P.RunnerScript, name)
		return
	}
	var others []string
	for k := range ls {
		others = append(others, fmt.Sprintf("%q", k))
	}
	extra := ""
	if len(others) > 0 {
		extra = " (it listens for " + strings.Join(sortedStrings(others), ", ") + ")"
	}
	c.report(c.capLoc(ev), nil,
		"the runner's event is %q but %s has no addEventListener(%q, ...)%s: the scheduled task runs nothing. Add the listener, or set event to the name the script uses",
		name, c.P.RunnerScript, name, extra)
}

var (
	handlerParamsRE = lazyre.New(`^\s*['"` + "`" + `][^'"` + "`" + `]*['"` + "`" + `]\s*,\s*(?:async\s+)?(?:function\s*\w*\s*)?\(([^)]*)\)`)
	handlerOneRE    = lazyre.New(`^\s*['"` + "`" + `][^'"` + "`" + `]*['"` + "`" + `]\s*,\s*(?:async\s+)?(\w+)\s*=>`)
)

func ruleRunnerResolves(c *Check) {
	br, ok := c.runner()
	if !ok || c.Runner == "" {
		return
	}
	if on, loc := c.runnerScheduled(br); !on {
		c.pass(loc, "autoStart is false: no task is scheduled")
		return
	}
	name, _ := br.Get("event").StringValue()
	off, ok := listeners(c.Runner)[name]
	if !ok {
		return
	}
	args, _ := callArgs(c.Runner, off)
	loc := Loc{File: c.P.RunnerScript, Line: textedit.LineOf(c.Runner, off)}
	var params []string
	var body string
	if m := handlerParamsRE.Get().FindStringSubmatchIndex(args); m != nil {
		for _, p := range strings.Split(args[m[2]:m[3]], ",") {
			p = strings.TrimSpace(strings.SplitN(p, "=", 2)[0])
			if p != "" {
				params = append(params, p)
			}
		}
		body = args[m[1]:]
	} else if m := handlerOneRE.Get().FindStringSubmatchIndex(args); m != nil {
		params = []string{args[m[2]:m[3]]}
		body = args[m[1]:]
	} else {
		// A handler passed by name: bgkit cannot follow it.
		return
	}
	if len(params) > 2 {
		params = params[:2]
	}
	for _, p := range params {
		if regexp.MustCompile(`\b` + regexp.QuoteMeta(p) + `\b`).MatchString(body) {
			c.pass(loc, "the %q handler uses %s", name, p)
			return
		}
	}
	c.report(loc, nil,
		"the %q handler never calls resolve() or reject() (its first two parameters): the runner waits for it until the OS kills the task, and on iOS the next run may not be scheduled. Call resolve() when the work is done and reject(err) when it fails",
		name)
}

func ruleRunnerAppDelegate(c *Check) {
	br, ok := c.runner()
	if !ok || c.AppDelegate == "" {
		return
	}
	label, _ := br.Get("label").StringValue()
	var native *val
	for i, id := range c.Code.RegisteredIDs {
		if label != "" && id.Value == label {
			native = &c.Code.RegisteredIDs[i]
			break
		}
	}
	r := c.Code.RunnerRegister
	switch {
	case r != nil && native != nil:
		c.report(*r, nil,
			"the runner's label %q is registered twice: BackgroundRunnerPlugin.registerBackgroundTask() here and BGTaskScheduler register(forTaskWithIdentifier:) at %s. iOS raises an exception (\"Launch handler for task with identifier %s has already been registered\") and the app crashes at launch. Keep one of them",
			label, native.Loc, label)
		return
	case r != nil:
		c.pass(*r, "AppDelegate calls BackgroundRunnerPlugin.registerBackgroundTask()")
		return
	case native != nil:
		// Any registration of the same id counts; a second one would crash.
		c.pass(native.Loc, "the app registers the runner's label %q itself with BGTaskScheduler", label)
		return
	}
	if on, loc := c.runnerScheduled(br); !on {
		c.pass(loc, "autoStart is false: the runner schedules no BGTask, so no launch handler is needed")
		return
	}
	loc := Loc{File: c.AppDelegateFile}
	if c.Code.DidFinish != nil {
		loc = *c.Code.DidFinish
	}
	c.report(loc, nil,
		"%s never registers the runner's label %q (no BackgroundRunnerPlugin.registerBackgroundTask(), no BGTaskScheduler register(forTaskWithIdentifier:) of it): no BGTask launch handler is registered before launch ends, so iOS has nothing to run. Add BackgroundRunnerPlugin.registerBackgroundTask() (after import CapacitorBackgroundRunner) in application(_:didFinishLaunchingWithOptions:), before BackgroundRunnerPlugin.handleApplicationDidFinishLaunching(launchOptions:)",
		c.AppDelegateFile, label)
}

func ruleRunnerAutoStart(c *Check) {
	br, ok := c.runner()
	if !ok || br == nil {
		return
	}
	if !br.Get("autoStart").IsTrue() {
		return
	}
	if iv := br.Get("interval"); iv != nil {
		c.pass(c.capMemberLoc(br, "interval"), "autoStart comes with an interval")
		return
	}
	c.report(c.capMemberLoc(br, "autoStart"), nil,
		"the runner has autoStart: true but no interval: on iOS scheduling throws \"cannot register background task without a configured interval\" and nothing runs. Add interval (minutes; 15 or more on Android with repeat)")
}

func sortedStrings(s []string) []string {
	out := append([]string(nil), s...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}
