// Package lazyre holds regular expressions that are compiled the first time
// they are used, so that declaring one at package level costs bgkit's
// start-up nothing: every command pays only for the expressions it runs.
//
//	var fooRE = lazyre.New(`^foo(\d+)$`)
//	...
//	m := fooRE.Get().FindStringSubmatch(s)
//
// New only records the expression; the compiler initialises such a variable
// statically, without running code when the program starts (a closure from
// sync.OnceValue would be allocated at start-up instead).
package lazyre

import (
	"regexp"
	"sync"
)

// A Regexp is a regular expression compiled on first use. It is safe for
// concurrent use.
type Regexp struct {
	expr string
	once sync.Once
	re   *regexp.Regexp
}

// New returns a Regexp for expr, which should be a string literal. Like
// regexp.MustCompile, the first Get panics if expr does not compile;
// TestLazyRegexpsCompile in the module's root compiles every literal given
// to New, so such a mistake fails the tests rather than a rare command.
func New(expr string) *Regexp {
	return &Regexp{expr: expr}
}

// Get returns the compiled expression, compiling it on the first call.
func (r *Regexp) Get() *regexp.Regexp {
	r.once.Do(func() { r.re = regexp.MustCompile(r.expr) })
	return r.re
}
