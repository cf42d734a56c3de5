package i18n

import (
	"sort"
	"strings"
	"testing"
)

// TestCataloguesComplete keeps both languages complete and their format verbs in step.
func TestCataloguesComplete(t *testing.T) {
	for _, lang := range []string{Zh, En} {
		other := map[string]map[string]string{Zh: en, En: zh}[lang]
		keys := Keys(lang)
		sort.Strings(keys)
		for _, k := range keys {
			o, ok := other[k]
			if !ok {
				t.Errorf("key %q is in %s but not in the other language", k, lang)
				continue
			}
			if strings.Count(catalogues[lang][k], "%") != strings.Count(o, "%") {
				t.Errorf("key %q: format verbs differ between languages", k)
			}
		}
	}
}

func TestT(t *testing.T) {
	if T(En, "registry.count", 3) != "3 innovators" || T(Zh, "no.such.key") != "no.such.key" {
		t.Fatal("T does not format or fall back")
	}
}
