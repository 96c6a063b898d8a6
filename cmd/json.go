package cmd

import "encoding/json"

// writeJSON prints v to stdout as indented JSON: the --json output of
// bgkit's commands.
func writeJSON(f *Factory, v any) error {
	enc := json.NewEncoder(f.IO.Out)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
