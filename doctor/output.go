package doctor

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/bgkit/bgkit/internal/fsutil"
)

// Output is one rendering of the report: a format and where it goes ("-"
// for standard output).
type Output struct{ Format, Path string }

// TextToStdout is the text report on standard output.
var TextToStdout = Output{"text", "-"}

// ParseOutputs reads the --output FORMAT=PATH values. Standard output gets
// format's rendering unless outputs were given without --format
// (formatSet). suggest says which known format a misspelt one may be ("" or
// " (did you mean X?)"). Every error is a mistake in the values given.
func ParseOutputs(values []string, format string, formatSet bool, suggest func(string, []string) string) ([]Output, error) {
	var outs []Output
	if len(values) == 0 || formatSet {
		outs = append(outs, Output{format, "-"})
	}
	for _, v := range values {
		f, p, ok := strings.Cut(v, "=")
		if !ok || p == "" {
			return nil, fmt.Errorf("--output %s: want FORMAT=PATH, for example --output sarif=bgkit.sarif (- is standard output)", v)
		}
		if _, ok := LookupFormat(f); !ok {
			return nil, fmt.Errorf("--output %s: unknown format %q: want %s%s", v, f, strings.Join(FormatNames(), ", "), suggest(f, FormatNames()))
		}
		outs = append(outs, Output{f, p})
	}
	seen := map[string]bool{}
	for _, o := range outs {
		key := o.Path
		if key != "-" {
			key = filepath.Clean(key)
		}
		if seen[key] {
			if o.Path == "-" {
				return nil, fmt.Errorf("two outputs to standard output: give the others a file (--output FORMAT=PATH)")
			}
			return nil, fmt.Errorf("--output: %s is given twice", o.Path)
		}
		seen[key] = true
	}
	return outs, nil
}

// WriteOutputs renders one report in each output's format: to stdout (in
// colour when color is set and the format is text), or to its file,
// named from dir (see fsutil.WriteOutput: atomically for a regular file,
// as it is for a device or a pipe). A file that cannot be written does not
// stop the others; the first error is returned.
func WriteOutputs(outs []Output, rep *Report, ro RenderOptions, stdout io.Writer, color bool, dir fsutil.Dir) error {
	var first error
	for _, o := range outs {
		var err error
		ro := ro
		if o.Path == "-" {
			ro.Color = color && o.Format == "text"
			err = Write(stdout, o.Format, rep, ro)
		} else {
			var buf bytes.Buffer
			if err = Write(&buf, o.Format, rep, ro); err == nil {
				if werr := fsutil.WriteOutput(dir.Path(o.Path), buf.Bytes()); werr != nil {
					err = fmt.Errorf("cannot write --output %s=%s: %v", o.Format, o.Path, fsutil.UnwrapPath(werr))
				}
			}
		}
		if err != nil && first == nil {
			first = err
		}
	}
	return first
}

// ParsePlatform reads --platform: "" for both, ios or android (any case).
func ParsePlatform(s string) (Platform, error) {
	switch strings.ToLower(s) {
	case "":
		return "", nil
	case "ios":
		return IOS, nil
	case "android":
		return Android, nil
	}
	return "", fmt.Errorf("--platform %s: want ios or android", s)
}

// RulesFor lists the catalog's rules that check platform ("" for all).
func (r *Registry) RulesFor(platform Platform) []*Rule {
	var rules []*Rule
	for _, rule := range r.Rules() {
		if platform == "" || rule.Platform == platform || rule.Platform == Both {
			rules = append(rules, rule)
		}
	}
	return rules
}
