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
