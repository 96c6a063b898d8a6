package doctor

import (
	"bytes"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/bgkit/bgkit/internal/lazyre"
	"github.com/bgkit/bgkit/internal/textedit"
	"github.com/bgkit/bgkit/project/jsobj"
)

// What bgkit reads from source code, best effort and without running
// anything: the AppDelegate's BGTaskScheduler calls and the settings
// visible as literals in app sources.

type codeFacts struct {
	// AppDelegate.
	RegisteredIDs     []val // BGTaskScheduler register(forTaskWithIdentifier:)
	WorkmanagerIDs    []val // WorkmanagerPlugin.registerBGProcessingTask / registerPeriodicTask
	WorkmanagerModes  map[string]Loc
	RefreshRequest    *Loc // BGAppRefreshTaskRequest: needs fetch
	ProcessingRequest *Loc // BGProcessingTaskRequest: needs processing
	LegacyFetch       *Loc // setMinimumBackgroundFetchInterval / performFetchWithCompletionHandler
	RunnerRegister    *Loc // BackgroundRunnerPlugin.registerBackgroundTask()
	RunnerLaunch      *Loc // BackgroundRunnerPlugin.handleApplicationDidFinishLaunching
	DidFinish         *Loc // application(_:didFinishLaunchingWithOptions:)
	// PushCode is the first place the app registers for or receives remote
	// notifications, in the AppDelegate or its sources.
	PushCode *Loc

	// App sources.
	TSTaskIDs    []val      // transistorsoft scheduleTask taskId values
	DartWMIDs    []val      // Dart Workmanager().registerPeriodicTask/registerProcessingTask unique names
	ScheduleTask *Loc       // the first transistorsoft scheduleTask call (a BGProcessingTask)
	Intervals    []interval // statically visible scheduling intervals
}

// interval is a scheduling period written in source.
type interval struct {
	Lib     string
	Setting string // "minimumInterval", "minimumFetchInterval", "frequency", "interval"
	Minutes float64
	Text    string // as written
	Loc     Loc
}

var (
	swiftConstRE    = lazyre.New(`\b(?:let|var)\s+(\w+)\s*(?::\s*String\s*)?=\s*"([^"\n]*)"`)
	objcConstRE     = lazyre.New(`NSString\s*\*\s*(?:const\s+)?(\w+)\s*=\s*@"([^"\n]*)"`)
	registerSwiftRE = lazyre.New(`register\(\s*forTaskWithIdentifier:\s*("[^"\n]*"|[\w.]+)`)
	registerObjCRE  = lazyre.New(`registerForTaskWithIdentifier:\s*(@"[^"\n]*"|[\w.]+)`)
	wmRegisterRE    = lazyre.New(`WorkmanagerPlugin\.(registerBGProcessingTask|registerPeriodicTask|registerBGContinuedProcessingTask)\(\s*withIdentifier:\s*("[^"\n]*"|[\w.]+)`)
	refreshReqRE    = lazyre.New(`BGAppRefreshTaskRequest\b`)
	processingReqRE = lazyre.New(`BGProcessingTaskRequest\b`)
	legacyFetchRE   = lazyre.New(`setMinimumBackgroundFetchInterval|performFetchWithCompletionHandler`)
	runnerRegRE     = lazyre.New(`BackgroundRunnerPlugin\.registerBackgroundTask\s*\(`)
	runnerLaunchRE  = lazyre.New(`BackgroundRunnerPlugin\.handleApplicationDidFinishLaunching`)
	didFinishRE     = lazyre.New(`didFinishLaunchingWithOptions`)
	pushCodeRE      = lazyre.New(`registerForRemoteNotifications|didRegisterForRemoteNotificationsWithDeviceToken|didReceiveRemoteNotification|registerRemoteNotifications|PushNotifications\.register\s*\(|getDevicePushTokenAsync|getExpoPushTokenAsync|messaging\(\)\.getToken|FirebaseMessaging\.instance|getAPNSToken|onTokenRefresh|PushNotificationIOS\.requestPermissions`)

	jsImportRE   = lazyre.New(`import\s+(?:\*\s+as\s+)?(\w+)\s+from\s+['"]([^'"]+)['"]`)
	jsRequireRE  = lazyre.New(`(?:const|let|var)\s+(\w+)\s*=\s*require\(\s*['"]([^'"]+)['"]\s*\)`)
	jsConstRE    = lazyre.New(`(?:const|let|var)\s+(\w+)\s*(?::\s*string\s*)?=\s*['"]([^'"\n]+)['"]`)
	jsCallRE     = lazyre.New(`\b(\w+)\.(registerTaskAsync|configure|scheduleTask)\s*\(`)
	dartPeriodRE = lazyre.New(`registerPeriodicTask\s*\(`)
	dartDurRE    = lazyre.New(`frequency:\s*(?:const\s+)?Duration\(\s*(\w+):\s*(\d+)\s*\)`)
	dartFetchRE  = lazyre.New(`minimumFetchInterval:\s*(\d+)`)
	dartTaskRE   = lazyre.New(`TaskConfig\(\s*taskId:\s*['"]([^'"]+)['"]`)
	dartWMTaskRE = lazyre.New(`\.(?:registerPeriodicTask|registerProcessingTask)\s*\(\s*(?:['"]([^'"\n]+)['"]|(\w+))`)
	dartConstRE  = lazyre.New(`(?:const|final|var|static\s+const|String)\s+(?:String\s+)?(\w+)\s*=\s*['"]([^'"\n]+)['"]`)
)

func scanCode(f *Facts) codeFacts {
	var c codeFacts
	c.WorkmanagerModes = map[string]Loc{}
	if src := f.AppDelegate; src != "" {
		file := f.AppDelegateFile
		consts := map[string]string{}
		for _, m := range swiftConstRE.Get().FindAllStringSubmatch(src, -1) {
			consts[m[1]] = m[2]
		}
		for _, m := range objcConstRE.Get().FindAllStringSubmatch(src, -1) {
			consts[m[1]] = m[2]
		}
		resolve := func(expr string) (string, bool) {
			expr = strings.TrimPrefix(expr, "@")
			if strings.HasPrefix(expr, `"`) {
				return strings.Trim(expr, `"`), true
			}
			name := expr[strings.LastIndexByte(expr, '.')+1:]
			v, ok := consts[name]
			return v, ok
		}
		for _, re := range []*lazyre.Regexp{registerSwiftRE, registerObjCRE} {
			for _, m := range re.Get().FindAllStringSubmatchIndex(src, -1) {
				if id, ok := resolve(src[m[2]:m[3]]); ok {
					c.RegisteredIDs = append(c.RegisteredIDs, val{Value: id, Loc: Loc{File: file, Line: textedit.LineOf(src, m[0])}})
				}
			}
		}
		for _, m := range wmRegisterRE.Get().FindAllStringSubmatchIndex(src, -1) {
			if id, ok := resolve(src[m[4]:m[5]]); ok {
				loc := Loc{File: file, Line: textedit.LineOf(src, m[0])}
				c.WorkmanagerIDs = append(c.WorkmanagerIDs, val{Value: id, Loc: loc})
				mode := "processing"
				if src[m[2]:m[3]] == "registerPeriodicTask" {
					mode = "fetch"
				}
				if _, ok := c.WorkmanagerModes[mode]; !ok {
					c.WorkmanagerModes[mode] = loc
				}
			}
		}
		first := func(re *lazyre.Regexp) *Loc {
			if m := re.Get().FindStringIndex(src); m != nil {
				return &Loc{File: file, Line: textedit.LineOf(src, m[0])}
			}
			return nil
		}
		c.RefreshRequest = first(refreshReqRE)
		c.ProcessingRequest = first(processingReqRE)
		c.LegacyFetch = first(legacyFetchRE)
		c.RunnerRegister = first(runnerRegRE)
		c.RunnerLaunch = first(runnerLaunchRE)
		c.DidFinish = first(didFinishRE)
		c.PushCode = first(pushCodeRE)
	}
	files := sortedMapKeys(f.Sources)
	for _, file := range files {
		src := f.Sources[file]
		// Cheap substring tests keep the regexps off files that cannot
		// match: most of an app's sources say nothing about background work.
		if c.PushCode == nil && containsAny(src, "Remote", "Push", "push", "etToken", "FirebaseMessaging", "onTokenRefresh") {
			if m := pushCodeRE.Get().FindStringIndex(src); m != nil {
				c.PushCode = &Loc{File: file, Line: textedit.LineOf(src, m[0])}
			}
		}
		switch filepath.Ext(file) {
		case ".dart":
			if containsAny(src, "registerPeriodicTask", "registerProcessingTask", "minimumFetchInterval", "TaskConfig") {
				scanDart(&c, file, src)
			}
		case ".swift", ".m", ".mm":
			if file != f.AppDelegateFile && strings.Contains(src, "orTaskWithIdentifier") {
				scanNativeIDs(&c, file, src)
			}
		case ".kt", ".java":
		default:
			if containsAny(src, "registerTaskAsync", ".configure", "scheduleTask") {
				scanJS(&c, file, src)
			}
		}
	}
	sort.SliceStable(c.Intervals, func(i, j int) bool { return c.Intervals[i].Loc.File < c.Intervals[j].Loc.File })
	return c
}

// scanNativeIDs finds BGTaskScheduler registrations in Swift and
// Objective-C sources beyond the AppDelegate (a task manager class, an
// extension): any registration of an id counts.
func scanNativeIDs(c *codeFacts, file, src string) {
	consts := map[string]string{}
	for _, m := range swiftConstRE.Get().FindAllStringSubmatch(src, -1) {
		consts[m[1]] = m[2]
	}
	for _, m := range objcConstRE.Get().FindAllStringSubmatch(src, -1) {
		consts[m[1]] = m[2]
	}
	for _, re := range []*lazyre.Regexp{registerSwiftRE, registerObjCRE} {
		for _, m := range re.Get().FindAllStringSubmatchIndex(src, -1) {
			expr := strings.TrimPrefix(src[m[2]:m[3]], "@")
			id, ok := strings.Trim(expr, `"`), strings.HasPrefix(expr, `"`)
			if !ok {
				id, ok = consts[expr[strings.LastIndexByte(expr, '.')+1:]]
			}
			if ok {
				c.RegisteredIDs = append(c.RegisteredIDs, val{Value: id, Loc: Loc{File: file, Line: textedit.LineOf(src, m[0])}})
			}
		}
	}
}

func scanJS(c *codeFacts, file, src string) {
	// The regexps run on the statements that can match, not on the whole
	// file: Go's regexp engine is linear but slow per byte, and app files
	// are mostly unrelated code.
	modules := map[string]string{}
	for _, stmt := range statementsWith(src, "import", "require(") {
		for _, re := range []*lazyre.Regexp{jsImportRE, jsRequireRE} {
			for _, m := range re.Get().FindAllStringSubmatch(src[stmt[0]:stmt[1]], -1) {
				modules[m[1]] = m[2]
			}
		}
	}
	consts := map[string]val{}
	for _, stmt := range statementsWith(src, "const ", "let ", "var ") {
		part := src[stmt[0]:stmt[1]]
		if !strings.ContainsAny(part, "'\"") {
			continue
		}
		for _, m := range jsConstRE.Get().FindAllStringSubmatchIndex(part, -1) {
			consts[part[m[2]:m[3]]] = val{Value: part[m[4]:m[5]], Loc: Loc{File: file, Line: textedit.LineOf(src, stmt[0]+m[0])}}
		}
	}
	var calls [][]int
	for _, stmt := range statementsWith(src, "registerTaskAsync", ".configure", "scheduleTask") {
		for _, m := range jsCallRE.Get().FindAllStringSubmatchIndex(src[stmt[0]:stmt[1]], -1) {
			for i := range m {
				m[i] += stmt[0]
			}
			calls = append(calls, m)
		}
	}
	for _, m := range calls {
		mod := modules[src[m[2]:m[3]]]
		method := src[m[4]:m[5]]
		args, argsOff := callArgs(src, m[1]-1)
		obj, objOff := firstObject(args)
		if obj == "" {
			continue
		}
		n, err := jsobj.ParseValue([]byte(obj))
		if err != nil {
			continue
		}
		base := argsOff + objOff
		at := func(node *jsobj.Node) Loc {
			line := textedit.LineOf(src, base) + node.Line - 1
			return Loc{File: file, Line: line}
		}
		switch {
		case mod == "expo-background-task" && method == "registerTaskAsync":
			if v := n.Get("minimumInterval"); v != nil && v.Kind == jsobj.Number {
				c.Intervals = append(c.Intervals, interval{Lib: mod, Setting: "minimumInterval", Minutes: v.Num, Text: numText(v), Loc: at(v)})
			}
		case mod == "expo-background-fetch" && method == "registerTaskAsync":
			if v := n.Get("minimumInterval"); v != nil && v.Kind == jsobj.Number {
				c.Intervals = append(c.Intervals, interval{Lib: mod, Setting: "minimumInterval", Minutes: v.Num / 60, Text: numText(v) + " s", Loc: at(v)})
			}
		case mod == "react-native-background-fetch" || mod == "@transistorsoft/capacitor-background-fetch":
			if method == "configure" {
				if v := n.Get("minimumFetchInterval"); v != nil && v.Kind == jsobj.Number {
					c.Intervals = append(c.Intervals, interval{Lib: mod, Setting: "minimumFetchInterval", Minutes: v.Num, Text: numText(v), Loc: at(v)})
				}
			}
			if method == "scheduleTask" {
				if c.ScheduleTask == nil {
					c.ScheduleTask = &Loc{File: file, Line: textedit.LineOf(src, m[0])}
				}
				v := n.Get("taskId")
				switch {
				case v != nil && v.Kind == jsobj.String:
					c.TSTaskIDs = append(c.TSTaskIDs, val{Value: v.Str, Loc: at(v)})
				case v != nil && v.Kind == jsobj.Expr:
					if k, ok := consts[v.Text]; ok {
						c.TSTaskIDs = append(c.TSTaskIDs, k)
					}
				}
			}
		}
	}
}

func scanDart(c *codeFacts, file, src string) {
	for _, m := range dartPeriodRE.Get().FindAllStringIndex(src, -1) {
		args, off := callArgs(src, m[1]-1)
		if d := dartDurRE.Get().FindStringSubmatchIndex(args); d != nil {
			unit := args[d[2]:d[3]]
			n, _ := strconv.Atoi(args[d[4]:d[5]])
			minutes := float64(n)
			switch unit {
			case "hours":
				minutes *= 60
			case "seconds":
				minutes /= 60
			case "days":
				minutes *= 60 * 24
			case "minutes":
			default:
				continue
			}
			c.Intervals = append(c.Intervals, interval{Lib: "workmanager", Setting: "frequency", Minutes: minutes, Text: args[d[0]:d[1]], Loc: Loc{File: file, Line: textedit.LineOf(src, off+d[0])}})
		}
	}
	for _, m := range dartFetchRE.Get().FindAllStringSubmatchIndex(src, -1) {
		n, _ := strconv.Atoi(src[m[2]:m[3]])
		c.Intervals = append(c.Intervals, interval{Lib: "background_fetch", Setting: "minimumFetchInterval", Minutes: float64(n), Text: src[m[2]:m[3]], Loc: Loc{File: file, Line: textedit.LineOf(src, m[0])}})
	}
	consts := map[string]string{}
	for _, m := range dartConstRE.Get().FindAllStringSubmatch(src, -1) {
		consts[m[1]] = m[2]
	}
	for _, m := range dartWMTaskRE.Get().FindAllStringSubmatchIndex(src, -1) {
		var id string
		if m[2] >= 0 {
			id = src[m[2]:m[3]]
		} else if v, ok := consts[src[m[4]:m[5]]]; ok {
			id = v
		} else {
			continue
		}
		c.DartWMIDs = append(c.DartWMIDs, val{Value: id, Loc: Loc{File: file, Line: textedit.LineOf(src, m[0])}})
	}
	for _, m := range dartTaskRE.Get().FindAllStringSubmatchIndex(src, -1) {
		if c.ScheduleTask == nil {
			c.ScheduleTask = &Loc{File: file, Line: textedit.LineOf(src, m[0])}
		}
		c.TSTaskIDs = append(c.TSTaskIDs, val{Value: src[m[2]:m[3]], Loc: Loc{File: file, Line: textedit.LineOf(src, m[0])}})
	}
}

func numText(n *jsobj.Node) string {
	if n.Text != "" {
		return n.Text
	}
	return strconv.FormatFloat(n.Num, 'f', -1, 64)
}

// callArgs returns the text between the parenthesis at open and its match
// (strings and nesting respected), and the offset where it starts.
func callArgs(src string, open int) (string, int) {
	if open < 0 || open >= len(src) || src[open] != '(' {
		return "", 0
	}
	end := matchingClose(src, open, 20000)
	if end < 0 {
		return "", 0
	}
	return src[open+1 : end], open + 1
}

// firstObject returns the first balanced {...} in s and its offset.
func firstObject(s string) (string, int) {
	i := strings.IndexByte(s, '{')
	if i < 0 {
		return "", 0
	}
	end := matchingClose(s, i, len(s))
	if end < 0 {
		return "", 0
	}
	return s[i : end+1], i
}

// matchingClose returns the offset of the bracket that closes the one at
// open, skipping string literals and nested brackets, looking at most limit
// bytes ahead; -1 when there is none.
func matchingClose(s string, open, limit int) int {
	depth := 0
	var quote byte
	for i := open; i < len(s) && i < open+limit; i++ {
		ch := s[i]
		if quote != 0 {
			if ch == '\\' {
				i++
			} else if ch == quote {
				quote = 0
			}
			continue
		}
		switch ch {
		case '"', '\'', '`':
			quote = ch
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// statementsWith returns the [start, end) offsets of the lines of src that
// contain one of the words, each line once and in order.
func statementsWith(src string, words ...string) [][2]int {
	var lines [][2]int
	seen := map[int]bool{}
	for _, w := range words {
		for off := 0; ; {
			i := strings.Index(src[off:], w)
			if i < 0 {
				break
			}
			at := off + i
			start := strings.LastIndexByte(src[:at], '\n') + 1
			end := strings.IndexByte(src[at:], '\n')
			if end < 0 {
				end = len(src)
			} else {
				end += at
			}
			if !seen[start] {
				seen[start] = true
				lines = append(lines, [2]int{start, end})
			}
			off = end
			if off >= len(src) {
				break
			}
		}
	}
	sort.Slice(lines, func(i, j int) bool { return lines[i][0] < lines[j][0] })
	return lines
}

// sourceWords are the words a source must contain for a scanner to find
// anything in it (push registration, BGTaskScheduler registrations, the
// JS and Dart scheduling calls).
var sourceWords = [][]byte{
	// Words whose first letter is rare in code keep the search fast.
	[]byte("Remote"), []byte("Push"), []byte("Token"), []byte("Messaging"), // push registration
	[]byte("Task"),          // scheduleTask, registerTaskAsync, register*Task, TaskConfig, forTaskWithIdentifier
	[]byte(".configure"),    // BackgroundFetch.configure
	[]byte("FetchInterval"), // minimumFetchInterval
}

// mayMatter reports whether a source can hold anything the scanners look
// for. Kotlin and Java sources always matter: they declare the classes
// manifest components name.
func mayMatter(file string, data []byte) bool {
	switch filepath.Ext(file) {
	case ".kt", ".java":
		return true
	}
	for _, w := range sourceWords {
		if bytes.Contains(data, w) {
			return true
		}
	}
	return false
}
