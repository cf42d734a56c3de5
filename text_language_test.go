package seedbed

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// bothLanguages matches a text that carries Chinese and then English across a slash.
var bothLanguages = regexp.MustCompile(`\p{Han}[^/\n]*[\s）」》”。]/ [A-Za-z]{2,}`)

// TestNoTextInTwoLanguagesInOneString keeps messages as labels: outside the command line, which
// writes both languages on purpose, no string literal of the code carries "中文 / English".
func TestNoTextInTwoLanguagesInOneString(t *testing.T) {
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (path == "cmd" || path == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != "." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || path == filepath.Join("sim", "report.go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil && bothLanguages.MatchString(s) {
					t.Errorf("%s: %q is in two languages; make it a Label or a catalogue message", fset.Position(lit.Pos()), s)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
