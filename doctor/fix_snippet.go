package doctor

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/bgkit/bgkit/manifest"
)

// fxCodeSnippet gathers fixes for an app config written in JavaScript or
// TypeScript, which bgkit does not edit, and renders them as the object
// members to merge into the Expo config.
type fxCodeSnippet struct {
	rules   []string
	root    fxJsObject
	removes []string
}

type fxJsObject struct {
	keys []string
	vals map[string]*fxJsValue
}

type fxJsValue struct {
	obj   *fxJsObject
	strs  []string // an array of strings
	str   string
	isStr bool
}

func (c *fxCodeSnippet) empty() bool { return len(c.root.keys) == 0 && len(c.removes) == 0 }

func (c *fxCodeSnippet) add(rule string, a Action) {
	if rule != "" {
		c.rules = fxAppendUnique(c.rules, rule)
	}
	switch a.Kind {
	case AddBackgroundModes, AddTaskIdentifiers:
		c.root.array("ios", "infoPlist", fxPlistKey(a.Kind)).addStrings(a.Values)
	case SetEntitlement:
		v := c.root.value("ios", "entitlements", a.Key)
		v.str, v.isStr = a.Value, true
	case AddPermissions:
		c.root.array("android", "permissions").addStrings(a.Values)
	case AddExpoPlugins:
		c.root.array("plugins").addStrings(a.Values)
	case RemoveBackgroundModes:
		c.removes = fxAppendUnique(c.removes, fmt.Sprintf("remove %s from ios.infoPlist.UIBackgroundModes", fxQuoteList(a.Values)))
	case UnblockPermissions:
		short := make([]string, len(a.Values))
		for i, v := range a.Values {
			short[i] = manifest.ShortPermission(v)
		}
		c.removes = fxAppendUnique(c.removes, fmt.Sprintf("remove %s (short or full names) from android.blockedPermissions", fxQuoteList(short)))
	}
}

// value returns the member at path, creating objects on the way.
func (o *fxJsObject) value(path ...string) *fxJsValue {
	cur := o
	for i, k := range path {
		if cur.vals == nil {
			cur.vals = map[string]*fxJsValue{}
		}
		v, ok := cur.vals[k]
		if !ok {
			v = &fxJsValue{}
			cur.vals[k] = v
			cur.keys = append(cur.keys, k)
		}
		if i == len(path)-1 {
			return v
		}
		if v.obj == nil {
			v.obj = &fxJsObject{}
		}
		cur = v.obj
	}
	return nil
}

func (o *fxJsObject) array(path ...string) *fxJsValue { return o.value(path...) }

func (v *fxJsValue) addStrings(values []string) {
	for _, s := range values {
		if !fxContains(v.strs, s) {
			v.strs = append(v.strs, s)
		}
	}
}

func fxContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// render writes the members as JavaScript, two spaces per level, with
// trailing commas (valid in JS and TS object literals).
func (c *fxCodeSnippet) render() string {
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

func (o *fxJsObject) render(b *strings.Builder, indent string) {
	for _, k := range o.keys {
		v := o.vals[k]
		key := k
		if !fxIsIdent(k) {
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
