package manifest

import (
	"errors"

	"github.com/bgkit/bgkit/internal/xmltok"
)

func isPermElement(n *node) bool {
	return n.kind == kindElement && (n.is("uses-permission") || n.is("uses-permission-sdk-23"))
}

// componentKinds are the <application> children Parse reports.
var componentKinds = map[string]bool{"activity": true, "receiver": true, "service": true, "provider": true}

// load parses data and returns the document with its manifest model.
func load(name string, data []byte) (*document, *Manifest, error) {
	doc, err := loadDocument(name, data)
	if err != nil {
		return nil, nil, err
	}
	return doc, buildModel(doc), nil
}

// loadDocument parses data, turning syntax errors into *ParseError.
func loadDocument(name string, data []byte) (*document, error) {
	doc, err := parseDocument(name, data)
	if err != nil {
		var se *xmltok.SyntaxError
		if errors.As(err, &se) {
			line, col := doc.lines.LineCol(se.Off)
			return nil, &ParseError{File: name, Line: line, Col: col, Msg: se.Msg}
		}
		return nil, err
	}
	return doc, nil
}

func attrValue(n *node, uri, local string) string {
	if a := n.attrNS(uri, local); a != nil {
		return a.Value
	}
	return ""
}

func buildModel(doc *document) *Manifest {
	m := &Manifest{}
	root := doc.root
	m.Package = attrValue(root, "", "package")
	for _, c := range root.children {
		if c.kind != kindElement {
			continue
		}
		switch {
		case isPermElement(c):
			p := Permission{
				Name:      attrValue(c, nsAndroid, "name"),
				Tag:       c.local,
				MinSDK:    attrValue(c, nsAndroid, "minSdkVersion"),
				MaxSDK:    attrValue(c, nsAndroid, "maxSdkVersion"),
				ToolsNode: attrValue(c, nsTools, "node"),
			}
			p.Line, p.Col = doc.lines.LineCol(c.start)
			p.Removed = p.ToolsNode == "remove"
			if p.Name != "" {
				m.Permissions = append(m.Permissions, p)
			}
		case c.is("uses-sdk"):
			m.MinSDK = attrValue(c, nsAndroid, "minSdkVersion")
			m.TargetSDK = attrValue(c, nsAndroid, "targetSdkVersion")
		case c.is("application"):
			m.HasApp = true
			for _, e := range c.children {
				if e.kind != kindElement || e.uri != "" || !componentKinds[e.local] {
					continue
				}
				comp := Component{
					Kind:                  e.local,
					Name:                  attrValue(e, nsAndroid, "name"),
					Line:                  doc.line(e.start),
					ForegroundServiceType: attrValue(e, nsAndroid, "foregroundServiceType"),
					Permission:            attrValue(e, nsAndroid, "permission"),
					ToolsNode:             attrValue(e, nsTools, "node"),
				}
				if a := e.attrNS(nsAndroid, "exported"); a != nil {
					switch a.Value {
					case "true":
						t := true
						comp.Exported = &t
					case "false":
						f := false
						comp.Exported = &f
					}
				}
				for _, f := range e.children {
					if !f.is("intent-filter") {
						continue
					}
					for _, act := range f.children {
						if act.is("action") {
							if name := attrValue(act, nsAndroid, "name"); name != "" {
								comp.Actions = append(comp.Actions, name)
							}
						}
					}
				}
				m.Components = append(m.Components, comp)
			}
		}
	}
	return m
}

// Requested returns the permission requests (not removals) with the name.
func (m *Manifest) Requested(name string) []Permission {
	var out []Permission
	for _, p := range m.Permissions {
		if p.Name == name && !p.Removed {
			out = append(out, p)
		}
	}
	return out
}

// RemovedEntries returns the tools:node="remove" entries with the name.
func (m *Manifest) RemovedEntries(name string) []Permission {
	var out []Permission
	for _, p := range m.Permissions {
		if p.Name == name && p.Removed {
			out = append(out, p)
		}
	}
	return out
}

// bootActions are the broadcasts that start an app after a reboot.
var bootActions = map[string]bool{
	"android.intent.action.BOOT_COMPLETED":        true,
	"android.intent.action.LOCKED_BOOT_COMPLETED": true,
	"android.intent.action.QUICKBOOT_POWERON":     true,
	"com.htc.intent.action.QUICKBOOT_POWERON":     true,
}

// BootReceivers returns the receivers listening for a boot broadcast.
func (m *Manifest) BootReceivers() []Component {
	var out []Component
	for _, c := range m.Components {
		if c.Kind != "receiver" {
			continue
		}
		for _, a := range c.Actions {
			if bootActions[a] {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// Services returns the <service> components.
func (m *Manifest) Services() []Component {
	var out []Component
	for _, c := range m.Components {
		if c.Kind == "service" {
			out = append(out, c)
		}
	}
	return out
}
