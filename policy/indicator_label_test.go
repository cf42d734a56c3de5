package policy

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestLibraryIndicatorsHaveLabels fails when a policy of the starter library reads an indicator
// that has no name in IndicatorLabels, so that no page shows its key.
func TestLibraryIndicatorsHaveLabels(t *testing.T) {
	re := regexp.MustCompile(`indicators(?:\["([a-z_]+)"\]|\.([a-z_]+))`)
	files, err := filepath.Glob(filepath.Join("..", "policies", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no policies found: %v", err)
	}
	seen := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			seen++
			if key := m[1] + m[2]; IndicatorLabels[key].Zh == "" {
				t.Errorf("%s reads indicator %q, which has no name in IndicatorLabels", filepath.Base(f), key)
			}
		}
	}
	if seen == 0 {
		t.Fatal("no indicator found in the library: the pattern no longer matches")
	}
}
