package ledger

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/pem"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"

	"seedbed"
)

// Signature algorithms of tree heads.
const (
	// SigEd25519 is PureEdDSA over Curve25519 (RFC 8032), signing the head bytes directly.
	SigEd25519 = "ed25519"
	// SigSM2 is SM2 (GB/T 32918.2) with SM3 and the default user id 1234567812345678; the
	// signature is ASN.1 DER SEQUENCE{r, s}, as OpenSSL writes it.
	SigSM2 = "sm2-sm3"
)

// Verifier checks signatures with one public key.
type Verifier interface {
	// Algorithm returns SigEd25519 or SigSM2.
	Algorithm() string
	// KeyID returns the key's fingerprint: lower-case hex SHA-256 of its PKIX DER encoding.
	KeyID() string
	// Verify returns nil if sig is a valid signature of msg, else an EINVALID error.
	Verify(msg, sig []byte) error
	// PublicKeyPEM returns the key as a PEM "PUBLIC KEY" block (PKIX), readable by openssl.
	PublicKeyPEM() []byte
}

// Signer signs tree heads with one private key.
type Signer interface {
	// Algorithm returns SigEd25519 or SigSM2.
	Algorithm() string
	// Sign returns the signature of msg.
	Sign(msg []byte) ([]byte, error)
	// Verifier returns the matching public key.
	Verifier() Verifier
}

// GenerateKey returns a new private key for SigEd25519 or SigSM2, from crypto/rand.
func GenerateKey(alg string) (Signer, error) {
	switch alg {
	case SigEd25519:
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, err
		}
		return newEd25519Signer(priv)
	case SigSM2:
		priv, err := sm2.GenerateKey(rand.Reader)
		if err != nil {
			return nil, err
		}
		return newSM2Signer(priv)
	}
	return nil, unknownSigAlg(alg)
}

func unknownSigAlg(alg string) error {
	return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "未知的签名算法 %q（可选 ed25519、sm2-sm3）", En: "unknown signature algorithm %q (use ed25519 or sm2-sm3)"}, alg)
}

// MarshalPrivateKeyPEM encodes a key made by GenerateKey or ParsePrivateKeyPEM as a PEM
// "PRIVATE KEY" block (unencrypted PKCS#8). Keep the result in a file readable only by the
// service account.
func MarshalPrivateKeyPEM(s Signer) ([]byte, error) {
	var key any
	switch k := s.(type) {
	case *ed25519Signer:
		key = k.priv
	case *sm2Signer:
		key = k.priv
	default:
		return nil, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "此签名者的私钥不能导出", En: "this signer's private key cannot be exported"})
	}
	der, err := smx509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

// ParsePrivateKeyPEM decodes an Ed25519 or SM2 private key from a PEM "PRIVATE KEY" block
// (PKCS#8), such as `openssl genpkey -algorithm ed25519` or `-algorithm SM2` writes.
func ParsePrivateKeyPEM(data []byte) (Signer, error) {
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "PRIVATE KEY" {
		return nil, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "私钥应为 PEM 格式的 PKCS#8（PRIVATE KEY）", En: `the private key must be a PEM PKCS#8 "PRIVATE KEY" block`})
	}
	key, err := smx509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "无法解析私钥：%v", En: "cannot parse the private key: %v"}, err)
	}
	switch k := key.(type) {
	case ed25519.PrivateKey:
		return newEd25519Signer(k)
	case *sm2.PrivateKey:
		return newSM2Signer(k)
	}
	return nil, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "私钥类型 %T 不受支持（应为 Ed25519 或 SM2）", En: "key type %T is not supported (use Ed25519 or SM2)"}, key)
}

// ParsePublicKeyPEM decodes an Ed25519 or SM2 public key from a PEM "PUBLIC KEY" block (PKIX).
func ParsePublicKeyPEM(data []byte) (Verifier, error) {
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "PUBLIC KEY" {
		return nil, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "公钥应为 PEM 格式的 PUBLIC KEY", En: `the public key must be a PEM "PUBLIC KEY" block`})
	}
	key, err := smx509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "无法解析公钥：%v", En: "cannot parse the public key: %v"}, err)
	}
	switch k := key.(type) {
	case ed25519.PublicKey:
		return newEd25519Verifier(k)
	case *ecdsa.PublicKey:
		if k.Curve == sm2.P256() {
			return newSM2Verifier(k)
		}
	}
	return nil, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "公钥类型不受支持（应为 Ed25519 或 SM2）", En: "the public key is not Ed25519 or SM2"})
}

// publicKey holds what both verifier kinds share: the PEM form and fingerprint.
type publicKey struct {
	pem   []byte
	keyID string
}

func newPublicKey(pub any) (publicKey, error) {
	der, err := smx509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return publicKey{}, err
	}
	sum := sha256.Sum256(der)
	return publicKey{
		pem:   pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}),
		keyID: hex.EncodeToString(sum[:]),
	}, nil
}

func (p publicKey) KeyID() string        { return p.keyID }
func (p publicKey) PublicKeyPEM() []byte { return append([]byte(nil), p.pem...) }

func badSignature() error {
	return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "签名无效", En: "the signature is not valid"})
}

type ed25519Verifier struct {
	publicKey
	pub ed25519.PublicKey
}

func newEd25519Verifier(pub ed25519.PublicKey) (*ed25519Verifier, error) {
	p, err := newPublicKey(pub)
	if err != nil {
		return nil, err
	}
	return &ed25519Verifier{publicKey: p, pub: pub}, nil
}

func (v *ed25519Verifier) Algorithm() string { return SigEd25519 }

func (v *ed25519Verifier) Verify(msg, sig []byte) error {
	if len(sig) != ed25519.SignatureSize || !ed25519.Verify(v.pub, msg, sig) {
		return badSignature()
	}
	return nil
}

type ed25519Signer struct {
	priv ed25519.PrivateKey
	v    *ed25519Verifier
}

func newEd25519Signer(priv ed25519.PrivateKey) (*ed25519Signer, error) {
	v, err := newEd25519Verifier(priv.Public().(ed25519.PublicKey))
	if err != nil {
		return nil, err
	}
	return &ed25519Signer{priv: priv, v: v}, nil
}

func (s *ed25519Signer) Algorithm() string  { return SigEd25519 }
func (s *ed25519Signer) Verifier() Verifier { return s.v }
func (s *ed25519Signer) Sign(msg []byte) ([]byte, error) {
	return ed25519.Sign(s.priv, msg), nil
}

type sm2Verifier struct {
	publicKey
	pub *ecdsa.PublicKey
}

func newSM2Verifier(pub *ecdsa.PublicKey) (*sm2Verifier, error) {
	p, err := newPublicKey(pub)
	if err != nil {
		return nil, err
	}
	return &sm2Verifier{publicKey: p, pub: pub}, nil
}

func (v *sm2Verifier) Algorithm() string { return SigSM2 }

func (v *sm2Verifier) Verify(msg, sig []byte) error {
	// A nil uid selects the default user id 1234567812345678 (GB/T 35276).
	if !sm2.VerifyASN1WithSM2(v.pub, nil, msg, sig) {
		return badSignature()
	}
	return nil
}

type sm2Signer struct {
	priv *sm2.PrivateKey
	v    *sm2Verifier
}

func newSM2Signer(priv *sm2.PrivateKey) (*sm2Signer, error) {
	v, err := newSM2Verifier(&priv.PublicKey)
	if err != nil {
		return nil, err
	}
	return &sm2Signer{priv: priv, v: v}, nil
}

func (s *sm2Signer) Algorithm() string  { return SigSM2 }
func (s *sm2Signer) Verifier() Verifier { return s.v }
func (s *sm2Signer) Sign(msg []byte) ([]byte, error) {
	return s.priv.Sign(rand.Reader, msg, sm2.DefaultSM2SignerOpts)
}
