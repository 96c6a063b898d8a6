package ios

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// MaxPayloadBytes is the largest payload APNs and simctl push accept.
const MaxPayloadBytes = 4096

// PayloadOptions describe the notification to send.
type PayloadOptions struct {
	// Base is the content of a --payload file; nil starts from a silent
	// push, {"aps":{"content-available":1}}. BaseName names it in errors.
	Base     []byte
	BaseName string
	// Data adds top-level custom keys: KEY=VALUE sets a string,
	// KEY:=JSON any JSON value. They override keys of Base.
	Data []string
	// Alert, when set, makes the notification visible with this text.
	Alert string
}

// PayloadError is a payload bgkit will not send, and why.
type PayloadError struct {
	// InData says the fault is in one of PayloadOptions.Data's entries;
	// the caller knows what the user calls them. Else Source names the
	// payload: PayloadOptions.BaseName or "the payload".
	InData bool
	Source string
	Msg    string
}

func (e *PayloadError) Error() string {
	if e.Source == "" {
		return e.Msg
	}
	return e.Source + ": " + e.Msg
}

// BuildPayload assembles the APNs payload and validates it (see
// ValidatePayload). The result is compact JSON with sorted keys.
func BuildPayload(o PayloadOptions) ([]byte, error) {
	doc := map[string]any{"aps": map[string]any{"content-available": json.Number("1")}}
	src := "the payload"
	if o.Base != nil {
		src = o.BaseName
		if src == "" {
			src = "the payload file"
		}
		// Editors on Windows save JSON with a byte order mark.
		v, err := decodePayloadJSON(bytes.TrimPrefix(o.Base, []byte("\xef\xbb\xbf")))
		if err != nil {
			return nil, &PayloadError{Source: src, Msg: "not valid JSON: " + err.Error()}
		}
		obj, ok := v.(map[string]any)
		if !ok {
			return nil, &PayloadError{Source: src, Msg: "the payload must be a JSON object, such as {\"aps\":{\"content-available\":1}}"}
		}
		doc = obj
	}
	seen := map[string]bool{}
	for _, kv := range o.Data {
		key, val, err := parsePayloadData(kv)
		if err != nil {
			return nil, err
		}
		if seen[key] {
			return nil, &PayloadError{InData: true, Msg: fmt.Sprintf("key %q is given twice", key)}
		}
		seen[key] = true
		doc[key] = val
	}
	if o.Alert != "" {
		aps, ok := doc["aps"].(map[string]any)
		if !ok {
			return nil, &PayloadError{Source: src, Msg: `no "aps" object to put the alert in`}
		}
		aps["alert"] = o.Alert
	}
	out, err := encodePayload(doc)
	if err != nil {
		return nil, &PayloadError{Source: src, Msg: err.Error()}
	}
	if err := ValidatePayload(out, o.Alert != ""); err != nil {
		if pe, ok := err.(*PayloadError); ok && o.Base != nil {
			pe.Source = src
		}
		return nil, err
	}
	return out, nil
}

func parsePayloadData(kv string) (string, any, error) {
	key, val, ok := strings.Cut(kv, "=")
	if !ok {
		return "", nil, &PayloadError{InData: true, Msg: fmt.Sprintf("%q is not KEY=VALUE (or KEY:=JSON)", kv)}
	}
	isJSON := false
	if k, found := strings.CutSuffix(key, ":"); found {
		key, isJSON = k, true
	}
	switch {
	case key == "":
		return "", nil, &PayloadError{InData: true, Msg: fmt.Sprintf("%q has an empty key", kv)}
	case key == "aps":
		return "", nil, &PayloadError{InData: true, Msg: `"aps" is Apple's dictionary, not a custom key; use --payload FILE to write it yourself, or --alert TEXT for a visible notification`}
	}
	if !isJSON {
		return key, val, nil
	}
	v, err := decodePayloadJSON([]byte(val))
	if err != nil {
		return "", nil, &PayloadError{InData: true, Msg: fmt.Sprintf("%s:= needs a JSON value: %v (for a plain string use %s=VALUE)", key, err, key)}
	}
	return key, v, nil
}

// decodePayloadJSON decodes exactly one JSON value, keeping numbers as
// they were written.
func decodePayloadJSON(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	var extra any
	if err := dec.Decode(&extra); err == nil {
		return nil, fmt.Errorf("more than one JSON value")
	} else if !errors.Is(err, io.EOF) {
		return nil, err
	}
	return v, nil
}

func encodePayload(doc map[string]any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// ValidatePayload checks what simctl and APNs require of a payload that
// wakes the app: a JSON object of at most 4096 bytes whose "aps" object
// has "content-available": 1. A silent push (visible false) must not
// carry alert, sound or badge, which would make it a user-facing
// notification that iOS may deliver differently.
func ValidatePayload(p []byte, visible bool) error {
	fail := func(format string, args ...any) error {
		return &PayloadError{Source: "the payload", Msg: fmt.Sprintf(format, args...)}
	}
	v, err := decodePayloadJSON(p)
	if err != nil {
		return fail("not valid JSON: %v", err)
	}
	doc, ok := v.(map[string]any)
	if !ok {
		return fail("must be a JSON object")
	}
	rawAps, ok := doc["aps"]
	if !ok {
		return fail(`has no "aps" key; a background push needs {"aps":{"content-available":1}}`)
	}
	aps, ok := rawAps.(map[string]any)
	if !ok {
		return fail(`"aps" must be an object, such as {"content-available":1}`)
	}
	switch ca := aps["content-available"].(type) {
	case nil:
		return fail(`"aps" has no "content-available"; add "content-available": 1 so the push wakes the app in the background`)
	case json.Number:
		if ca.String() != "1" {
			return fail(`"content-available" is %s; it must be 1 to wake the app`, ca)
		}
	default:
		return fail(`"content-available" must be the number 1, not %s`, payloadJSONType(ca))
	}
	if !visible {
		var found []string
		for _, k := range []string{"alert", "sound", "badge"} {
			if _, ok := aps[k]; ok {
				found = append(found, `"`+k+`"`)
			}
		}
		if len(found) > 0 {
			return fail(`"aps" has %s, which makes it a visible notification, not a silent push; remove them, or pass --alert TEXT to send a visible one on purpose`, strings.Join(found, ", "))
		}
	}
	if len(p) > MaxPayloadBytes {
		return fail("is %d bytes; APNs and simctl accept at most %d", len(p), MaxPayloadBytes)
	}
	return nil
}

func payloadJSONType(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	}
	return fmt.Sprintf("%T", v)
}
