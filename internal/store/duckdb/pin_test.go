package duckdb

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// unpinned are the functions that use the database handle without
// pinning it, each with why that is safe.
var unpinned = map[string]string{
	"Open":        "the store is not shared with anyone yet",
	"Close":       "holds writeMu and handleMu exclusively",
	"writeTx":     "holds writeMu, which Compact holds throughout",
	"inTx":        "called under writeMu (writeTx; stampTx within Compact) or by Open, before any compaction can start",
	"Compact":     "holds writeMu",
	"copyLive":    "called by Compact, under writeMu",
	"swap":        "holds handleMu exclusively",
	"reopenAfter": "called by swap, under handleMu",
	"Raw":         "holds writeMu, which Compact holds throughout",
}

// TestEveryReadPinsTheHandle keeps the rule that lets Compact swap the
// database file under readers: every function of the package that uses
// d.db pins it (or is listed in unpinned with its reason), and a function
// that pins never calls another that does, nor a writer — a compaction
// waiting between the two would deadlock them. The check is on the
// source, so that a new read added without the pin fails here rather
// than in production during a swap.
func TestEveryReadPinsTheHandle(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	type fn struct {
		pos     token.Position
		handle  bool     // uses d.db
		pins    bool     // calls d.pin()
		locksW  bool     // takes d.writeMu
		methods []string // methods of d it calls
	}
	funcs := map[string]*fn{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			info := &fn{pos: fset.Position(fd.Pos())}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == "d" {
					switch sel.Sel.Name {
					case "db":
						info.handle = true
					case "pin":
						info.pins = true
					default:
						info.methods = append(info.methods, sel.Sel.Name)
					}
				}
				if inner, ok := sel.X.(*ast.SelectorExpr); ok && sel.Sel.Name == "Lock" && inner.Sel.Name == "writeMu" {
					info.locksW = true
				}
				return true
			})
			funcs[fd.Name.Name] = info
		}
	}
	if len(funcs) < 20 || funcs["Call"] == nil {
		t.Fatalf("parsed %d functions: the check reads the wrong files", len(funcs))
	}
	var names []string
	for name := range funcs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		info := funcs[name]
		if info.handle && !info.pins && unpinned[name] == "" {
			t.Errorf("%s: %s uses d.db without d.pin()", info.pos, name)
		}
		if !info.pins {
			continue
		}
		if info.locksW {
			t.Errorf("%s: %s pins the handle and takes writeMu", info.pos, name)
		}
		for _, m := range info.methods {
			if callee := funcs[m]; m == "writeTx" || callee != nil && callee.pins {
				t.Errorf("%s: %s pins the handle and calls %s, which pins or writes: pin in one of them only", info.pos, name, m)
			}
		}
	}
}
