package evaluation

import "testing"

// FuzzParseIndicatorUnit checks the readers of the indicator and unit columns of monitoring
// imports: what they accept is a code of the catalogue, which reads back as itself.
func FuzzParseIndicatorUnit(f *testing.F) {
	for _, s := range []string{"patents_filed", "研发投入", "Revenue", "万元", "件", " 人 ", "", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if code, ok := ParseIndicator(s); ok {
			if _, known := LookupIndicator(code); !known {
				t.Fatalf("ParseIndicator(%q) = %q, not in the catalogue", s, code)
			}
			if again, ok := ParseIndicator(code); !ok || again != code {
				t.Fatalf("indicator code %q does not read back", code)
			}
		}
		if code, ok := ParseUnit(s); ok {
			if again, ok := ParseUnit(code); !ok || again != code {
				t.Fatalf("ParseUnit(%q) = %q, which does not read back", s, code)
			}
		}
	})
}
