package ios

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestBuildPayload(t *testing.T) {
	tests := []struct {
		name    string
		opts    PayloadOptions
		want    string
		wantErr string
		inData  bool
	}{
		{name: "silent by default", want: `{"aps":{"content-available":1}}`},
		{name: "custom string keys", opts: PayloadOptions{Data: []string{"sync=inbox", "reason=a b=c"}},
			want: `{"aps":{"content-available":1},"reason":"a b=c","sync":"inbox"}`},
		{name: "custom JSON values", opts: PayloadOptions{Data: []string{"count:=3", "flags:={\"x\":true}", "ids:=[1,2]"}},
			want: `{"aps":{"content-available":1},"count":3,"flags":{"x":true},"ids":[1,2]}`},
		{name: "html stays readable", opts: PayloadOptions{Data: []string{"q=<a&b>"}},
			want: `{"aps":{"content-available":1},"q":"<a&b>"}`},
		{name: "visible with alert", opts: PayloadOptions{Alert: "Sync finished"},
			want: `{"aps":{"alert":"Sync finished","content-available":1}}`},
		{name: "file", opts: PayloadOptions{Base: []byte(`{"aps":{"content-available":1},"n":12345678901234567890}`), BaseName: "p.json"},
			want: `{"aps":{"content-available":1},"n":12345678901234567890}`},
		{name: "data overrides file", opts: PayloadOptions{Base: []byte(`{"aps":{"content-available":1},"k":"old"}`), Data: []string{"k=new"}},
			want: `{"aps":{"content-available":1},"k":"new"}`},
		{name: "file saved with a byte order mark", opts: PayloadOptions{Base: []byte("\xef\xbb\xbf{\"aps\":{\"content-available\":1}}"), BaseName: "p.json"},
			want: `{"aps":{"content-available":1}}`},
		{name: "file alert made visible", opts: PayloadOptions{Base: []byte(`{"aps":{"content-available":1,"alert":"x","sound":"default"}}`), Alert: "y"},
			want: `{"aps":{"alert":"y","content-available":1,"sound":"default"}}`},

		{name: "aps as custom key", opts: PayloadOptions{Data: []string{"aps=1"}}, wantErr: `"aps" is Apple's dictionary`, inData: true},
		{name: "aps as JSON key", opts: PayloadOptions{Data: []string{"aps:={}"}}, wantErr: `"aps" is Apple's dictionary`},
		{name: "no equals", opts: PayloadOptions{Data: []string{"sync"}}, wantErr: "not KEY=VALUE"},
		{name: "empty key", opts: PayloadOptions{Data: []string{"=x"}}, wantErr: "empty key"},
		{name: "duplicate key", opts: PayloadOptions{Data: []string{"a=1", "a=2"}}, wantErr: "given twice"},
		{name: "bad JSON value", opts: PayloadOptions{Data: []string{"n:=nope"}}, wantErr: "n:= needs a JSON value"},
		{name: "two JSON values", opts: PayloadOptions{Data: []string{"n:=1 2"}}, wantErr: "more than one JSON value"},
		{name: "file not JSON", opts: PayloadOptions{Base: []byte(`{aps}`), BaseName: "p.json"}, wantErr: "p.json: not valid JSON"},
		{name: "file not an object", opts: PayloadOptions{Base: []byte(`[1]`), BaseName: "p.json"}, wantErr: "p.json: the payload must be a JSON object"},
		{name: "file without aps", opts: PayloadOptions{Base: []byte(`{"x":1}`), BaseName: "p.json"}, wantErr: `p.json: has no "aps" key`},
		{name: "file alert without --alert", opts: PayloadOptions{Base: []byte(`{"aps":{"content-available":1,"alert":"hi","badge":3}}`), BaseName: "p.json"},
			wantErr: `"aps" has "alert", "badge", which makes it a visible notification`},
		{name: "file without content-available", opts: PayloadOptions{Base: []byte(`{"aps":{}}`), BaseName: "p.json"}, wantErr: `add "content-available": 1`},
		{name: "too big", opts: PayloadOptions{Data: []string{"blob=" + strings.Repeat("x", 4096)}}, wantErr: "at most 4096"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := BuildPayload(tt.opts)
			if tt.wantErr != "" {
				var pe *PayloadError
				if !errors.As(err, &pe) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want PayloadError with %q", err, tt.wantErr)
				}
				if tt.inData && (!pe.InData || pe.Source != "") {
					t.Fatalf("err = %#v, want one in Data, without a source", pe)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Fatalf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestValidatePayload(t *testing.T) {
	tests := []struct {
		payload string
		visible bool
		wantErr string
	}{
		{`{"aps":{"content-available":1}}`, false, ""},
		{`{"aps":{"content-available":1},"Simulator Target Bundle":"com.example.app"}`, false, ""},
		{`{"aps":{"content-available":1,"alert":{"title":"t"}}}`, true, ""},
		{`{"aps":{"content-available":0}}`, false, `"content-available" is 0`},
		{`{"aps":{"content-available":1.0}}`, false, `"content-available" is 1.0`},
		{`{"aps":{"content-available":"1"}}`, false, "not a string"},
		{`{"aps":{"content-available":true}}`, false, "not a boolean"},
		{`{"aps":[]}`, false, `"aps" must be an object`},
		{`{"aps":{"content-available":1,"sound":"default"}}`, false, `"sound"`},
		{`"aps"`, false, "must be a JSON object"},
		{``, false, "not valid JSON"},
		{`{"aps":{"content-available":1}} {}`, false, "more than one JSON value"},
		{`{"aps":{"content-available":1},"pad":"` + strings.Repeat("p", 4056) + `"}`, false, ""}, // 4096 bytes
		{`{"aps":{"content-available":1},"pad":"` + strings.Repeat("p", 4057) + `"}`, false, "is 4097 bytes"},
	}
	for _, tt := range tests {
		err := ValidatePayload([]byte(tt.payload), tt.visible)
		if tt.wantErr == "" {
			if err != nil {
				t.Errorf("ValidatePayload(%.60s) = %v", tt.payload, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("ValidatePayload(%.60s) = %v, want %q", tt.payload, err, tt.wantErr)
		}
	}
}

func FuzzBuildPayload(f *testing.F) {
	f.Add([]byte(`{"aps":{"content-available":1}}`), "k=v", "")
	f.Add([]byte(nil), "k:=[1,{}]", "hi")
	f.Fuzz(func(t *testing.T, base []byte, data, alert string) {
		o := PayloadOptions{Base: base, Data: []string{data}, Alert: alert}
		p, err := BuildPayload(o)
		if err != nil {
			return
		}
		if len(p) > MaxPayloadBytes {
			t.Fatalf("BuildPayload returned %d bytes", len(p))
		}
		if err := ValidatePayload(p, alert != ""); err != nil {
			t.Fatalf("BuildPayload returned a payload ValidatePayload rejects: %v", err)
		}
	})
}

// simctl counts the bytes it reads on standard input, so a payload of
// exactly the limit must reach it as exactly the limit.
func TestPushCmdSendsAtMostTheLimit(t *testing.T) {
	empty, err := BuildPayload(PayloadOptions{Data: []string{"k="}})
	if err != nil {
		t.Fatal(err)
	}
	fill := strings.Repeat("x", MaxPayloadBytes-len(empty))
	p, err := BuildPayload(PayloadOptions{Data: []string{"k=" + fill}})
	if err != nil {
		t.Fatalf("a payload of exactly %d bytes was refused: %v", MaxPayloadBytes, err)
	}
	if len(p) != MaxPayloadBytes {
		t.Fatalf("built %d bytes, want %d", len(p), MaxPayloadBytes)
	}
	c := PushCmd("U", "com.example.app", p)
	if !bytes.Equal(c.Stdin, p) {
		t.Fatalf("simctl would read %d bytes, not the %d-byte payload (ends %q)", len(c.Stdin), len(p), c.Stdin[len(c.Stdin)-3:])
	}
	if _, err := BuildPayload(PayloadOptions{Data: []string{"k=" + fill + "x"}}); err == nil {
		t.Fatalf("a payload of %d bytes was accepted", MaxPayloadBytes+1)
	}
}
