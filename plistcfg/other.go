package plistcfg

import (
	"regexp"
	"strconv"
	"strings"
)

// howettAt finds the position howett.net/plist's text parser reports
// (0-based line, 0-based character).
var howettAt = regexp.MustCompile(` at line (\d+) character (\d+)$`)

// howettError turns a howett.net/plist error into a ParseError.
func howettError(name string, err error) *ParseError {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "plist: ")
	pe := &ParseError{File: name}
	if m := howettAt.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		pe.Line, pe.Col = line+1, col+1
		msg = msg[:len(msg)-len(m[0])]
	}
	pe.Msg = "not a valid property list: " + msg
	return pe
}
