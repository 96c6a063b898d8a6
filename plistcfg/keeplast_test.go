package plistcfg

import "testing"

func TestParseKeepLast(t *testing.T) {
	data := []byte(`<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
	<key>UIBackgroundModes</key>
	<array>
		<string>fetch</string>
	</array>
	<key>CFBundleName</key>
	<string>Demo</string>
	<key>UIBackgroundModes</key>
	<array>
		<string>processing</string>
	</array>
</dict>
</plist>
`)
	if _, err := Parse("Info.plist", data); err == nil {
		t.Fatal("Parse accepted a duplicate key")
	}
	d, dups, err := ParseKeepLast("Info.plist", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(dups) != 1 || dups[0] != (DuplicateKey{Key: "UIBackgroundModes", First: 4, Second: 10}) {
		t.Fatalf("dups = %+v", dups)
	}
	modes, err := d.StringValues("UIBackgroundModes")
	if err != nil || len(modes) != 1 || modes[0] != "processing" {
		t.Fatalf("modes = %v, %v; want the later value [processing]", modes, err)
	}
	if keys := d.Keys(); len(keys) != 2 {
		t.Fatalf("keys = %v", keys)
	}
}

// FuzzParseKeepLast: on any input ParseKeepLast agrees with Parse when
// there is no duplicate, and otherwise keeps one entry per key.
func FuzzParseKeepLast(f *testing.F) {
	f.Add([]byte("<plist><dict><key>a</key><string>1</string><key>a</key><string>2</string></dict></plist>"))
	f.Add([]byte("<plist><dict><key>a</key><true/></dict></plist>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, dups, err := ParseKeepLast("Info.plist", data)
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, k := range d.Keys() {
			if seen[k] {
				t.Fatalf("key %q kept twice", k)
			}
			seen[k] = true
		}
		if len(dups) == 0 {
			if _, err := Parse("Info.plist", data); err != nil {
				t.Fatalf("ParseKeepLast accepted what Parse refuses without a duplicate: %v", err)
			}
		}
	})
}
