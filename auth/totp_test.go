package auth

import (
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

// TestTOTPRFC6238 checks the code generator against the SHA-1 test vectors of RFC 6238,
// appendix B (secret "12345678901234567890", eight digits there; the last six here).
func TestTOTPRFC6238(t *testing.T) {
	const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" // base32 of "12345678901234567890"
	for _, v := range []struct {
		unix int64
		code string
	}{
		{59, "94287082"},
		{1111111109, "07081804"},
		{1111111111, "14050471"},
		{1234567890, "89005924"},
		{2000000000, "69279037"},
	} {
		now := time.Unix(v.unix, 0)
		step, ok := CheckTOTP(secret, v.code[2:], now)
		if !ok || step != TOTPStep(now) {
			t.Errorf("at %d: code %s refused (step %d, ok %v)", v.unix, v.code[2:], step, ok)
		}
	}
}

func TestTOTPDriftAndFormat(t *testing.T) {
	key, err := NewTOTPKey("seedbed", "officer@example")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(key.URL, "otpauth://totp/") || len(key.QRPNG) < 100 || !strings.HasPrefix(QRDataURL(key.QRPNG), "data:image/png;base64,") {
		t.Fatalf("key: %+v", key.URL)
	}
	now := time.Unix(1_800_000_000, 0)
	code := codeAt(t, key.Secret, now)
	for _, c := range []struct {
		typed string
		at    time.Time
		ok    bool
	}{
		{code, now, true},
		{code[:3] + " " + code[3:], now, true},   // typed with a space
		{code, now.Add(30 * time.Second), true},  // one step late
		{code, now.Add(-30 * time.Second), true}, // one step early
		{code, now.Add(90 * time.Second), false}, // three steps late
		{"000000", now, code == "000000"},        // another code
		{code[:5], now, false},                   // too short
	} {
		if _, ok := CheckTOTP(key.Secret, c.typed, c.at); ok != c.ok {
			t.Errorf("code %q at %v: ok %v, want %v", c.typed, c.at.Sub(now), ok, c.ok)
		}
	}
}

func codeAt(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCode(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRecoveryCodes(t *testing.T) {
	codes, hashes, err := NewRecoveryCodes(3)
	if err != nil {
		t.Fatal(err)
	}
	if len(codes) != 3 || len(hashes) != 3 || codes[0] == codes[1] || len(codes[0]) != 11 {
		t.Fatalf("codes %v", codes)
	}
	if i := MatchRecoveryCode(hashes, strings.ToLower(strings.ReplaceAll(codes[2], "-", " "))); i != 2 {
		t.Errorf("code typed in lower case with a space matched %d, want 2", i)
	}
	if i := MatchRecoveryCode(hashes, "AAAAA-BBBBB"); i != -1 {
		t.Errorf("a made-up code matched %d", i)
	}
	// Codes made before they shared a salt (each hashed on its own) still match, beside new ones
	// and an empty slot.
	old, err := HashPassword(NormalizeRecoveryCode("CDEFG-HIJKL"))
	if err != nil {
		t.Fatal(err)
	}
	mixed := append([]string{"", old}, hashes...)
	if i := MatchRecoveryCode(mixed, "cdefg-hijkl"); i != 1 {
		t.Errorf("a code hashed on its own matched %d, want 1", i)
	}
	if i := MatchRecoveryCode(mixed, codes[0]); i != 2 {
		t.Errorf("a shared-salt code among older ones matched %d, want 2", i)
	}
}

// TestRecoveryCodeCostsOneHash holds a wrong recovery code to one argon2id derivation however
// many codes are unused: ten derivations made a wrong code cost ten wrong passwords.
func TestRecoveryCodeCostsOneHash(t *testing.T) {
	_, hashes, err := NewRecoveryCodes(10)
	if err != nil {
		t.Fatal(err)
	}
	salts := map[string]bool{}
	for _, s := range hashes {
		h, err := parseHash(s)
		if err != nil {
			t.Fatal(err)
		}
		salts[string(h.salt)] = true
	}
	if len(salts) != 1 {
		t.Fatalf("one enrolment's codes have %d salts, want 1", len(salts))
	}
	if n := derivations(func() { MatchRecoveryCode(hashes, "AAAAA-BBBBB") }); n != 1 {
		t.Errorf("a wrong code made %d argon2id derivations, want 1", n)
	}
}
