package fixplan

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/bgkit/bgkit/manifest"
)

// codeSnippet gathers fixes for an app config written in JavaScript or
// TypeScript, which bgkit does not edit, and renders them as the object
// members to merge into the Expo config.
type codeSnippet struct {
	rules   []string
	root    jsObject
	removes []string
}

type jsObject struct {
	keys []string
	vals map[string]*jsValue
}

type jsValue struct {
	obj   *jsObject
	strs  []string // an array of strings
	str   string
	isStr bool
}

func (c *codeSnippet) empty() bool { return len(c.root.keys) == 0 && len(c.removes) == 0 }

func (c *codeSnippet) add(rule string, a Action) {
	if rule != "" {
		c.rules = appendUnique(c.rules, rule)
	}
	switch a.Kind {
	case AddBackgroundModes, AddTaskIdentifiers:
		c.root.array("ios", "infoPlist", plistKey(a.Kind)).addStrings(a.Values)
	case SetEntitlement:
		v := c.root.value("ios", "entitlements", a.Key)
		v.str, v.isStr = a.Value, true
	case AddPermissions:
		c.root.array("android", "permissions").addStrings(a.Values)
	case AddExpoPlugins:
		c.root.array("plugins").addStrings(a.Values)
	case RemoveBackgroundModes:
		c.removes = appendUnique(c.removes, fmt.Sprintf("remove %s from ios.infoPlist.UIBackgroundModes", quoteList(a.Values)))
	case UnblockPermissions:
		short := make([]string, len(a.Values))
		for i, v := range a.Values {
			short[i] = manifest.ShortPermission(v)
		}
		c.removes = appendUnique(c.removes, fmt.Sprintf("remove %s (short or full names) from android.blockedPermissions", quoteList(short)))
	}
}

// value returns the member at path, creating objects on the way.
func (o *jsObject) value(path ...string) *jsValue {
	cur := o
	for i, k := range path {
		if cur.vals == nil {
			cur.vals = map[string]*jsValue{}
		}
		v, ok := cur.vals[k]
		if !ok {
			v = &jsValue{}
			cur.vals[k] = v
			cur.keys = append(cur.keys, k)
		}
		if i == len(path)-1 {
			return v
		}
		if v.obj == nil {
			v.obj = &jsObject{}
		}
		cur = v.obj
	}
	return nil
}

func (o *jsObject) array(path ...string) *jsValue { return o.value(path...) }

func (v *jsValue) addStrings(values []string) {
	for _, s := range values {
		if !contains(v.strs, s) {
			v.strs = append(v.strs, s)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// render writes the members as JavaScript, two spaces per level, with
// trailing commas (valid in JS and TS object literals).
func (c *codeSnippet) render() string {
	var b strings.Builder
	c.root.render(&b, "  ")
	if len(c.removes) > 0 {
		if b.Len() > 0 {
			b.WriteString("\nAlso:\n")
		}
		for _, r := range c.removes {
			b.WriteString("  " + r + "\n")
		}
	}
	return b.String()
}

func (o *jsObject) render(b *strings.Builder, indent string) {
	for _, k := range o.keys {
		v := o.vals[k]
		key := k
		if !isIdent(k) {
			key = strconv.Quote(k)
		}
		b.WriteString(indent + key + ": ")
		switch {
		case v.obj != nil:
			b.WriteString("{\n")
			v.obj.render(b, indent+"  ")
			b.WriteString(indent + "},\n")
		case v.isStr:
			b.WriteString(strconv.Quote(v.str) + ",\n")
		default:
			q := make([]string, len(v.strs))
			for i, s := range v.strs {
				q[i] = strconv.Quote(s)
			}
			b.WriteString("[" + strings.Join(q, ", ") + "],\n")
		}
	}
}
