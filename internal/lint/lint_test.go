package lint

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// The limits of the house style.
const (
	MaxLines      = 80
	MaxComplexity = 25
)

// allowed lists functions that are over a limit today, each with the owner
// of the file, who is splitting it into named steps. Remove an entry when
// its function is within the limits: the test fails on a stale entry.
var allowed = map[string]string{}

// funcInfo is one function's measure.
type funcInfo struct {
	name       string // file:Func or file:Recv.Func
	lines      int
	complexity int
	test       bool // in a _test.go file: only the line limit applies
}

// over reports whether f is over the house limits: tests are held to the
// line limit only, since a table test's cases add branches without
// adding steps to follow.
func (f funcInfo) over() bool {
	return f.lines > MaxLines || !f.test && f.complexity > MaxComplexity
}

func TestFunctionSize(t *testing.T) {
	funcs, err := measure(repoRoot(t))
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	var bad []string
	for _, f := range funcs {
		if !f.over() {
			continue
		}
		if owner, ok := allowed[f.name]; ok {
			used[f.name] = true
			t.Logf("allowed for now (%s): %s: %d lines, complexity %d", owner, f.name, f.lines, f.complexity)
			continue
		}
		bad = append(bad, fmt.Sprintf("%s: %d lines, complexity %d", f.name, f.lines, f.complexity))
	}
	sort.Strings(bad)
	for _, b := range bad {
		t.Errorf("%s (limits: %d lines, complexity %d; split it into named steps)", b, MaxLines, MaxComplexity)
	}
	for name := range allowed {
		if !used[name] {
			t.Errorf("allowlist entry %s is within the limits now (or gone): remove it", name)
		}
	}
}

// TestComplexity checks the counter on known shapes.
func TestComplexity(t *testing.T) {
	tests := []struct {
		src  string
		want int
	}{
		{"func f() {}", 1},
		{"func f(a bool) { if a {} }", 2},
		{"func f(a, b bool) { if a && b || a {} }", 4},
		{"func f(x int) { switch x { case 1, 2: case 3: default: } }", 3},
		{"func f(xs []int) { for range xs {}; for i := 0; i < 3; i++ {} }", 3},
		{"func f(c chan int) { select { case <-c: default: } }", 2},
		{"func f() { g := func(a bool) { if a {} }; g(true) }", 2},
	}
	for _, tt := range tests {
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, "x.go", "package x\n"+tt.src, 0)
		if err != nil {
			t.Fatal(err)
		}
		fn := file.Decls[0].(*ast.FuncDecl)
		if got := complexity(fn); got != tt.want {
			t.Errorf("complexity(%s) = %d, want %d", tt.src, got, tt.want)
		}
	}
}

// repoRoot is the module root, two levels above this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// measure parses every Go file under root, tests included, and measures
// its functions.
func measure(root string) ([]funcInfo, error) {
	var out []funcInfo
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		file, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		for _, decl := range file.Decls {
			if fn, ok := decl.(*ast.FuncDecl); ok && fn.Body != nil {
				out = append(out, funcInfo{
					name:       filepath.ToSlash(rel) + ":" + funcName(fn),
					lines:      fset.Position(fn.End()).Line - fset.Position(fn.Pos()).Line + 1,
					complexity: complexity(fn),
					test:       strings.HasSuffix(path, "_test.go"),
				})
			}
		}
		return nil
	})
	return out, err
}

// funcName is Func or Recv.Func.
func funcName(fn *ast.FuncDecl) string {
	if fn.Recv == nil || len(fn.Recv.List) == 0 {
		return fn.Name.Name
	}
	t := fn.Recv.List[0].Type
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
			continue
		case *ast.IndexExpr:
			t = x.X
			continue
		case *ast.IndexListExpr:
			t = x.X
			continue
		case *ast.Ident:
			return x.Name + "." + fn.Name.Name
		}
		return fn.Name.Name
	}
}

// complexity is the cyclomatic complexity of fn as gocyclo counts it: one,
// plus one for each if, for, range, non-default case or comm clause, and
// each && or ||. Function literals count towards their enclosing function.
func complexity(fn *ast.FuncDecl) int {
	c := 1
	ast.Inspect(fn, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt:
			c++
		case *ast.CaseClause:
			if x.List != nil {
				c++
			}
		case *ast.CommClause:
			if x.Comm != nil {
				c++
			}
		case *ast.BinaryExpr:
			if x.Op == token.LAND || x.Op == token.LOR {
				c++
			}
		}
		return true
	})
	return c
}
