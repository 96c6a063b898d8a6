package project

import "testing"

func TestPlatforms(t *testing.T) {
	tests := []struct {
		p            Project
		ios, android bool
	}{
		{Project{}, true, true}, // no known project: either
		{Project{Frameworks: []string{Flutter}}, true, true},
		{Project{Frameworks: []string{NativeIOS}}, true, false},
		{Project{InfoPlist: "App/Info.plist"}, true, false},
		{Project{Frameworks: []string{NativeAndroid}}, false, true},
		{Project{AndroidGradle: "app/build.gradle"}, false, true},
		{Project{InfoPlist: "App/Info.plist", AndroidManifest: "app/src/main/AndroidManifest.xml"}, true, true},
	}
	for _, tt := range tests {
		ios, android := tt.p.Platforms()
		if ios != tt.ios || android != tt.android {
			t.Errorf("%+v: ios %v android %v, want %v %v", tt.p, ios, android, tt.ios, tt.android)
		}
	}
}
