package policy

import "testing"

// FuzzParseDate checks the reader of dates in policy documents and forms: a date it accepts
// writes back as the same text.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2025-03-01", "2024-02-29", "2023-02-29", "2025-3-1", "", "9999-12-31", "0000-01-01", "2025-03-01T00:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q) writes back as %q", s, d.String())
		}
	})
}
