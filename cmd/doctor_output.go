package cmd

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/bgkit/bgkit/doctor"
	"github.com/bgkit/bgkit/internal/fsutil"
)

// reportOutput is one rendering of the report: a format and where it goes.
type reportOutput struct{ format, path string }

// parseOutputs reads the --output FORMAT=PATH values. Standard output gets
// --format's rendering unless --output was given without --format.
func parseOutputs(values []string, format string, formatSet bool) ([]reportOutput, error) {
	var outs []reportOutput
	if len(values) == 0 || formatSet {
		outs = append(outs, reportOutput{format, "-"})
	}
	for _, v := range values {
		f, p, ok := strings.Cut(v, "=")
		if !ok || p == "" {
			return nil, usageErrorf("--output %s: want FORMAT=PATH, for example --output sarif=bgkit.sarif (- is standard output)", v)
		}
		if !validFormat(f) {
			return nil, usageErrorf("--output %s: unknown format %q: want %s%s", v, f, strings.Join(doctor.FormatNames(), ", "), didYouMean(f, doctor.FormatNames()))
		}
		outs = append(outs, reportOutput{f, p})
	}
	seen := map[string]bool{}
	for _, o := range outs {
		key := o.path
		if key != "-" {
			key = filepath.Clean(key)
		}
		if seen[key] {
			if o.path == "-" {
				return nil, usageErrorf("two outputs to standard output: give the others a file (--output FORMAT=PATH)")
			}
			return nil, usageErrorf("--output: %s is given twice", o.path)
		}
		seen[key] = true
	}
	return outs, nil
}

// writeReportFile writes one rendering to a file (see fsutil.WriteOutput:
// atomically for a regular file, as it is for a device or a pipe). path is
// taken from -C DIR; messages name it as given.
func writeReportFile(f *Factory, path, format string, rep *doctor.Report, ro doctor.RenderOptions) error {
	var buf bytes.Buffer
	if err := doctor.Write(&buf, format, rep, ro); err != nil {
		return err
	}
	if err := fsutil.WriteOutput(f.path(path), buf.Bytes()); err != nil {
		return fmt.Errorf("cannot write --output %s=%s: %v", format, path, fsutil.UnwrapPath(err))
	}
	return nil
}

func validFormat(s string) bool {
	_, ok := doctor.LookupFormat(s)
	return ok
}
