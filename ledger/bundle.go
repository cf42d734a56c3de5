package ledger

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"iter"
	"strconv"

	"seedbed"
)

// A bundle is the exported log, checkable offline by another party. It is JSON lines, each
// line in exactly the form WriteBundle writes (the reader refuses any other spelling, so
// changing any byte is either refused or caught by a hash or signature):
//
//	{"format":"seedbed-ledger-bundle","version":1,"hash_alg":"sha256","keys":[{"key_id":"…","sig_alg":"ed25519","public_key":"-----BEGIN PUBLIC KEY-----\n…"}]}
//	{"head":{"size":…,"root":"…","time":"…","hash_alg":"sha256","sig_alg":"ed25519","key_id":"…","signature":"…","message":"…"}}   (one line per signed head, by size)
//	{"index":0,"leaf":"<hex>","root":"<hex>","entry":{…canonical entry…}}                                                          (one line per entry, by index)
//	{"end":{"entries":N,"heads":H}}
//
// The end line makes truncation evident; heads come before entries so that verification
// streams the entries in constant memory.
const (
	bundleFormat  = "seedbed-ledger-bundle"
	bundleVersion = 1
	// maxBundleLine bounds one line: the largest entry plus its hashes and framing.
	maxBundleLine = MaxPayloadBytes + 8*maxTextBytes + 1024
	// maxBundleHeads bounds the heads held in memory: a checkpoint every 1,024 entries
	// allows a billion entries.
	maxBundleHeads = 1 << 20
)

// BundleKey is a public key listed in a bundle.
type BundleKey struct {
	KeyID     string `json:"key_id"`
	SigAlg    string `json:"sig_alg"`
	PublicKey string `json:"public_key"`
}

// BundleMeta is what a bundle holds besides its entries.
type BundleMeta struct {
	HashAlg HashAlg
	Keys    []Verifier
	Heads   []SignedHead
}

// Bundle is a whole bundle read into memory.
type Bundle struct {
	BundleMeta
	Records []Record
}

type bundleHeader struct {
	Format  string      `json:"format"`
	Version int         `json:"version"`
	HashAlg HashAlg     `json:"hash_alg"`
	Keys    []BundleKey `json:"keys"`
}

type bundleHead struct {
	Head *SignedHead `json:"head"`
}

type bundleEnd struct {
	End *struct {
		Entries uint64 `json:"entries"`
		Heads   int    `json:"heads"`
	} `json:"end"`
}

// WriteBundle writes a bundle of the log: its keys, signed heads and the records in index
// order. It returns the first read or write error.
func WriteBundle(w io.Writer, meta BundleMeta, records iter.Seq2[Record, error]) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	h := bundleHeader{Format: bundleFormat, Version: bundleVersion, HashAlg: meta.HashAlg, Keys: []BundleKey{}}
	for _, k := range meta.Keys {
		h.Keys = append(h.Keys, BundleKey{KeyID: k.KeyID(), SigAlg: k.Algorithm(), PublicKey: string(k.PublicKeyPEM())})
	}
	if err := writeJSONLine(bw, h); err != nil {
		return err
	}
	heads := sortedHeads(meta.Heads)
	for i := range heads {
		if err := writeJSONLine(bw, bundleHead{Head: &heads[i]}); err != nil {
			return err
		}
	}
	var n uint64
	var line []byte
	for r, err := range records {
		if err != nil {
			return err
		}
		line = appendRecordLine(line[:0], r)
		if _, err := bw.Write(line); err != nil {
			return err
		}
		n++
	}
	end := bundleEnd{End: &struct {
		Entries uint64 `json:"entries"`
		Heads   int    `json:"heads"`
	}{n, len(heads)}}
	if err := writeJSONLine(bw, end); err != nil {
		return err
	}
	return bw.Flush()
}

func writeJSONLine(w *bufio.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}

func appendRecordLine(b []byte, r Record) []byte {
	b = append(b, `{"index":`...)
	b = strconv.AppendUint(b, r.Index, 10)
	b = append(b, `,"leaf":"`...)
	b = hex.AppendEncode(b, r.LeafHash[:])
	b = append(b, `","root":"`...)
	b = hex.AppendEncode(b, r.Root[:])
	b = append(b, `","entry":`...)
	b = append(b, r.Entry...)
	return append(b, "}\n"...)
}

// parseRecordLine reads a line written by appendRecordLine (without its newline).
func parseRecordLine(line []byte) (Record, bool) {
	var r Record
	rest, ok := bytes.CutPrefix(line, []byte(`{"index":`))
	if !ok {
		return r, false
	}
	comma := bytes.IndexByte(rest, ',')
	if comma <= 0 || comma > 20 || rest[0] == '0' && comma > 1 {
		return r, false
	}
	idx, err := strconv.ParseUint(string(rest[:comma]), 10, 64)
	if err != nil {
		return r, false
	}
	r.Index = idx
	rest = rest[comma:]
	for _, f := range []struct {
		prefix string
		dst    *Hash
	}{{`,"leaf":"`, &r.LeafHash}, {`","root":"`, &r.Root}} {
		rest, ok = bytes.CutPrefix(rest, []byte(f.prefix))
		if !ok || len(rest) < 2*HashSize || !lowerHex(rest[:2*HashSize]) {
			return r, false
		}
		hex.Decode(f.dst[:], rest[:2*HashSize])
		rest = rest[2*HashSize:]
	}
	rest, ok = bytes.CutPrefix(rest, []byte(`","entry":`))
	if !ok || len(rest) < 2 || rest[len(rest)-1] != '}' {
		return r, false
	}
	r.Entry = rest[:len(rest)-1]
	return r, true
}

func lowerHex(b []byte) bool {
	for _, c := range b {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// bundleError is a refusal of a malformed bundle at a line.
func bundleError(line int, zh, en string) error {
	return &seedbed.Error{Code: seedbed.EINVALID, Line: line, Text: seedbed.Label{Zh: "账本包" + zh, En: "ledger bundle " + en}}
}

// lineReader reads newline-terminated lines of bounded length.
type lineReader struct {
	br   *bufio.Reader
	n    int // number of the line last returned
	long []byte
}

// next returns the next line without its newline, io.EOF at a clean end, or an error for a
// line that is too long or lacks its newline (a truncated bundle).
func (lr *lineReader) next() ([]byte, error) {
	lr.n++
	lr.long = lr.long[:0]
	for {
		b, err := lr.br.ReadSlice('\n')
		switch {
		case err == nil && len(lr.long) == 0:
			return b[:len(b)-1], nil
		case err == nil:
			lr.long = append(lr.long, b...)
			return lr.long[:len(lr.long)-1], nil
		case errors.Is(err, bufio.ErrBufferFull):
			lr.long = append(lr.long, b...)
			if len(lr.long) > maxBundleLine {
				return nil, bundleError(lr.n, "中的行过长", "line is too long")
			}
		case errors.Is(err, io.EOF):
			if len(b) == 0 && len(lr.long) == 0 {
				return nil, io.EOF
			}
			return nil, bundleError(lr.n, "在行中间被截断", "is truncated in the middle of a line")
		default:
			return nil, err
		}
	}
}

// decodeLine decodes a JSON line strictly and checks that it is spelled exactly as
// WriteBundle spells it.
func decodeLine(line []byte, v any) bool {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if dec.Decode(v) != nil || dec.More() {
		return false
	}
	again, err := json.Marshal(v)
	return err == nil && bytes.Equal(again, line)
}
