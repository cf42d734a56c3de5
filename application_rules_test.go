package seedbed

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzCleanFilename checks that any uploaded name becomes a safe base name.
func FuzzCleanFilename(f *testing.F) {
	for _, s := range []string{"团队介绍.pdf", "../../etc/passwd", `C:\Users\a\b.png`, "", "..", "a\x00b\nc\"d.txt", strings.Repeat("长", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got := CleanFilename(name)
		if got == "" || got == "." || got == ".." || strings.ContainsAny(got, "/\"") || utf8.RuneCountInString(got) > 120 {
			t.Fatalf("CleanFilename(%q) = %q", name, got)
		}
		for _, r := range got {
			if unicode.IsControl(r) {
				t.Fatalf("CleanFilename(%q) = %q holds a control character", name, got)
			}
		}
	})
}
