package seedbed

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestEventKindsHaveLabels reads the domain's and the engines' event kind constants and fails on
// a kind without a name in EventKinds.
func TestEventKindsHaveLabels(t *testing.T) {
	re := regexp.MustCompile(`\bEvent[A-Z]\w*\s*=\s*"([a-z_]+)"`)
	found := 0
	for _, pattern := range []string{"*.go", "ledger/*.go", "exemption/*.go", "app/*.go"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range re.FindAllStringSubmatch(string(src), -1) {
				found++
				if !EventKinds.Has(m[1]) {
					t.Errorf("%s: event kind %q has no name in EventKinds", f, m[1])
				}
			}
		}
	}
	if found < 20 {
		t.Fatalf("found only %d event kinds: the pattern no longer matches the code", found)
	}
}
