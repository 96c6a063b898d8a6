package cmd

import (
	"bytes"
	"errors"
	"fmt"
	"os"
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

// writeReportFile writes one rendering to a file. A regular file (or a new
// one) gets a temporary file beside it, renamed over it, so a reader (or a
// failed run) never sees half a report; a symbolic link is followed, so the
// file it names is replaced, not the link. Anything else that already exists
// (a device such as /dev/null or /dev/stderr, a pipe from the shell's
// process substitution) is written to as it is: renaming over it would put a
// regular file in its place.
func writeReportFile(f *Factory, path, format string, rep *doctor.Report, ro doctor.RenderOptions) error {
	var buf bytes.Buffer
	if err := doctor.Write(&buf, format, rep, ro); err != nil {
		return err
	}
	fail := func(err error) error {
		return fmt.Errorf("cannot write --output %s=%s: %v", format, path, fsutil.UnwrapPath(err))
	}
	target := resolveLinks(f.path(path))
	if info, err := os.Stat(target); err == nil && !info.Mode().IsRegular() {
		if info.IsDir() {
			return fail(errors.New("is a folder"))
		}
		out, err := os.OpenFile(target, os.O_WRONLY, 0)
		if err != nil {
			return fail(err)
		}
		_, err = out.Write(buf.Bytes())
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fail(err)
		}
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".*")
	if err != nil {
		return fail(err)
	}
	_, err = tmp.Write(buf.Bytes())
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), target)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fail(err)
	}
	return nil
}

// resolveLinks follows symbolic links from path to what they name, even
// when that does not exist yet (a link to a report the first run creates).
func resolveLinks(path string) string {
	for range 40 {
		info, err := os.Lstat(path)
		if err != nil || info.Mode()&os.ModeSymlink == 0 {
			return path
		}
		dest, err := os.Readlink(path)
		if err != nil {
			return path
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(filepath.Dir(path), dest)
		}
		path = dest
	}
	return path
}

func validFormat(s string) bool {
	_, ok := doctor.LookupFormat(s)
	return ok
}
