package seedbed

import (
	"bufio"
	"errors"
	"os"
	"strings"
	"testing"
)

// TestCreditCodeVectors checks the published codes in shared/data (GB 32100-2015).
func TestCreditCodeVectors(t *testing.T) {
	f, err := os.Open("../shared/data/vectors/uscc.txt")
	if err != nil {
		t.Skipf("shared test vectors not present: %v", err)
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		kind, code, _ := strings.Cut(line, " ")
		err := ValidateCreditCode(code)
		switch kind {
		case "valid":
			if err != nil {
				t.Errorf("%s: %v, want valid", code, err)
			}
		case "invalid":
			if err == nil {
				t.Errorf("%s accepted, want refused", code)
			}
		default:
			t.Fatalf("unknown vector kind %q", kind)
		}
		n++
	}
	if n < 7 {
		t.Fatalf("read %d vectors, want at least 7", n)
	}
}

func TestCreditCodeMessages(t *testing.T) {
	cases := []struct{ code, want string }{
		{"91330100799655058C", "应为 B"},
		{"9133010079965505", "18 位"},
		{"9133010079965505IB", "第 17 位"},
		{"91330100799655058b", "第 18 位"},
	}
	for _, c := range cases {
		err := ValidateCreditCode(c.code)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want a message containing %q", c.code, err, c.want)
		}
	}
}

// TestCreditCodeFieldInOneLanguage: a registration with a bad credit code names the field, in
// Chinese for a Chinese reader and in English for an English one, not both at once (it once
// read "统一社会信用代码应为 18 位，实际 3 位 / a credit code has 18 characters, got 3" in
// either).
func TestCreditCodeFieldInOneLanguage(t *testing.T) {
	in := Innovator{Name: "甲公司", Kind: KindEnterprise, CreditCode: "123"}
	var es Errors
	if err := in.Validate(); !errors.As(err, &es) || len(es) != 1 || es[0].Field != "credit_code" {
		t.Fatalf("Validate: %v, want one error, on credit_code", err)
	}
	zh, en := es[0].In("zh"), es[0].In("en")
	if !strings.Contains(zh, "应为 18 位，实际 3 位") || strings.Contains(zh, "characters") {
		t.Errorf("Chinese: %q", zh)
	}
	if !strings.Contains(en, "has 18 characters, got 3") || strings.Contains(en, "应为") {
		t.Errorf("English: %q", en)
	}
}

// FuzzValidateCreditCode checks that validation never panics and agrees with CreditCodeCheck.
func FuzzValidateCreditCode(f *testing.F) {
	f.Add("91330100799655058B")
	f.Add("")
	f.Add("ÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿ")
	f.Fuzz(func(t *testing.T, code string) {
		if ValidateCreditCode(code) == nil && CreditCodeCheck(code[:17]) != code[17] {
			t.Fatalf("%q accepted with a wrong check character", code)
		}
	})
}

// TestCreditCodeFullWidth checks that a code typed in full-width characters is read as the same
// code, and that a single full-width character left in a code is named, not counted as bytes.
func TestCreditCodeFullWidth(t *testing.T) {
	in := Innovator{Name: "甲", Kind: KindEnterprise, CreditCode: "９１３３０１００７９９６５５０５８Ｂ"}
	in.Normalize()
	if in.CreditCode != "91330100799655058B" {
		t.Fatalf("full-width code normalised to %q", in.CreditCode)
	}
	err := ValidateCreditCode("9133010079965505８B")
	if err == nil || !strings.Contains(err.Error(), "第 17 位") || strings.Contains(err.Error(), "got 18") {
		t.Fatalf("one full-width digit: %v", err)
	}
	err = ValidateCreditCode("9133010079965505８")
	if err == nil || !strings.Contains(err.Error(), "got 17") {
		t.Fatalf("17 characters, one full-width: %v", err)
	}
}
