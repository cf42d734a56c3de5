package web

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"seedbed/i18n"
)

var (
	quotedRe = regexp.MustCompile("\"([A-Za-z0-9_.%-]+)\"|`([A-Za-z0-9_.%-]+)`")
	// hintCallRe finds a form field shown with its hint by the text and ptext templates:
	// {{template "ptext" dict4 . "amount" … "hint"}} reads ph.amount, "text" reads hint.NAME.
	hintCallRe = regexp.MustCompile(`template "(p?text)" dict4 \. "([a-z_]+)"[^}]*"hint"\}\}`)
	// hintListRe finds fields whose hints a template reads in a loop: {{range list "a" "b"}}…ph.%s.
	hintListRe = regexp.MustCompile(`(?s)\{\{range list ((?:"[a-z_]+" ?)+)\}\}.{0,300}?printf "(ph|hint)\.%s"`)
)

// TestEveryCatalogueKeyIsUsed fails on a message no page, error or export can show: a key that
// is no quoted string of the program's sources (tests aside) and no member of a family the
// sources name by prefix ("opt.%s", "consult.state."); the families of form hints (ph., hint.)
// are checked to the field, against the fields the templates give hints to.
func TestEveryCatalogueKeyIsUsed(t *testing.T) {
	t.Parallel()
	var src strings.Builder
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); n == ".git" || n == "i18n" || n == "testdata" || n == "node_modules" {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(path, "_test.go") || !(strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".html") || strings.HasSuffix(path, ".js")) {
			return nil
		}
		b, err := os.ReadFile(path)
		src.Write(b)
		src.WriteByte('\n')
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	text := src.String()
	literal := map[string]bool{}
	var prefixes []string
	for _, m := range quotedRe.FindAllStringSubmatch(text, -1) {
		s := m[1] + m[2]
		literal[s] = true
		if i := strings.Index(s, "%"); i > 0 {
			prefixes = append(prefixes, s[:i])
		} else if strings.HasSuffix(s, ".") || strings.HasSuffix(s, "_") {
			prefixes = append(prefixes, s)
		}
	}
	hinted := map[string]bool{}
	for _, m := range hintCallRe.FindAllStringSubmatch(text, -1) {
		hinted[map[string]string{"ptext": "ph.", "text": "hint."}[m[1]]+m[2]] = true
	}
	for _, m := range hintListRe.FindAllStringSubmatch(text, -1) {
		for _, f := range strings.Fields(m[1]) {
			hinted[m[2]+"."+strings.Trim(f, `"`)] = true
		}
	}
	if !hinted["ph.amount"] || !hinted["ph.direction"] || !hinted["hint.credit_code"] {
		t.Fatalf("the fields given hints were not found in the templates: %v", hinted)
	}
	var unused []string
	for _, k := range i18n.Keys(i18n.Zh) {
		if literal[k] || hinted[k] {
			continue
		}
		if strings.HasPrefix(k, "ph.") || strings.HasPrefix(k, "hint.") {
			unused = append(unused, k)
			continue
		}
		if !slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(k, p) }) {
			unused = append(unused, k)
		}
	}
	slices.Sort(unused)
	for _, k := range unused {
		t.Errorf("catalogue key %q is used nowhere: remove it, or show it", k)
	}
	// Hints of fields that forms no longer have (typed policy codes and organisation numbers,
	// stage and question mini-syntaxes) must not come back.
	for _, k := range []string{"ph.policy_ids", "ph.stages", "ph.fields", "ph.coapplicant_ids", "ph.org_id", "ph.declared_ids"} {
		if i18n.Has(k) {
			t.Errorf("stale hint %q is back in the catalogue", k)
		}
	}
}
