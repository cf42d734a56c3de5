package ledger

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"seedbed"
)

// TreeHead states the size and root of the log at a time. Its Message is what is signed.
type TreeHead struct {
	Size    uint64    `json:"size"`
	Root    Hash      `json:"root"`
	Time    time.Time `json:"time"`
	HashAlg HashAlg   `json:"hash_alg"`
}

// headMagic is the first line of a signed head: it names the format and version, and keeps a
// head signature from being valid as any other kind of message signed with the same key.
const headMagic = "seedbed-ledger-tree-head-v1"

// NewTreeHead returns the head of the log in f at time now (kept to the microsecond, in UTC).
func NewTreeHead(f *Frontier, now time.Time) TreeHead {
	return TreeHead{Size: f.Size(), Root: f.Root(), Time: now.UTC().Truncate(time.Microsecond), HashAlg: f.HashAlg()}
}

// Message returns the canonical bytes that are signed: five lines of ASCII text, each ending
// in "\n":
//
//	seedbed-ledger-tree-head-v1
//	hash sha256
//	size 1234
//	root <64 lower-case hex digits>
//	time 2026-03-14T01:26:53.589793Z
//
// A third party can read the file with any text viewer and check the signature with openssl
// (see OPENSSL.md).
func (h TreeHead) Message() []byte {
	var b bytes.Buffer
	b.Grow(160)
	b.WriteString(headMagic)
	b.WriteString("\nhash ")
	b.WriteString(h.HashAlg.String())
	b.WriteString("\nsize ")
	b.WriteString(strconv.FormatUint(h.Size, 10))
	b.WriteString("\nroot ")
	b.WriteString(h.Root.String())
	b.WriteString("\ntime ")
	b.WriteString(h.Time.UTC().Truncate(time.Microsecond).Format(TimeLayout))
	b.WriteString("\n")
	return b.Bytes()
}

// ParseTreeHead decodes the bytes Message returns, refusing anything else.
func ParseTreeHead(msg []byte) (TreeHead, error) {
	bad := func(what string) (TreeHead, error) {
		return TreeHead{}, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "树头格式无效：%s", En: "tree head is malformed: %s"}, what)
	}
	if len(msg) > 512 {
		return bad("too long")
	}
	lines := strings.Split(string(msg), "\n")
	if len(lines) != 6 || lines[5] != "" || lines[0] != headMagic {
		return bad("expected " + headMagic + " and four lines")
	}
	var h TreeHead
	fields := []string{"hash", "size", "root", "time"}
	for i, name := range fields {
		value, ok := strings.CutPrefix(lines[i+1], name+" ")
		if !ok {
			return bad("line " + strconv.Itoa(i+2) + " should start with " + name)
		}
		var err error
		switch name {
		case "hash":
			h.HashAlg, err = ParseHashAlg(value)
		case "size":
			h.Size, err = strconv.ParseUint(value, 10, 64)
		case "root":
			h.Root, err = ParseHash(value)
		case "time":
			h.Time, err = time.Parse(TimeLayout, value)
		}
		if err != nil {
			return bad(name)
		}
	}
	if !bytes.Equal(h.Message(), msg) {
		return bad("not in canonical form")
	}
	return h, nil
}

// SignedHead is a tree head with its signature and the fingerprint of the signing key.
type SignedHead struct {
	TreeHead
	SigAlg    string `json:"sig_alg"`
	KeyID     string `json:"key_id"`
	Signature []byte `json:"signature"`
}

// SignHead signs h with s.
func SignHead(s Signer, h TreeHead) (SignedHead, error) {
	if !h.HashAlg.Valid() {
		return SignedHead{}, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "树头的哈希算法无效", En: "the tree head has no valid hash algorithm"})
	}
	h.Time = h.Time.UTC().Truncate(time.Microsecond)
	sig, err := s.Sign(h.Message())
	if err != nil {
		return SignedHead{}, err
	}
	return SignedHead{TreeHead: h, SigAlg: s.Algorithm(), KeyID: s.Verifier().KeyID(), Signature: sig}, nil
}

// VerifyHead checks that sh was signed by v's key. It returns nil or an EINVALID error.
func VerifyHead(v Verifier, sh SignedHead) error {
	if sh.SigAlg != v.Algorithm() {
		return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "签名算法 %q 与公钥 %q 不符", En: "signature algorithm %q does not match the key's %q"}, sh.SigAlg, v.Algorithm())
	}
	if sh.KeyID != v.KeyID() {
		return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "树头由另一把密钥 %s 签名", En: "the head was signed by another key, %s"}, sh.KeyID)
	}
	if !sh.HashAlg.Valid() {
		return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "树头的哈希算法无效", En: "the tree head has no valid hash algorithm"})
	}
	return v.Verify(sh.Message(), sh.Signature)
}

// signedHeadJSON is the JSON form of a signed head. Message repeats the signed bytes so a
// third party can save them with `jq -j .message`; on input it must agree with the fields.
type signedHeadJSON struct {
	Size      uint64  `json:"size"`
	Root      Hash    `json:"root"`
	Time      string  `json:"time"`
	HashAlg   HashAlg `json:"hash_alg"`
	SigAlg    string  `json:"sig_alg"`
	KeyID     string  `json:"key_id"`
	Signature []byte  `json:"signature"`
	Message   *string `json:"message,omitempty"`
}

// MarshalJSON encodes the head with its signed message; the signature is base64.
func (sh SignedHead) MarshalJSON() ([]byte, error) {
	msg := string(sh.Message())
	return json.Marshal(signedHeadJSON{
		Size: sh.Size, Root: sh.Root, Time: sh.Time.UTC().Truncate(time.Microsecond).Format(TimeLayout),
		HashAlg: sh.HashAlg, SigAlg: sh.SigAlg, KeyID: sh.KeyID, Signature: sh.Signature, Message: &msg,
	})
}

// UnmarshalJSON decodes a head written by MarshalJSON, refusing one whose message does not
// match its fields.
func (sh *SignedHead) UnmarshalJSON(data []byte) error {
	var j signedHeadJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "签名树头格式无效：%v", En: "signed head is malformed: %v"}, err)
	}
	t, err := time.Parse(TimeLayout, j.Time)
	if err != nil {
		return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "签名树头的时间格式应为 %s", En: "a signed head's time must have the form %s"}, TimeLayout)
	}
	if !j.HashAlg.Valid() {
		return seedbed.FieldError("hash_alg", seedbed.Label{Zh: "签名树头缺少哈希算法（hash_alg）", En: "a signed head names no hash algorithm (hash_alg)"})
	}
	h := SignedHead{TreeHead: TreeHead{Size: j.Size, Root: j.Root, Time: t, HashAlg: j.HashAlg}, SigAlg: j.SigAlg, KeyID: j.KeyID, Signature: j.Signature}
	if j.Message != nil && *j.Message != string(h.Message()) {
		return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "签名树头的 message 与各字段不符", En: "a signed head's message does not match its fields"})
	}
	*sh = h
	return nil
}
