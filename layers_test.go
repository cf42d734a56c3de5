package seedbed_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The layering rule of the project (README, "Project structure"): the root package and the pure
// engines know nothing of SQL or HTTP; the use-case layer (app) knows the store but not the web;
// web and the command line reach the store only through the use-case layer. Test files are not
// checked: tests may open a real store with sqlstore/storetest.
var layerRules = []struct {
	packages  []string // directories, relative to the module root; "." is the root package
	forbidden []string
	why       string
}{
	{
		packages:  []string{".", "policy", "selection", "evaluation", "ecosystem", "ledger", "exemption", "sim", "csvfile", "chart", "auth", "i18n", "demo", "policies", "procedures"},
		forbidden: []string{"database/sql", "net/http", "seedbed/sqlstore", "seedbed/web", "seedbed/app"},
		why:       "the domain and the engines stay pure",
	},
	{
		packages:  []string{"mail"},
		forbidden: []string{"database/sql", "net/http", "seedbed/sqlstore", "seedbed/web", "seedbed/app"},
		why:       "the mail relay client only sends mail",
	},
	{
		packages:  []string{"sqlstore"},
		forbidden: []string{"net/http", "seedbed/web", "seedbed/app"},
		why:       "the store only stores",
	},
	{
		packages:  []string{"app"},
		forbidden: []string{"net/http", "seedbed/web"},
		why:       "the use cases know nothing of HTTP",
	},
	{
		packages:  []string{"web"},
		forbidden: []string{"database/sql", "seedbed/sqlstore"},
		why:       "web reaches the store only through the use-case layer",
	},
}

func TestLayering(t *testing.T) {
	for _, rule := range layerRules {
		for _, dir := range rule.packages {
			for file, imports := range importsUnder(t, dir) {
				for _, imp := range imports {
					for _, bad := range rule.forbidden {
						if imp == bad || strings.HasPrefix(imp, bad+"/") {
							t.Errorf("%s imports %s: %s", file, imp, rule.why)
						}
					}
				}
			}
		}
	}
}

// importsUnder lists, per non-test Go file in dir and its subdirectories (the root package
// alone for "."), the import paths it names.
func importsUnder(t *testing.T, dir string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if dir == "." && path != "." {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, spec := range f.Imports {
			p, _ := strconv.Unquote(spec.Path.Value)
			out[path] = append(out[path], p)
		}
		sort.Strings(out[path])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		if _, err := os.Stat(dir); err != nil {
			t.Fatalf("layer rule names %s, which does not exist", dir)
		}
	}
	return out
}
