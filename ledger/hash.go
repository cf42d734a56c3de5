package ledger

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"

	"github.com/emmansun/gmsm/sm3"

	"seedbed"
)

// HashSize is the length in bytes of every hash in the log (SHA-256 and SM3 alike).
const HashSize = 32

// Hash is a leaf, node or root hash of the Merkle tree.
type Hash [HashSize]byte

// String returns the hash in lower-case hex.
func (h Hash) String() string { return hex.EncodeToString(h[:]) }

// MarshalText encodes the hash as lower-case hex, so JSON shows it as a string.
func (h Hash) MarshalText() ([]byte, error) {
	out := make([]byte, 2*HashSize)
	hex.Encode(out, h[:])
	return out, nil
}

// UnmarshalText decodes a hash from exactly 64 hex digits.
func (h *Hash) UnmarshalText(text []byte) error {
	p, err := ParseHash(string(text))
	if err != nil {
		return err
	}
	*h = p
	return nil
}

// ParseHash decodes a hash from exactly 64 hex digits (either case).
func ParseHash(s string) (Hash, error) {
	var h Hash
	if len(s) != 2*HashSize {
		return h, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "哈希值应为 64 位十六进制数字，实际 %d 位", En: "a hash is 64 hex digits, got %d"}, len(s))
	}
	if _, err := hex.Decode(h[:], []byte(s)); err != nil {
		return h, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "哈希值含非十六进制字符", En: "a hash may hold only hex digits"})
	}
	return h, nil
}

// HashAlg is the hash function of a log: SHA-256 (the RFC 6962 default) or SM3.
type HashAlg uint8

// The supported hash algorithms. The zero value is deliberately invalid so that a forgotten
// setting is an error rather than a silent default.
const (
	SHA256 HashAlg = 1
	SM3    HashAlg = 2
)

// Names of the hash algorithms as they appear in heads, bundles and configuration.
const (
	nameSHA256 = "sha256"
	nameSM3    = "sm3"
)

// ParseHashAlg returns the algorithm named "sha256" or "sm3".
func ParseHashAlg(name string) (HashAlg, error) {
	switch name {
	case nameSHA256:
		return SHA256, nil
	case nameSM3:
		return SM3, nil
	}
	return 0, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "未知的哈希算法 %q（可选 sha256、sm3）", En: "unknown hash algorithm %q (use sha256 or sm3)"}, name)
}

// String returns "sha256", "sm3", or "invalid".
func (a HashAlg) String() string {
	switch a {
	case SHA256:
		return nameSHA256
	case SM3:
		return nameSM3
	}
	return "invalid"
}

// Valid reports whether a is a supported algorithm.
func (a HashAlg) Valid() bool { return a == SHA256 || a == SM3 }

// MarshalText encodes the algorithm by name.
func (a HashAlg) MarshalText() ([]byte, error) {
	if !a.Valid() {
		return nil, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "无效的哈希算法", En: "invalid hash algorithm"})
	}
	return []byte(a.String()), nil
}

// UnmarshalText decodes the algorithm from its name.
func (a *HashAlg) UnmarshalText(text []byte) error {
	p, err := ParseHashAlg(string(text))
	if err != nil {
		return err
	}
	*a = p
	return nil
}

// Sum returns the plain digest of data (no domain-separation prefix).
func (a HashAlg) Sum(data []byte) Hash {
	if a == SM3 {
		return sm3.Sum(data)
	}
	return sha256.Sum256(data)
}

// EmptyRoot returns the root of the empty tree: the digest of the empty string (RFC 6962 §2.1).
func (a HashAlg) EmptyRoot() Hash { return a.Sum(nil) }

// LeafHash returns H(0x00 ‖ data), the RFC 6962 hash of a leaf.
func (a HashAlg) LeafHash(data []byte) Hash {
	return newHasher(a).leaf(data)
}

// NodeHash returns H(0x01 ‖ left ‖ right), the RFC 6962 hash of an interior node.
func (a HashAlg) NodeHash(left, right Hash) Hash {
	if a == SHA256 {
		var b [1 + 2*HashSize]byte
		b[0] = 1
		copy(b[1:], left[:])
		copy(b[1+HashSize:], right[:])
		return sha256.Sum256(b[:])
	}
	return newHasher(a).node(left, right)
}

// RootOf returns the Merkle tree hash of the leaf hashes, in O(n) time and O(log n) memory.
func RootOf(alg HashAlg, leaves []Hash) Hash {
	f := NewFrontier(alg)
	for _, l := range leaves {
		f.push(l)
	}
	return f.Root()
}

// hasher computes leaf and node hashes reusing one digest state, so the hot paths (append,
// verify) do not allocate. It is not safe for concurrent use.
type hasher struct {
	alg HashAlg
	h   hash.Hash
	buf [1 + 2*HashSize]byte
}

func newHasher(alg HashAlg) *hasher {
	x := &hasher{alg: alg}
	if alg == SM3 {
		x.h = sm3.New()
	} else {
		x.h = sha256.New()
	}
	return x
}

func (x *hasher) node(left, right Hash) Hash {
	x.buf[0] = 1
	copy(x.buf[1:], left[:])
	copy(x.buf[1+HashSize:], right[:])
	if x.alg == SHA256 {
		return sha256.Sum256(x.buf[:])
	}
	return x.sum(x.buf[:])
}

func (x *hasher) leaf(data []byte) Hash {
	var out Hash
	x.buf[0] = 0
	x.h.Reset()
	x.h.Write(x.buf[:1])
	x.h.Write(data)
	x.h.Sum(out[:0])
	return out
}

func (x *hasher) sum(b []byte) Hash {
	var out Hash
	x.h.Reset()
	x.h.Write(b)
	x.h.Sum(out[:0])
	return out
}
