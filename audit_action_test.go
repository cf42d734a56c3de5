package seedbed

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestAuditActionsHaveLabels reads the code that writes the audit log and fails on an action or
// a kind of record without words to show it by.
func TestAuditActionsHaveLabels(t *testing.T) {
	pair := regexp.MustCompile(`"([a-z]+(?:\.[a-z_]+)+)",\s*"([a-z_]+)"`)
	field := regexp.MustCompile(`Action:\s*"([a-z_.]+)"`)
	found := 0
	for _, dir := range []string{"app", "sqlstore", "web"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range pair.FindAllStringSubmatch(string(src), -1) {
				if !strings.Contains(string(src), "audit") && !strings.Contains(string(src), "decide") {
					continue
				}
				if !AuditEntities.Has(m[2]) || !AuditActions.Has(m[1]) {
					// Not every quoted pair is an audit call: only pairs whose entity is a known
					// record kind or whose action is dotted like ours are checked.
					if AuditEntities.Has(m[2]) && !AuditActions.Has(m[1]) {
						t.Errorf("%s: audit action %q has no label in AuditActions", f, m[1])
					}
					continue
				}
				found++
			}
			for _, m := range field.FindAllStringSubmatch(string(src), -1) {
				found++
				if !AuditActions.Has(m[1]) {
					t.Errorf("%s: audit action %q has no label in AuditActions", f, m[1])
				}
			}
		}
	}
	if found < 30 {
		t.Fatalf("found only %d audit actions in the code: the pattern no longer matches how the code writes them", found)
	}
	if AuditActionLabel("something.new") != AuditActionOther {
		t.Error("an unknown action must be shown as another action, not as its code")
	}
}
