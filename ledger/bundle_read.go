package ledger

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"iter"
)

// bundleScanner reads a bundle: the header and heads when opened, then the records as they
// are iterated, then the end line.
type bundleScanner struct {
	lr    lineReader
	meta  BundleMeta
	ahead []byte // the first line after the heads, already read
}

func openBundle(r io.Reader) (*bundleScanner, error) {
	s := &bundleScanner{lr: lineReader{br: bufio.NewReaderSize(r, 64<<10)}}
	line, err := s.lr.next()
	if err == io.EOF {
		return nil, bundleError(1, "为空", "is empty")
	}
	if err != nil {
		return nil, err
	}
	var h bundleHeader
	if !decodeLine(line, &h) || h.Format != bundleFormat {
		return nil, bundleError(1, "的首行不是账本包头", "does not start with a ledger bundle header")
	}
	if h.Version != bundleVersion {
		return nil, bundleError(1, fmt.Sprintf("的版本 %d 不受支持", h.Version), fmt.Sprintf("version %d is not supported", h.Version))
	}
	s.meta.HashAlg = h.HashAlg
	for _, k := range h.Keys {
		v, err := ParsePublicKeyPEM([]byte(k.PublicKey))
		// The PEM must be exactly the canonical encoding: base64 decoding ignores some trailing
		// bits, and a bundle has one accepted spelling.
		if err != nil || v.KeyID() != k.KeyID || v.Algorithm() != k.SigAlg || string(v.PublicKeyPEM()) != k.PublicKey {
			return nil, bundleError(1, "中的公钥 "+k.KeyID+" 无效或与其指纹不符", "key "+k.KeyID+" is invalid or does not match its fingerprint")
		}
		s.meta.Keys = append(s.meta.Keys, v)
	}
	for {
		line, err := s.lr.next()
		if err == io.EOF {
			return nil, s.truncated()
		}
		if err != nil {
			return nil, err
		}
		if !bytes.HasPrefix(line, []byte(`{"head":`)) {
			s.ahead = line
			return s, nil
		}
		var bh bundleHead
		if !decodeLine(line, &bh) || bh.Head == nil {
			return nil, bundleError(s.lr.n, "中的签名树头格式无效", "has a malformed signed head")
		}
		if len(s.meta.Heads) >= maxBundleHeads {
			return nil, bundleError(s.lr.n, "中的签名树头过多", "has too many signed heads")
		}
		if n := len(s.meta.Heads); n > 0 && s.meta.Heads[n-1].Size > bh.Head.Size {
			return nil, bundleError(s.lr.n, "中的签名树头未按规模排序", "has signed heads out of order")
		}
		s.meta.Heads = append(s.meta.Heads, *bh.Head)
	}
}

func (s *bundleScanner) truncated() error {
	return bundleError(s.lr.n, fmt.Sprintf("在第 %d 行后被截断（缺少结束行）", s.lr.n-1),
		fmt.Sprintf("is truncated after line %d (the end line is missing)", s.lr.n-1))
}

// records yields the entry records, then checks the end line and that nothing follows it.
// A yielded record's Entry is only valid until the next one is read.
func (s *bundleScanner) records() iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		var count uint64
		line := s.ahead
		for {
			if bytes.HasPrefix(line, []byte(`{"end":`)) {
				if err := s.end(line, count); err != nil {
					yield(Record{}, err)
				}
				return
			}
			r, ok := parseRecordLine(line)
			if !ok {
				yield(Record{}, bundleError(s.lr.n, "中的条目行格式无效", "has a malformed entry line"))
				return
			}
			if !yield(r, nil) {
				return
			}
			count++
			var err error
			line, err = s.lr.next()
			if err == io.EOF {
				yield(Record{}, s.truncated())
				return
			}
			if err != nil {
				yield(Record{}, err)
				return
			}
		}
	}
}

// end checks the end line against what was read; it returns nil if all is well.
func (s *bundleScanner) end(line []byte, count uint64) error {
	var e bundleEnd
	if !decodeLine(line, &e) || e.End == nil {
		return bundleError(s.lr.n, "的结束行格式无效", "has a malformed end line")
	}
	if e.End.Entries != count || e.End.Heads != len(s.meta.Heads) {
		return bundleError(s.lr.n,
			fmt.Sprintf("的结束行称有 %d 个条目、%d 个树头，实际为 %d 个、%d 个", e.End.Entries, e.End.Heads, count, len(s.meta.Heads)),
			fmt.Sprintf("end line claims %d entries and %d heads, but it holds %d and %d", e.End.Entries, e.End.Heads, count, len(s.meta.Heads)))
	}
	if _, err := s.lr.next(); err != io.EOF {
		return bundleError(s.lr.n, "在结束行之后还有内容", "has content after its end line")
	}
	return nil
}

// ReadBundle reads a whole bundle into memory, refusing a malformed or truncated one with an
// EINVALID *seedbed.Error that names the line. It does not verify hashes or signatures; use
// VerifyBundle for that.
func ReadBundle(r io.Reader) (*Bundle, error) {
	s, err := openBundle(r)
	if err != nil {
		return nil, err
	}
	b := &Bundle{BundleMeta: s.meta}
	for rec, err := range s.records() {
		if err != nil {
			return nil, err
		}
		rec.Entry = bytes.Clone(rec.Entry)
		b.Records = append(b.Records, rec)
	}
	return b, nil
}

// VerifyBundle verifies a bundle as it streams in: it refuses a malformed or truncated one
// with an EINVALID *seedbed.Error naming the line, and otherwise reports as Verify does. Heads
// must be signed by one of the trusted keys; with none given, the keys in the bundle are used
// and the report says so (compare its KeyIDs with the published fingerprint).
func VerifyBundle(r io.Reader, trusted ...Verifier) (Report, error) {
	s, err := openBundle(r)
	if err != nil {
		return Report{}, err
	}
	opts := VerifyOptions{HashAlg: s.meta.HashAlg, Heads: s.meta.Heads, Keys: trusted}
	if len(trusted) == 0 {
		opts.Keys = s.meta.Keys
	}
	rep, err := Verify(s.records(), opts)
	if err != nil {
		return Report{}, err
	}
	rep.KeysFromBundle = len(trusted) == 0
	return rep, nil
}

// Iter returns the bundle's records for Verify.
func (b *Bundle) Iter() iter.Seq2[Record, error] { return Records(b.Records) }
