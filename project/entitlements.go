package project

import (
	"path/filepath"
	"strings"
)

// EntitlementsTarget says where an entitlements fix takes effect: the app
// target whose Info.plist the doctor checks, its build configurations, and
// the project file that holds them.
type EntitlementsTarget struct {
	Pbxproj        string   // relative to the root, e.g. ios/App/App.xcodeproj/project.pbxproj
	Target         string   // the app target's name
	Configurations []string // its build configurations, in the project's order ("Debug", "Release")
	// ProjectDir is the folder Xcode resolves CODE_SIGN_ENTITLEMENTS
	// against (the one holding the .xcodeproj), relative to the root.
	ProjectDir string
}

// AppEntitlementsTarget finds the app target whose INFOPLIST_FILE is
// infoPlist (the one named target, when several share it); ok is false when
// no Xcode project names it.
func AppEntitlementsTarget(root, infoPlist, target string) (EntitlementsTarget, bool) {
	pbx, targets, err := XcodeTargets(root)
	if err != nil {
		return EntitlementsTarget{}, false
	}
	for _, t := range targets {
		if t.InfoPlist == infoPlist && (target == "" || t.Name == target) {
			return EntitlementsTarget{Pbxproj: pbx, Target: t.Name, Configurations: t.Configurations, ProjectDir: filepath.Dir(filepath.Dir(pbx))}, true
		}
	}
	return EntitlementsTarget{}, false
}

// EntitlementsPath is how CODE_SIGN_ENTITLEMENTS names a file: relative to
// the folder holding the .xcodeproj.
func (et EntitlementsTarget) EntitlementsPath(rel string) string {
	p, err := filepath.Rel(et.ProjectDir, rel)
	if err != nil || strings.HasPrefix(p, "..") {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(p)
}
