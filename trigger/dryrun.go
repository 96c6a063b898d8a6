package trigger

import (
	"context"
	"strings"
)

// DryRunner is the Runner of --dry-run: it records every command instead
// of running it and answers each with a placeholder, so a trigger runs its
// real steps and the record is exactly what a real run would run. Answers
// for look-ups (a simulator list, a pid) are made to parse; Words then
// shows the made-up values as the placeholders a reader understands.
type DryRunner struct {
	// Answer returns what a command "printed"; nil answers every command
	// with empty output and exit status 0.
	Answer func(Cmd) Result
	// Words maps an argument that is exactly a made-up value to the word
	// the record shows instead (such as "PID").
	Words map[string]string
	Ran   []Cmd
}

// Run implements Runner.
func (r *DryRunner) Run(_ context.Context, c Cmd) (Result, error) {
	r.Ran = append(r.Ran, c)
	var res Result
	if r.Answer != nil {
		res = r.Answer(c)
	}
	return withShellExit(c, res), nil
}

// Script renders what ran, one command a line, as a POSIX shell would need
// it typed: a command's standard input follows as a here-document.
func (r *DryRunner) Script() string {
	var b strings.Builder
	for _, c := range r.Ran {
		if len(r.Words) > 0 {
			c.Args = append([]string(nil), c.Args...)
			for i, a := range c.Args {
				if w, ok := r.Words[a]; ok {
					c.Args[i] = w
				}
			}
		}
		b.WriteString(c.String())
		if c.Stdin != nil {
			in := string(c.Stdin)
			if !strings.HasSuffix(in, "\n") {
				in += "\n" // the here-document's own line end
			}
			b.WriteString(" <<'EOF'\n" + in + "EOF")
		}
		b.WriteByte('\n')
	}
	return b.String()
}
