package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// bgkit starts in about the time a Go hello-world does, because package
// initialisation does no work a command may not use. Compiling regular
// expressions in package-level variables was the main cost; they are
// declared with internal/lazyre instead and compiled on first use. These
// tests read the module's source to keep it that way.

// TestNoRegexpCompiledAtStartup fails on a regexp.Compile or MustCompile
// that runs when the program starts: in a package-level var or an init
// function.
func TestNoRegexpCompiledAtStartup(t *testing.T) {
	for _, f := range moduleFiles(t) {
		name := importName(f.file, "regexp")
		if name == "" {
			continue
		}
		for _, decl := range f.file.Decls {
			var root ast.Node
			switch d := decl.(type) {
			case *ast.GenDecl:
				if d.Tok == token.VAR {
					root = d
				}
			case *ast.FuncDecl:
				if d.Recv == nil && d.Name.Name == "init" {
					root = d.Body
				}
			}
			if root == nil {
				continue
			}
			inspectAtStartup(root, func(call *ast.CallExpr) {
				if fn := qualified(call, name); strings.Contains(fn, "Compile") {
					t.Errorf("%s: regexp.%s runs at start-up, for every command; use lazyre.New", f.pos(call), fn)
				}
			})
		}
	}
}

// TestLazyRegexpsCompile compiles every lazyre.New expression, which the
// program compiles only when it first uses one.
func TestLazyRegexpsCompile(t *testing.T) {
	for _, f := range moduleFiles(t) {
		name := importName(f.file, "github.com/bgkit/bgkit/internal/lazyre")
		if name == "" {
			continue
		}
		ast.Inspect(f.file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || qualified(call, name) != "New" || len(call.Args) != 1 {
				return true
			}
			expr, ok := constString(call.Args[0])
			if !ok {
				t.Errorf("%s: lazyre.New wants a string literal, so that this test can compile it", f.pos(call))
			} else if _, err := regexp.Compile(expr); err != nil {
				t.Errorf("%s: %v", f.pos(call), err)
			}
			return true
		})
	}
}

// inspectAtStartup calls found for each call in root that runs when root
// does: function literals are skipped unless they are called right away.
func inspectAtStartup(root ast.Node, found func(*ast.CallExpr)) {
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			found(n)
			if lit, ok := n.Fun.(*ast.FuncLit); ok {
				inspectAtStartup(lit.Body, found)
			}
		}
		return true
	})
}

// qualified returns F for a call pkg.F(...), else "".
func qualified(call *ast.CallExpr, pkg string) string {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	if id, ok := sel.X.(*ast.Ident); !ok || id.Name != pkg {
		return ""
	}
	return sel.Sel.Name
}

// importName returns the name a file uses for the package at path, or ""
// when it does not import it.
func importName(f *ast.File, path string) string {
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p != path {
			continue
		}
		if imp.Name != nil {
			return imp.Name.Name
		}
		return path[strings.LastIndexByte(path, '/')+1:]
	}
	return ""
}

// constString returns the value of a string literal or a sum of them.
func constString(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		s, err := strconv.Unquote(e.Value)
		return s, e.Kind == token.STRING && err == nil
	case *ast.ParenExpr:
		return constString(e.X)
	case *ast.BinaryExpr:
		x, okx := constString(e.X)
		y, oky := constString(e.Y)
		return x + y, e.Op == token.ADD && okx && oky
	}
	return "", false
}

type sourceFile struct {
	fset *token.FileSet
	file *ast.File
}

func (f sourceFile) pos(n ast.Node) token.Position { return f.fset.Position(n.Pos()) }

// moduleFiles parses the module's non-test Go files, skipping the
// directories the go command ignores.
func moduleFiles(t *testing.T) []sourceFile {
	t.Helper()
	fset := token.NewFileSet()
	var files []sourceFile
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if path != "." && (name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(path, "go.mod")); path != "." && err == nil {
				return filepath.SkipDir // another module
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		files = append(files, sourceFile{fset, f})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 10 {
		t.Fatalf("found %d Go files; is the test running in the module's root?", len(files))
	}
	return files
}
