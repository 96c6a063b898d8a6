package jsonedit

import (
	"errors"
	"strconv"
)

// number is a JSON number as written, so that 1.0 and 1 stay apart.
type number string

// decode turns a parsed value into plain Go values (map[string]any,
// []any, string, number, bool, nil); of duplicate keys the last one counts.
func decode(data []byte, n *node) any {
	switch n.kind {
	case kObject:
		m := make(map[string]any, len(n.members))
		for _, mem := range n.members {
			m[mem.key] = decode(data, mem.value)
		}
		return m
	case kArray:
		a := make([]any, len(n.elems))
		for i, e := range n.elems {
			a[i] = decode(data, e)
		}
		return a
	case kString:
		return n.str
	case kNumber:
		return number(data[n.start:n.end])
	case kTrue:
		return true
	case kFalse:
		return false
	}
	return nil
}

// applyTo makes the intended change on decoded values: what the edited
// text must decode to.
func (o op) applyTo(root *any) error {
	cur := root
	for i, seg := range o.path {
		last := i == len(o.path)-1
		switch c := (*cur).(type) {
		case map[string]any:
			v, ok := c[seg]
			if !ok {
				if o.kind == opRemove {
					return nil
				}
				c[seg] = o.created(o.path[i+1:])
				return nil
			}
			if last {
				return o.setLeaf(func(nv any) { c[seg] = nv }, v)
			}
			// Maps and slices share storage, so descending through a
			// copy still edits the document.
			next := v
			cur = &next
		case []any:
			j, err := strconv.Atoi(seg)
			if err != nil || j < 0 || j >= len(c) {
				return errors.New("index out of range")
			}
			if last {
				return o.setLeaf(func(nv any) { c[j] = nv }, c[j])
			}
			next := c[j]
			cur = &next
		default:
			return errors.New("path crosses a value that is not a container")
		}
	}
	return errors.New("empty path")
}

// created is the value a missing member at the rest of the path gets.
func (o op) created(rest []string) any {
	if len(rest) > 0 {
		return map[string]any{rest[0]: o.created(rest[1:])}
	}
	if o.kind == opSet {
		return o.value
	}
	var arr []any
	seen := map[string]bool{}
	for _, v := range o.values {
		if !seen[v] {
			seen[v] = true
			arr = append(arr, v)
		}
	}
	if arr == nil {
		arr = []any{}
	}
	return arr
}

// setLeaf changes the value at the end of the path.
func (o op) setLeaf(set func(any), v any) error {
	switch o.kind {
	case opSet:
		set(o.value)
		return nil
	}
	arr, ok := v.([]any)
	if !ok {
		return errors.New("not an array")
	}
	has := map[string]bool{}
	for _, e := range arr {
		if s, ok := e.(string); ok {
			has[s] = true
		}
	}
	if o.kind == opAdd {
		out := append([]any{}, arr...)
		for _, s := range o.values {
			if !has[s] {
				has[s] = true
				out = append(out, s)
			}
		}
		set(out)
		return nil
	}
	drop := map[string]bool{}
	for _, s := range o.values {
		drop[s] = true
	}
	out := []any{}
	for _, e := range arr {
		if s, ok := e.(string); ok && drop[s] {
			continue
		}
		out = append(out, e)
	}
	set(out)
	return nil
}
