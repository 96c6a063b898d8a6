package cmd

import (
	"testing"

	"github.com/bgkit/bgkit/internal/cmdutil"
	"github.com/bgkit/bgkit/internal/iostreams"
)

// BenchmarkNewRootCmd measures building the command tree, which every bgkit
// process does before it runs a command.
func BenchmarkNewRootCmd(b *testing.B) {
	io, _, _, _ := iostreams.Test()
	f := &cmdutil.Factory{IO: io}
	b.ReportAllocs()
	for b.Loop() {
		NewRootCmd(f)
	}
}

// BenchmarkRunVersion measures a whole bgkit --version in process: the tree,
// flag parsing and the output.
func BenchmarkRunVersion(b *testing.B) {
	io, _, _, _ := iostreams.Test()
	f := &cmdutil.Factory{IO: io}
	b.ReportAllocs()
	for b.Loop() {
		if code := Run(f, []string{"--version"}); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}
