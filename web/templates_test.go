package web

import (
	"io/fs"
	"regexp"
	"testing"

	"seedbed/i18n"
)

// TestTemplateKeysExist fails when a template names a message key that the catalogue lacks
// (the page would show the raw key).
func TestTemplateKeysExist(t *testing.T) {
	t.Parallel()
	re := regexp.MustCompile(`\.T "([a-zA-Z0-9_.*-]+)"`)
	names, _ := fs.Glob(templateFS, "templates/*.html")
	n := 0
	for _, name := range names {
		b, _ := templateFS.ReadFile(name)
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			n++
			if !i18n.Has(m[1]) {
				t.Errorf("%s uses the message key %q, which is not in the catalogue", name, m[1])
			}
		}
	}
	if n < 100 {
		t.Fatalf("found only %d message keys in the templates", n)
	}
}
