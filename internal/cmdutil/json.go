package cmdutil

import "encoding/json"

// WriteJSON prints v to stdout as indented JSON: the --json output of
// bgkit's commands.
func WriteJSON(f *Factory, v any) error {
	enc := json.NewEncoder(f.IO.Out)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
