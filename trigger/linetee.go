package trigger

import (
	"bytes"
	"io"
	"sync"

	"github.com/bgkit/bgkit/internal/safetext"
)

// maxLine bounds what LineTee keeps of a line that does not end: longer
// ones are handed over in parts.
const maxLine = 64 * 1024

// LineTee passes a device's log through to W and hands each whole line to
// Line, for a watcher that notes what the log says. A device log is not
// trusted: its escape sequences are shown, not sent. Write, and the
// functions given to Locked and Flushed, run under one lock, so what Line
// noted is read safely while the log still streams.
type LineTee struct {
	w       *safetext.Writer // nil: the log is only read
	line    func(string)
	mu      sync.Mutex
	partial []byte
}

// NewLineTee returns a LineTee writing to w (nil: nowhere) and handing
// each line, without its "\n", to line.
func NewLineTee(w io.Writer, line func(string)) *LineTee {
	t := &LineTee{line: line}
	if w != nil {
		t.w = &safetext.Writer{W: w}
	}
	return t
}

func (t *LineTee) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.partial = append(t.partial, p...)
	for {
		i := bytes.IndexByte(t.partial, '\n')
		if i < 0 {
			break
		}
		t.line(string(t.partial[:i]))
		t.partial = t.partial[i+1:]
	}
	if len(t.partial) > maxLine {
		t.line(string(t.partial))
		t.partial = t.partial[:0]
	}
	// Under the lock: the stream's copier may still be writing when the
	// caller prints its verdict to the same writer.
	if t.w != nil {
		if _, err := t.w.Write(p); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// Locked runs f under the lock Line runs under.
func (t *LineTee) Locked(f func()) {
	t.mu.Lock()
	defer t.mu.Unlock()
	f()
}

// Flushed hands a last line without "\n" to Line, then runs f, under the
// lock: for a verdict once the stream has ended.
func (t *LineTee) Flushed(f func()) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.partial) > 0 {
		t.line(string(t.partial))
		t.partial = nil
	}
	f()
}
