package csvfile

import (
	"bufio"
	"bytes"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"seedbed"
)

// Encodings the reader recognises, as reported in messages.
const (
	encUTF8    = "UTF-8"
	encUTF16LE = "UTF-16LE"
	encUTF16BE = "UTF-16BE"
	encGB18030 = "GB18030"
)

const (
	// sniffWindow is how many bytes after the first non-ASCII byte decide the encoding.
	sniffWindow = 64 << 10
	// maxASCIIHead bounds the memory spent looking for a first non-ASCII byte; a file whose
	// first maxASCIIHead bytes are ASCII is read as UTF-8.
	maxASCIIHead = 8 << 20
)

var bomUTF8 = []byte{0xEF, 0xBB, 0xBF}

// decodeInput detects the encoding of r from its first bytes and returns a reader of its text
// as UTF-8 without a byte-order mark, and the encoding's name. A file in an encoding it does not
// recognise is a seedbed.Errors naming the line of the first byte that gave it away.
func decodeInput(r io.Reader) (io.Reader, string, error) {
	head, atEOF, err := readHead(r)
	if err != nil {
		return nil, "", err
	}
	rest := func(skip int) io.Reader {
		if atEOF {
			return bytes.NewReader(head[skip:])
		}
		return io.MultiReader(bytes.NewReader(head[skip:]), r)
	}
	switch {
	case bytes.HasPrefix(head, bomUTF8):
		return rest(len(bomUTF8)), encUTF8, nil
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		d := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		return transform.NewReader(rest(0), d), encUTF16LE, nil
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		d := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
		return transform.NewReader(rest(0), d), encUTF16BE, nil
	}
	if nul := bytes.Count(head, []byte{0}); nul > 0 && nul*10 >= len(head) {
		return nil, "", encodingError(1,
			"无法识别文件编码：文件含大量空字节，可能是没有字节顺序标记（BOM）的 UTF-16。请在 Excel 中另存为“CSV UTF-8（逗号分隔）”",
			"unknown file encoding: the file is full of NUL bytes, perhaps UTF-16 without a byte-order mark; save it from Excel as \"CSV UTF-8 (Comma delimited)\"")
	}
	if validUTF8Head(head, atEOF) {
		return rest(0), encUTF8, nil
	}
	bad, multi, common := scanGB18030(head, atEOF)
	if bad >= 0 {
		return nil, "", encodingError(1+bytes.Count(head[:bad], []byte{'\n'}),
			"无法识别文件编码：既不是 UTF-8，也不是 GBK/GB18030。请在 Excel 中另存为“CSV UTF-8（逗号分隔）”",
			"unknown file encoding: neither UTF-8 nor GBK/GB18030; save it from Excel as \"CSV UTF-8 (Comma delimited)\"")
	}
	// Real GBK text is overwhelmingly GB2312 hanzi and punctuation. Big5 (traditional Chinese)
	// and similar double-byte encodings are valid GBK byte for byte but decode to garbage, which
	// shows as a low share of common characters.
	if multi >= 8 && common*10 < multi*7 {
		line := 1 + bytes.Count(head[:firstNonASCII(head)], []byte{'\n'})
		return nil, "", encodingError(line,
			"无法识别文件编码：按 GBK 解码后是乱码，文件可能是繁体中文 Big5 或其他编码。请在 Excel 中另存为“CSV UTF-8（逗号分隔）”",
			"unknown file encoding: the text is garbage when read as GBK, perhaps Big5 or another encoding; save it from Excel as \"CSV UTF-8 (Comma delimited)\"")
	}
	return transform.NewReader(rest(0), simplifiedchinese.GB18030.NewDecoder()), encGB18030, nil
}

// readHead reads until sniffWindow bytes after the first non-ASCII byte, the end of the input
// or maxASCIIHead bytes, whichever comes first.
func readHead(r io.Reader) (head []byte, atEOF bool, err error) {
	head = make([]byte, 0, sniffWindow)
	nonASCII := -1
	for {
		if len(head) == cap(head) {
			head = append(head, 0)[:len(head)]
		}
		n, err := r.Read(head[len(head):cap(head)])
		if nonASCII < 0 {
			if i := firstNonASCII(head[len(head) : len(head)+n]); i < n {
				nonASCII = len(head) + i
			}
		}
		head = head[:len(head)+n]
		switch {
		case err == io.EOF:
			return head, true, nil
		case err != nil:
			return nil, false, err
		case nonASCII >= 0 && len(head)-nonASCII >= sniffWindow:
			return head, false, nil
		case nonASCII < 0 && len(head) >= maxASCIIHead:
			return head, false, nil
		}
	}
}

// firstNonASCII returns the index of the first byte >= 0x80, or len(b).
func firstNonASCII(b []byte) int {
	for i, c := range b {
		if c >= utf8.RuneSelf {
			return i
		}
	}
	return len(b)
}

// validUTF8Head reports whether b is UTF-8, allowing a rune cut off at the end when more input
// follows.
func validUTF8Head(b []byte, atEOF bool) bool {
	if utf8.Valid(b) {
		return true
	}
	if atEOF {
		return false
	}
	for k := 1; k <= 3 && k < len(b); k++ {
		if !utf8.FullRune(b[len(b)-k:]) && utf8.Valid(b[:len(b)-k]) {
			return true
		}
	}
	return false
}

// scanGB18030 checks that b is made of GB18030 byte sequences. It returns the offset of the
// first invalid byte (or -1), the number of multi-byte characters, and how many of those are
// common GB2312 hanzi or full-width punctuation.
func scanGB18030(b []byte, atEOF bool) (bad, multi, common int) {
	for i := 0; i < len(b); {
		c0 := b[i]
		switch {
		case c0 < 0x80:
			i++
			continue
		case c0 == 0x80: // the euro sign in Code Page 936
			i++
			continue
		case c0 == 0xFF:
			return i, multi, common
		}
		if i+1 >= len(b) {
			if atEOF {
				return i, multi, common
			}
			break
		}
		c1 := b[i+1]
		if c1 >= 0x30 && c1 <= 0x39 { // four-byte sequence
			if i+3 >= len(b) {
				if atEOF {
					return i, multi, common
				}
				break
			}
			if c2, c3 := b[i+2], b[i+3]; c2 < 0x81 || c2 == 0xFF || c3 < 0x30 || c3 > 0x39 {
				return i, multi, common
			}
			multi++
			i += 4
			continue
		}
		if c1 < 0x40 || c1 == 0x7F || c1 == 0xFF {
			return i, multi, common
		}
		multi++
		if c1 >= 0xA1 && ((c0 >= 0xB0 && c0 <= 0xF7) || (c0 >= 0xA1 && c0 <= 0xA3)) {
			common++
		}
		i += 2
	}
	return -1, multi, common
}

// sniffComma returns tab when the first line has tabs and no commas (Excel's "Unicode text"
// export), else comma.
func sniffComma(br *bufio.Reader) rune {
	b, _ := br.Peek(4096)
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	}
	if bytes.IndexByte(b, '\t') >= 0 && bytes.IndexByte(b, ',') < 0 {
		return '\t'
	}
	return ','
}

// encodingError is the error for a file that cannot be read as text.
func encodingError(line int, zh, en string) error {
	return seedbed.Errors{{Code: seedbed.EINVALID, Line: line, Text: seedbed.Label{Zh: zh, En: en}}}
}

// DecodeText detects the encoding of a text file as ReadInnovators does — UTF-8 with or without a
// byte-order mark, UTF-16 with one, GBK/GB18030 — and returns a reader of its text as UTF-8
// without a byte-order mark, and the encoding's name. Other importers (indicator observations)
// use it so that every import accepts the same files.
func DecodeText(r io.Reader) (io.Reader, string, error) { return decodeInput(r) }
