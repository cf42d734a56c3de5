package seedbed

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReadmePathsExist fails when the README names a file or folder of the repository that is
// not there (or one outside it), so that a reader who follows a path finds what it names.
func TestReadmePathsExist(t *testing.T) {
	src, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	code := regexp.MustCompile("`([^`]+)`")
	path := regexp.MustCompile(`^(?:\.\./|\./|\.ci/)?[A-Za-z0-9_.*-]+(?:/[A-Za-z0-9_.*-]*)+$`)
	// Not paths of the repository: Go packages, placeholders, paths on the reader's machine.
	notOurs := map[string]bool{"database/sql": true, "net/http": true, "./seedbed-data": true, "./...": true, "i/n": true}
	checked := 0
	var spans [][]string
	for _, line := range strings.Split(string(src), "\n") {
		if strings.HasPrefix(line, "```") {
			continue
		}
		spans = append(spans, code.FindAllStringSubmatch(line, -1)...)
	}
	for _, m := range spans {
		for _, w := range strings.Fields(m[1]) {
			if !path.MatchString(w) || notOurs[w] || strings.HasPrefix(w, "DATA/") || strings.Contains(w, "://") {
				continue
			}
			checked++
			if strings.HasPrefix(w, "../") {
				t.Errorf("README names %s, outside the repository", w)
				continue
			}
			found, _ := filepath.Glob(strings.TrimSuffix(w, "/"))
			if len(found) == 0 {
				t.Errorf("README names %s, which is not in the repository", w)
			}
		}
	}
	if checked < 20 {
		t.Fatalf("only %d paths checked: the pattern no longer matches the README", checked)
	}
}
