// Package jsobj reads JavaScript and TypeScript object literals (and JSON,
// which is a subset) without running them: the values of capacitor.config.ts
// and friends, with the line and column of every value. It is tolerant on
// purpose: unquoted keys, single quotes, template strings, trailing commas,
// comments, `as const` and `satisfies T` are read; anything that is code
// (identifiers, calls, conditionals) becomes an Expr node holding its text.
package jsobj

import (
	"fmt"
	"strconv"
	"strings"
)

// Kind of a node.
type Kind int

const (
	Null Kind = iota
	Bool
	Number
	String
	Object
	Array
	Expr // code bgkit does not evaluate; Text holds it as written
)

func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case Bool:
		return "boolean"
	case Number:
		return "number"
	case String:
		return "string"
	case Object:
		return "object"
	case Array:
		return "array"
	}
	return "expression"
}

// Node is one value with the 1-based line and column where it starts.
type Node struct {
	Kind    Kind
	Str     string // String: the decoded text
	Num     float64
	Bool    bool
	Text    string // Expr: the source text; Number: the literal as written
	Members []Member
	Elems   []*Node
	Line    int
	Col     int
}

// Member is a key of an object literal and its value.
type Member struct {
	Key   string
	Line  int // of the key
	Col   int
	Value *Node
}

// Get follows object keys (and decimal array indexes) from n; nil when a
// step is missing or n is nil. For repeated keys the last one wins, as in
// JavaScript.
func (n *Node) Get(path ...string) *Node {
	cur := n
	for _, p := range path {
		if cur == nil {
			return nil
		}
		switch cur.Kind {
		case Object:
			var next *Node
			for i := range cur.Members {
				if cur.Members[i].Key == p {
					next = cur.Members[i].Value
				}
			}
			cur = next
		case Array:
			i, err := strconv.Atoi(p)
			if err != nil || i < 0 || i >= len(cur.Elems) {
				return nil
			}
			cur = cur.Elems[i]
		default:
			return nil
		}
	}
	return cur
}

// Member returns the member named key (the last one when repeated).
func (n *Node) Member(key string) (Member, bool) {
	if n == nil || n.Kind != Object {
		return Member{}, false
	}
	var m Member
	found := false
	for _, x := range n.Members {
		if x.Key == key {
			m, found = x, true
		}
	}
	return m, found
}

// StringValue returns the node's string, ok=false when it is not a string.
func (n *Node) StringValue() (string, bool) {
	if n == nil || n.Kind != String {
		return "", false
	}
	return n.Str, true
}

// IsTrue reports whether the node is the literal true.
func (n *Node) IsTrue() bool { return n != nil && n.Kind == Bool && n.Bool }

// Strings returns the string elements of an array node (other elements are
// skipped).
func (n *Node) Strings() []*Node {
	if n == nil || n.Kind != Array {
		return nil
	}
	var out []*Node
	for _, e := range n.Elems {
		if e.Kind == String {
			out = append(out, e)
		}
	}
	return out
}

// SyntaxError is input bgkit cannot read as an object literal.
type SyntaxError struct {
	Line, Col int
	Msg       string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Col, e.Msg)
}

// maxDepth bounds nesting so hostile input cannot exhaust the stack.
const maxDepth = 200

// ParseValue reads one value (a JSON document, or an object literal) that
// makes up the whole of data, comments and whitespace aside.
func ParseValue(data []byte) (*Node, error) {
	toks, err := tokenize(data)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	if p.peek().kind == tEOF {
		t := p.peek()
		return nil, &SyntaxError{Line: t.line, Col: t.col, Msg: "empty document"}
	}
	n, err := p.value(0)
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, &SyntaxError{Line: t.line, Col: t.col, Msg: fmt.Sprintf("unexpected %s after the end of the value", t.describe())}
	}
	return n, nil
}

// ParseModule finds the object a JavaScript or TypeScript config module
// exports (`export default {...}`, `export default defineConfig({...})`,
// `const config: T = {...}; export default config`, `module.exports =
// {...}`) and reads it. ok=false means no exported object literal was found.
func ParseModule(data []byte) (n *Node, ok bool, err error) {
	toks, err := tokenize(data)
	if err != nil {
		return nil, false, err
	}
	start := findExport(toks)
	if start < 0 {
		return nil, false, nil
	}
	p := &parser{toks: toks, pos: start}
	// Only the object itself: what follows it (`as T`, the next statement
	// when semicolons are left out) is not part of it.
	n, err = p.primary(0)
	if err != nil {
		return nil, false, err
	}
	return n, true, nil
}

// findExport returns the index of the `{` token that starts the exported
// object, or -1.
func findExport(toks []token) int {
	isPunct := func(i int, s string) bool { return i < len(toks) && toks[i].kind == tPunct && toks[i].text == s }
	isIdent := func(i int, s string) bool { return i < len(toks) && toks[i].kind == tIdent && toks[i].text == s }
	// objectAt follows `X(`, `X<T>(` calls and `(` parentheses to the object.
	var objectAt func(i, depth int) int
	objectAt = func(i, depth int) int {
		if depth > 8 || i >= len(toks) {
			return -1
		}
		switch {
		case isPunct(i, "{"):
			return i
		case isPunct(i, "("):
			return objectAt(i+1, depth+1)
		case toks[i].kind == tIdent:
			j := i + 1
			for isPunct(j, ".") && j+1 < len(toks) && toks[j+1].kind == tIdent {
				j += 2
			}
			if isPunct(j, "<") { // generic call: defineConfig<T>({...})
				for j < len(toks) && !isPunct(j, ">") {
					j++
				}
				j++
			}
			if isPunct(j, "(") {
				return objectAt(j+1, depth+1)
			}
		}
		return -1
	}
	declared := func(name string) int {
		for i := 0; i+2 < len(toks); i++ {
			if toks[i].kind == tIdent && (toks[i].text == "const" || toks[i].text == "let" || toks[i].text == "var") && isIdent(i+1, name) {
				j := i + 2
				// Skip a type annotation up to the `=`.
				for j < len(toks) && !isPunct(j, "=") && !isPunct(j, ";") {
					j++
				}
				if isPunct(j, "=") {
					if k := objectAt(j+1, 0); k >= 0 {
						return k
					}
				}
			}
		}
		return -1
	}
	for i := range toks {
		var at int
		switch {
		case isIdent(i, "export") && isIdent(i+1, "default"):
			at = i + 2
		case isIdent(i, "module") && isPunct(i+1, ".") && isIdent(i+2, "exports") && isPunct(i+3, "="):
			at = i + 4
		case isIdent(i, "exports") && isPunct(i+1, ".") && isIdent(i+2, "default") && isPunct(i+3, "="):
			at = i + 4
		default:
			continue
		}
		if k := objectAt(at, 0); k >= 0 {
			return k
		}
		if at < len(toks) && toks[at].kind == tIdent {
			if k := declared(toks[at].text); k >= 0 {
				return k
			}
		}
	}
	// No export statement bgkit understands: a single top-level
	// `const config = {...}` is still a good guess.
	for i := 0; i+1 < len(toks); i++ {
		if isIdent(i, "const") && isIdent(i+1, "config") {
			return declared("config")
		}
	}
	return -1
}

type parser struct {
	toks []token
	pos  int
}

func (p *parser) peek() token {
	if p.pos >= len(p.toks) {
		return p.toks[len(p.toks)-1]
	}
	return p.toks[p.pos]
}

func (p *parser) next() token {
	t := p.peek()
	if p.pos < len(p.toks)-1 {
		p.pos++
	}
	return t
}

func (p *parser) errAt(t token, format string, args ...any) error {
	return &SyntaxError{Line: t.line, Col: t.col, Msg: fmt.Sprintf(format, args...)}
}

// value reads a value and whatever code follows it up to the next `,`, `}`,
// `]` or `)` at the same depth (`as const`, `satisfies T`, operators). A
// value followed by such code becomes an Expr, except for the type
// assertions, which keep the value.
func (p *parser) value(depth int) (*Node, error) {
	if depth > maxDepth {
		return nil, p.errAt(p.peek(), "nesting deeper than %d levels", maxDepth)
	}
	start, from := p.peek(), p.pos
	n, err := p.primary(depth)
	if err != nil {
		return nil, err
	}
	// Type assertions keep the value: `x as const`, `x satisfies T`.
	if t := p.peek(); t.kind == tIdent && (t.text == "as" || t.text == "satisfies") {
		p.next()
		if err := p.skipExpr(depth); err != nil {
			return nil, err
		}
		return n, nil
	}
	if p.endsValue(p.pos) {
		if n.Kind == Expr {
			if v, ok := evalArith(p.toks[from:p.pos]); ok {
				return &Node{Kind: Number, Num: v, Text: n.Text, Line: start.line, Col: start.col}, nil
			}
		}
		return n, nil
	}
	// More code follows: arithmetic on numbers is evaluated, anything else
	// is kept as text.
	if err := p.skipExpr(depth); err != nil {
		return nil, err
	}
	text := p.textBetween(start, p.pos)
	if n.Kind == Number || n.Kind == Expr {
		if v, ok := evalArith(p.toks[from:p.pos]); ok {
			return &Node{Kind: Number, Num: v, Text: text, Line: start.line, Col: start.col}, nil
		}
	}
	return &Node{Kind: Expr, Text: text, Line: start.line, Col: start.col}, nil
}

func (p *parser) endsValue(i int) bool {
	if i >= len(p.toks) {
		return true
	}
	t := p.toks[i]
	return t.kind == tEOF || (t.kind == tPunct && (t.text == "," || t.text == "}" || t.text == "]" || t.text == ")" || t.text == ";"))
}

// skipExpr skips tokens up to the next `,` `}` `]` `)` `;` at depth 0.
func (p *parser) skipExpr(depth int) error {
	level := 0
	for {
		t := p.peek()
		if t.kind == tEOF {
			return nil
		}
		if t.kind == tPunct {
			switch t.text {
			case "{", "[", "(":
				level++
				if depth+level > maxDepth {
					return p.errAt(t, "nesting deeper than %d levels", maxDepth)
				}
			case "}", "]", ")":
				if level == 0 {
					return nil
				}
				level--
			case ",", ";":
				if level == 0 {
					return nil
				}
			}
		}
		p.next()
	}
}

func (p *parser) textBetween(start token, end int) string {
	if end <= 0 || end > len(p.toks) {
		return ""
	}
	last := p.toks[end-1]
	return strings.TrimSpace(string(p.src()[start.off : last.off+len(last.raw)]))
}

func (p *parser) src() []byte { return p.toks[len(p.toks)-1].src }

func (p *parser) primary(depth int) (*Node, error) {
	t := p.next()
	n := &Node{Line: t.line, Col: t.col}
	switch t.kind {
	case tEOF:
		return nil, p.errAt(t, "unexpected end of input")
	case tString:
		n.Kind, n.Str = String, t.text
	case tTemplate:
		if strings.Contains(t.raw, "${") {
			n.Kind, n.Text = Expr, t.raw
		} else {
			n.Kind, n.Str = String, t.text
		}
	case tNumber:
		v, ok := parseNumber(t.text)
		if !ok {
			n.Kind, n.Text = Expr, t.text
		} else {
			n.Kind, n.Num, n.Text = Number, v, t.text
		}
	case tRegex:
		n.Kind, n.Text = Expr, t.raw
	case tIdent:
		switch t.text {
		case "true", "false":
			n.Kind, n.Bool = Bool, t.text == "true"
		case "null", "undefined":
			n.Kind = Null
		default:
			n.Kind, n.Text = Expr, t.text
		}
	case tPunct:
		switch t.text {
		case "{":
			return p.object(n, depth+1)
		case "[":
			return p.array(n, depth+1)
		case "-", "+":
			if nt := p.peek(); nt.kind == tNumber {
				p.next()
				if v, ok := parseNumber(nt.text); ok {
					if t.text == "-" {
						v = -v
					}
					n.Kind, n.Num, n.Text = Number, v, t.text+nt.text
					return n, nil
				}
			}
			n.Kind, n.Text = Expr, t.text
		case "(", "!", "~":
			// Code: keep the whole expression as text.
			p.pos--
			start := p.peek()
			if t.text == "(" {
				p.next()
				level := 1
				for level > 0 {
					x := p.next()
					if x.kind == tEOF {
						return nil, p.errAt(x, "unclosed (")
					}
					if x.kind == tPunct {
						switch x.text {
						case "(", "[", "{":
							level++
							if depth+level > maxDepth {
								return nil, p.errAt(x, "nesting deeper than %d levels", maxDepth)
							}
						case ")", "]", "}":
							level--
						}
					}
				}
			} else {
				p.next()
			}
			n.Kind, n.Text = Expr, p.textBetween(start, p.pos)
		default:
			return nil, p.errAt(t, "unexpected %s", t.describe())
		}
	default:
		return nil, p.errAt(t, "unexpected %s", t.describe())
	}
	return n, nil
}

func (p *parser) object(n *Node, depth int) (*Node, error) {
	if depth > maxDepth {
		return nil, p.errAt(p.peek(), "nesting deeper than %d levels", maxDepth)
	}
	n.Kind = Object
	for {
		t := p.peek()
		if t.kind == tPunct && t.text == "}" {
			p.next()
			return n, nil
		}
		if t.kind == tEOF {
			return nil, p.errAt(t, "unclosed object (opened at line %d)", n.Line)
		}
		key := p.next()
		var name string
		skip := false
		switch {
		case key.kind == tString || key.kind == tIdent || key.kind == tNumber:
			name = key.text
		case key.kind == tTemplate && !strings.Contains(key.raw, "${"):
			name = key.text
		case key.kind == tPunct && key.text == "...":
			// Spread: values bgkit cannot see.
			if err := p.skipExpr(depth); err != nil {
				return nil, err
			}
			skip = true
		case key.kind == tPunct && key.text == "[":
			// Computed key.
			p.pos--
			if err := p.skipBalanced(depth); err != nil {
				return nil, err
			}
			if err := p.skipExpr(depth); err != nil {
				return nil, err
			}
			skip = true
		default:
			return nil, p.errAt(key, "expected a key, found %s", key.describe())
		}
		if !skip {
			// `get x() {}`, `async x() {}`: accessors and methods are code.
			if key.kind == tIdent && (key.text == "get" || key.text == "set" || key.text == "async") && p.peek().kind == tIdent {
				key = p.next()
				name = key.text
			}
			sep := p.peek()
			switch {
			case sep.kind == tPunct && sep.text == ":":
				p.next()
				v, err := p.value(depth)
				if err != nil {
					return nil, err
				}
				n.Members = append(n.Members, Member{Key: name, Line: key.line, Col: key.col, Value: v})
			case sep.kind == tPunct && sep.text == "(":
				// Method: skip parameters and body.
				if err := p.skipExpr(depth); err != nil {
					return nil, err
				}
				n.Members = append(n.Members, Member{Key: name, Line: key.line, Col: key.col, Value: &Node{Kind: Expr, Text: "function", Line: key.line, Col: key.col}})
			case sep.kind == tPunct && (sep.text == "," || sep.text == "}"):
				// Shorthand property: its value is a variable.
				n.Members = append(n.Members, Member{Key: name, Line: key.line, Col: key.col, Value: &Node{Kind: Expr, Text: name, Line: key.line, Col: key.col}})
			default:
				return nil, p.errAt(sep, "expected : after key %q, found %s", name, sep.describe())
			}
		}
		t = p.peek()
		switch {
		case t.kind == tEOF:
			return nil, p.errAt(t, "unclosed object (opened at line %d)", n.Line)
		case t.kind == tPunct && t.text == ",":
			p.next()
		case t.kind == tPunct && t.text == "}":
		default:
			return nil, p.errAt(t, "expected , or } in object, found %s", t.describe())
		}
	}
}

func (p *parser) skipBalanced(depth int) error {
	level := 0
	for {
		t := p.next()
		if t.kind == tEOF {
			return p.errAt(t, "unexpected end of input")
		}
		if t.kind != tPunct {
			continue
		}
		switch t.text {
		case "(", "[", "{":
			level++
			if depth+level > maxDepth {
				return p.errAt(t, "nesting deeper than %d levels", maxDepth)
			}
		case ")", "]", "}":
			level--
			if level <= 0 {
				return nil
			}
		}
	}
}

func (p *parser) array(n *Node, depth int) (*Node, error) {
	if depth > maxDepth {
		return nil, p.errAt(p.peek(), "nesting deeper than %d levels", maxDepth)
	}
	n.Kind = Array
	for {
		t := p.peek()
		if t.kind == tPunct && t.text == "]" {
			p.next()
			return n, nil
		}
		if t.kind == tEOF {
			return nil, p.errAt(t, "unclosed array (opened at line %d)", n.Line)
		}
		if t.kind == tPunct && t.text == "," { // hole
			p.next()
			continue
		}
		if t.kind == tPunct && t.text == "..." {
			p.next()
			if err := p.skipExpr(depth); err != nil {
				return nil, err
			}
		} else {
			v, err := p.value(depth)
			if err != nil {
				return nil, err
			}
			n.Elems = append(n.Elems, v)
		}
		t = p.peek()
		switch {
		case t.kind == tEOF:
			return nil, p.errAt(t, "unclosed array (opened at line %d)", n.Line)
		case t.kind == tPunct && t.text == ",":
			p.next()
		case t.kind == tPunct && t.text == "]":
		default:
			return nil, p.errAt(t, "expected , or ] in array, found %s", t.describe())
		}
	}
}

func parseNumber(s string) (float64, bool) {
	s = strings.ReplaceAll(s, "_", "")
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X' || s[1] == 'o' || s[1] == 'O' || s[1] == 'b' || s[1] == 'B') {
		v, err := strconv.ParseInt(s, 0, 64)
		return float64(v), err == nil
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

// evalArith evaluates number tokens joined by + - * / and parentheses, as in
// `60 * 15`.
func evalArith(toks []token) (float64, bool) {
	e := &arith{toks: toks}
	v, ok := e.sum()
	return v, ok && e.pos == len(toks)
}

type arith struct {
	toks []token
	pos  int
	deep int
}

func (e *arith) sum() (float64, bool) {
	v, ok := e.product()
	for ok && e.pos < len(e.toks) && e.toks[e.pos].kind == tPunct && (e.toks[e.pos].text == "+" || e.toks[e.pos].text == "-") {
		op := e.toks[e.pos].text
		e.pos++
		w, ok2 := e.product()
		if !ok2 {
			return 0, false
		}
		if op == "+" {
			v += w
		} else {
			v -= w
		}
	}
	return v, ok
}

func (e *arith) product() (float64, bool) {
	v, ok := e.unary()
	for ok && e.pos < len(e.toks) && e.toks[e.pos].kind == tPunct && (e.toks[e.pos].text == "*" || e.toks[e.pos].text == "/") {
		op := e.toks[e.pos].text
		e.pos++
		w, ok2 := e.unary()
		if !ok2 || (op == "/" && w == 0) {
			return 0, false
		}
		if op == "*" {
			v *= w
		} else {
			v /= w
		}
	}
	return v, ok
}

func (e *arith) unary() (float64, bool) {
	if e.pos >= len(e.toks) {
		return 0, false
	}
	t := e.toks[e.pos]
	switch {
	case t.kind == tNumber:
		e.pos++
		return parseNumber(t.text)
	case t.kind == tPunct && t.text == "-":
		e.pos++
		v, ok := e.unary()
		return -v, ok
	case t.kind == tPunct && t.text == "(":
		e.deep++
		if e.deep > maxDepth {
			return 0, false
		}
		e.pos++
		v, ok := e.sum()
		if !ok || e.pos >= len(e.toks) || e.toks[e.pos].text != ")" {
			return 0, false
		}
		e.pos++
		e.deep--
		return v, true
	}
	return 0, false
}
