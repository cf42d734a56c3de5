package auth

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// TOTP parameters: RFC 6238's defaults, which every authenticator app reads — SHA-1, six digits,
// thirty-second steps — and one step of clock drift either way.
const (
	totpDigits = otp.DigitsSix
	totpPeriod = 30
	totpSkew   = 1
)

// TOTPKey is a new second factor for an account: the shared secret (base32, to store), the
// otpauth:// address an authenticator app reads, and that address as a PNG QR code.
type TOTPKey struct {
	Secret string
	URL    string
	QRPNG  []byte
}

// NewTOTPKey makes a random 160-bit TOTP secret for account, shown in apps under issuer.
func NewTOTPKey(issuer, account string) (*TOTPKey, error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account, Period: totpPeriod,
		Digits: totpDigits, Algorithm: otp.AlgorithmSHA1, SecretSize: 20})
	if err != nil {
		return nil, fmt.Errorf("auth: totp key: %w", err)
	}
	return totpKey(key)
}

// TOTPKeyFromURL rebuilds a key, with its QR code, from its otpauth:// address: a second factor
// being enrolled is kept as its address until the first code confirms it.
func TOTPKeyFromURL(keyURL string) (*TOTPKey, error) {
	key, err := otp.NewKeyFromURL(keyURL)
	if err != nil {
		return nil, fmt.Errorf("auth: totp key: %w", err)
	}
	return totpKey(key)
}

func totpKey(key *otp.Key) (*TOTPKey, error) {
	img, err := key.Image(240, 240)
	if err != nil {
		return nil, fmt.Errorf("auth: totp qr code: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("auth: totp qr code: %w", err)
	}
	return &TOTPKey{Secret: key.Secret(), URL: key.URL(), QRPNG: buf.Bytes()}, nil
}

// TOTPStep is the time step a code belongs to; a server keeps the last step it accepted for an
// account so that one code cannot be used twice.
func TOTPStep(t time.Time) int64 { return t.Unix() / totpPeriod }

// CheckTOTP reports whether code is valid for secret at now, allowing one step of drift either
// way, and the step it matched (to refuse a replay: accept only steps after the last one used).
func CheckTOTP(secret, code string, now time.Time) (step int64, ok bool) {
	code = strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		return -1 // spaces and dashes people type between the digits
	}, code)
	if len(code) != 6 {
		return 0, false
	}
	for d := -totpSkew; d <= totpSkew; d++ {
		at := now.Add(time.Duration(d*totpPeriod) * time.Second)
		want, err := totp.GenerateCodeCustom(secret, at, totp.ValidateOpts{Period: totpPeriod, Digits: totpDigits, Algorithm: otp.AlgorithmSHA1})
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return TOTPStep(at), true
		}
	}
	return 0, false
}

// NewRecoveryCodes makes n one-time recovery codes (ten base32 characters, 50 bits, in two
// groups) and their argon2id hashes, to store instead of the codes. The codes of one enrolment
// share a salt, so that MatchRecoveryCode derives a typed code's key once, not once a code: a
// wrong code costs one hash, as a wrong password does. (The salt is there against tables made
// in advance for every account at once; within one account the codes are distinct anyway.)
func NewRecoveryCodes(n int) (codes, hashes []string, err error) {
	salt, err := newSalt()
	if err != nil {
		return nil, nil, err
	}
	for range n {
		t := rand.Text()[:10]
		c := t[:5] + "-" + t[5:]
		codes = append(codes, c)
		hashes = append(hashes, hashWithSalt(NormalizeRecoveryCode(c), salt))
	}
	return codes, hashes, nil
}

// MatchRecoveryCode returns the index of the hash that code matches, or -1. The code's key is
// derived once for each salt and set of parameters among the hashes: once for codes made
// together by NewRecoveryCodes (each code had its own salt before, and costs its own hash).
// Every hash is compared, in constant time, so the answer's time does not tell which matched.
func MatchRecoveryCode(hashes []string, code string) int {
	c := NormalizeRecoveryCode(code)
	derived := map[string][]byte{} // by salt, parameters and length
	found := -1
	for i, s := range hashes {
		h, err := parseHash(s)
		if err != nil {
			continue // an unused slot ("") or a damaged row matches nothing
		}
		k := fmt.Sprintf("%x/%d/%d/%d/%d", h.salt, h.time, h.memory, h.threads, len(h.key))
		got, ok := derived[k]
		if !ok {
			got = h.derive(c, len(h.key))
			derived[k] = got
		}
		if subtle.ConstantTimeCompare(got, h.key) == 1 && found < 0 {
			found = i
		}
	}
	return found
}

// NormalizeRecoveryCode is the form a recovery code is hashed in: upper case, no dashes or spaces.
func NormalizeRecoveryCode(c string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == ' ':
			return -1
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, strings.TrimSpace(c))
}

// QRDataURL is a PNG as a data: URL, for an <img> without a request of its own.
func QRDataURL(pngBytes []byte) string {
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(pngBytes)
}
