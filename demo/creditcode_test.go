package demo

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"seedbed"
)

func TestOrgCodeCheck(t *testing.T) {
	for _, tc := range []struct {
		code string
		ok   bool
	}{
		{"799655058", true}, // organisation codes inside published credit codes
		{"802100433", true},
		{"192203821", true},
		{"799655059", false}, // check digit changed
		{"899655058", false}, // body changed
		{"79965505", false},  // too short
		{"7996550a8", false}, // lower case
	} {
		if got := validOrgCode(tc.code); got != tc.ok {
			t.Errorf("validOrgCode(%q) = %v, want %v", tc.code, got, tc.ok)
		}
	}
}

// TestOrgCodeCheckLetters compares orgCodeCheck on bodies with letters with the formula written
// out differently: values A=10 … Z=35, weights 3 7 9 10 5 8 4 2, check 11 - sum mod 11.
func TestOrgCodeCheckLetters(t *testing.T) {
	for _, body := range []string{"MA27Y2KX", "MJ000000", "ZZZZZZZZ", "A1B2C3D4", "MA2H3HL0"} {
		weights := []int{3, 7, 9, 10, 5, 8, 4, 2}
		sum := 0
		for i, r := range body {
			sum += weights[i] * int(strings.IndexRune("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", r))
		}
		want := "0123456789X0"[11-sum%11]
		if got, ok := orgCodeCheck(body); !ok || got != want {
			t.Errorf("orgCodeCheck(%s) = %c, %v; want %c", body, got, ok, want)
		}
	}
}

// TestOrgCodeCheckX finds bodies whose check is X and 0 and confirms they build valid credit
// codes: X is in the credit-code character set, so no regeneration is needed.
func TestOrgCodeCheckX(t *testing.T) {
	seen := map[byte]bool{}
	for n := int64(10000000); n < 10000200; n++ {
		body := itoa(n)
		c, ok := orgCodeCheck(body)
		if !ok {
			t.Fatalf("orgCodeCheck(%s) not ok", body)
		}
		seen[c] = true
		code := creditCode(regEnterprise, "330106", body)
		if err := seedbed.ValidateCreditCode(code); err != nil || !validOrgCode(code[8:17]) {
			t.Errorf("creditCode(..., %s) = %s: %v", body, code, err)
		}
	}
	if !seen['X'] || !seen['0'] {
		t.Errorf("checks seen %v, want X and 0 among them", seen)
	}
}

// TestCreditCodeVectors rebuilds the published credit codes of the shared test vectors from
// their parts.
func TestCreditCodeVectors(t *testing.T) {
	f, err := os.Open("../../shared/data/vectors/uscc.txt")
	if err != nil {
		t.Skip("no shared test vectors:", err)
	}
	defer f.Close()
	n := 0
	for sc := bufio.NewScanner(f); sc.Scan(); {
		kind, code, _ := strings.Cut(sc.Text(), " ")
		if kind != "valid" {
			continue
		}
		n++
		if got := creditCode(code[:2], code[2:8], code[8:16]); got != code {
			t.Errorf("creditCode(%s, %s, %s) = %s, want %s", code[:2], code[2:8], code[8:16], got, code)
		}
		if !validOrgCode(code[8:17]) {
			t.Errorf("organisation code of %s fails", code)
		}
	}
	if n == 0 {
		t.Error("no valid vectors read")
	}
}
