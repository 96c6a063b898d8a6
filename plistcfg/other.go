package plistcfg

import (
	"fmt"
	"strconv"
	"strings"

	"howett.net/plist"
)

// howettError turns a howett.net/plist error into a ParseError. Its text
// parser reports positions as "... at line L character C", both 0-based.
func howettError(name string, err error) *ParseError {
	msg := strings.TrimPrefix(err.Error(), "plist: ")
	pe := &ParseError{File: name}
	if i := strings.LastIndex(msg, " at line "); i >= 0 {
		lineText, colText, _ := strings.Cut(msg[i+len(" at line "):], " character ")
		line, err1 := strconv.Atoi(lineText)
		col, err2 := strconv.Atoi(colText)
		if err1 == nil && err2 == nil {
			pe.Line, pe.Col = line+1, col+1
			msg = msg[:i]
		}
	}
	pe.Msg = "not a valid property list: " + msg
	return pe
}

// XMLText renders a property list of any format as Xcode-style XML text,
// so a change to a binary file can be shown as a readable diff.
func XMLText(name string, data []byte) ([]byte, error) {
	if err := checkBinaryGraph(name, data); err != nil {
		return nil, err
	}
	var v any
	if _, err := plist.Unmarshal(data, &v); err != nil {
		return nil, howettError(name, err)
	}
	out, err := plist.MarshalIndent(v, plist.XMLFormat, "\t")
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return append(out, '\n'), nil
}
