package project

import (
	"os"
	"path/filepath"
	"strings"

	"howett.net/plist"
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
	var name string
	for _, t := range targets {
		if t.InfoPlist == infoPlist && (target == "" || t.Name == target) {
			name = t.Name
			break
		}
	}
	if name == "" {
		return EntitlementsTarget{}, false
	}
	et := EntitlementsTarget{Pbxproj: pbx, Target: name, ProjectDir: filepath.Dir(filepath.Dir(pbx))}
	data, err := os.ReadFile(filepath.Join(root, pbx))
	if err != nil {
		return et, true
	}
	var file map[string]any
	if _, err := plist.Unmarshal(data, &file); err != nil {
		return et, true
	}
	objects, _ := file["objects"].(map[string]any)
	for _, o := range objects {
		t, ok := o.(map[string]any)
		if !ok || t["isa"] != "PBXNativeTarget" || t["name"] != name {
			continue
		}
		listID, _ := t["buildConfigurationList"].(string)
		list, _ := objects[listID].(map[string]any)
		ids, _ := list["buildConfigurations"].([]any)
		for _, id := range ids {
			s, _ := id.(string)
			if c, ok := objects[s].(map[string]any); ok {
				if n, ok := c["name"].(string); ok {
					et.Configurations = append(et.Configurations, n)
				}
			}
		}
		break
	}
	return et, true
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
