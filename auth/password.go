// Package auth holds the credentials side of access: argon2id password hashes, random secrets for
// sessions and API tokens (stored only as hashes), and login throttling. Who may do what is
// decided elsewhere, in seedbed.Authorize. It knows nothing of SQL or HTTP.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters (RFC 9106's second recommended option, with 64 MiB of memory).
const (
	argonTime    = 3
	argonMemory  = 64 * 1024
	argonThreads = 2
	argonKeyLen  = 32
	saltLen      = 16
)

// argonParams are the parameters new hashes are made with: argonTime, argonMemory and
// argonThreads, except in a test binary that called UseTestParameters. A hash records its own
// parameters, so CheckPassword reads them from the hash.
var argonParams = struct {
	time, memory uint32
	threads      uint8
}{argonTime, argonMemory, argonThreads}

// UseTestParameters makes new hashes cheap for the rest of a test binary, whose fixtures make
// hundreds of accounts: one pass over 64 KiB instead of three over 64 MiB, which take about
// 0.3 s on a busy 2-core machine. Call it from TestMain, before any test runs. It panics
// outside a test binary: a server always hashes with the parameters above.
func UseTestParameters() {
	if !testing.Testing() {
		panic("auth: test parameters outside a test binary")
	}
	argonParams.time, argonParams.memory, argonParams.threads = 1, 64, 1
}

// HashPassword returns an argon2id hash in the PHC string format:
// $argon2id$v=19$m=65536,t=3,p=2$salt$key.
func HashPassword(password string) (string, error) {
	salt, err := newSalt()
	if err != nil {
		return "", err
	}
	return hashWithSalt(password, salt), nil
}

// newSalt returns saltLen random bytes.
func newSalt() ([]byte, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return nil, err
	}
	return salt, nil
}

// hashWithSalt is HashPassword with a given salt, in the parameters of every new hash.
func hashWithSalt(password string, salt []byte) string {
	pp := argonParams
	h := argonHash{time: pp.time, memory: pp.memory, threads: pp.threads, salt: salt}
	h.key = h.derive(password, argonKeyLen)
	return h.String()
}

// argonHash is a hash in the PHC string format, read into its parts.
type argonHash struct {
	time, memory uint32
	threads      uint8
	salt, key    []byte
}

// derive is argon2id of password with the hash's salt and parameters, n bytes long.
func (h argonHash) derive(password string, n int) []byte {
	return argon2.IDKey([]byte(password), h.salt, h.time, h.memory, h.threads, uint32(n))
}

// String is the hash in the PHC string format.
func (h argonHash) String() string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, h.memory, h.time, h.threads,
		b64.EncodeToString(h.salt), b64.EncodeToString(h.key))
}

// parseHash reads a hash made by HashPassword.
func parseHash(hash string) (argonHash, error) {
	var h argonHash
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return h, errors.New("auth: not an argon2id hash")
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return h, errors.New("auth: unsupported argon2 version")
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &h.memory, &h.time, &h.threads); err != nil {
		return h, errors.New("auth: bad argon2 parameters")
	}
	b64 := base64.RawStdEncoding
	var err error
	if h.salt, err = b64.DecodeString(parts[4]); err != nil {
		return h, errors.New("auth: bad salt")
	}
	if h.key, err = b64.DecodeString(parts[5]); err != nil {
		return h, errors.New("auth: bad key")
	}
	return h, nil
}

// ErrMismatch is returned by CheckPassword when the password is wrong.
var ErrMismatch = errors.New("auth: password does not match")

// CheckPassword compares a password with a hash made by HashPassword, in constant time.
func CheckPassword(hash, password string) error {
	h, err := parseHash(hash)
	if err != nil {
		return err
	}
	if subtle.ConstantTimeCompare(h.derive(password, len(h.key)), h.key) != 1 {
		return ErrMismatch
	}
	return nil
}

// CheckNone is CheckPassword for a login that names no account, or a disabled one: it checks the
// password against a hash of nothing and fails, so that the answer takes as long as a wrong
// password's and does not tell which names exist.
func CheckNone(password string) error {
	_ = CheckPassword(noAccount(), password) // for its time alone
	return ErrMismatch
}

// noAccount is CheckNone's hash, made once with the parameters of every new hash.
var noAccount = sync.OnceValue(func() string {
	h, err := HashPassword("no account")
	if err != nil {
		panic("auth: " + err.Error()) // crypto/rand does not fail on supported platforms
	}
	return h
})

// NewSecret returns a random secret for a session or an API token, with a prefix that says
// what it is (so that a leaked token is recognisable), and the hash to store.
func NewSecret(prefix string) (secret, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	secret = prefix + base64.RawURLEncoding.EncodeToString(b)
	return secret, HashSecret(secret), nil
}

// HashSecret is the stored form of a session id or token: SHA-256, hex. Secrets carry 256 bits
// of randomness, so a fast hash is enough; a stolen table does not reveal usable secrets.
func HashSecret(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}
