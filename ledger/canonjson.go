package ledger

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"unicode/utf8"
)

// maxJSONDepth bounds the nesting of a payload, so hostile input cannot exhaust the stack.
const maxJSONDepth = 64

// canonicalJSON returns the canonical form of one JSON value: no insignificant white space,
// object members sorted by key (byte order of the UTF-8 key), strings escaped as
// encoding/json escapes them, numbers kept exactly as written. Duplicate keys, invalid UTF-8
// and trailing data are errors, since they would let two readers see different payloads.
func canonicalJSON(raw []byte) ([]byte, error) {
	if !utf8.Valid(raw) {
		return nil, errors.New("payload is not valid UTF-8")
	}
	if isCanonical(raw) {
		// What json.Marshal writes for a map, say, usually is canonical already: one pass
		// that checks it spares decoding and re-encoding every token.
		return raw, nil
	}
	return canonicalSlow(raw)
}

// canonicalSlow is canonicalJSON's general path: decode every token and write it anew.
func canonicalSlow(raw []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var out bytes.Buffer
	out.Grow(len(raw))
	if err := canonValue(dec, &out, 0); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("payload has data after the JSON value")
	}
	return out.Bytes(), nil
}

func canonValue(dec *json.Decoder, out *bytes.Buffer, depth int) error {
	if depth > maxJSONDepth {
		return errors.New("payload is nested too deeply")
	}
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch v := tok.(type) {
	case json.Delim:
		switch v {
		case '{':
			return canonObject(dec, out, depth)
		case '[':
			out.WriteByte('[')
			for i := 0; dec.More(); i++ {
				if i > 0 {
					out.WriteByte(',')
				}
				if err := canonValue(dec, out, depth+1); err != nil {
					return err
				}
			}
			if _, err := dec.Token(); err != nil {
				return err
			}
			out.WriteByte(']')
			return nil
		}
		return errors.New("unexpected delimiter in payload")
	case string:
		writeJSONString(out, v)
	case json.Number:
		out.WriteString(v.String())
	case bool:
		if v {
			out.WriteString("true")
		} else {
			out.WriteString("false")
		}
	case nil:
		out.WriteString("null")
	}
	return nil
}

func canonObject(dec *json.Decoder, out *bytes.Buffer, depth int) error {
	type member struct {
		key string
		val []byte
	}
	var members []member
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, ok := tok.(string)
		if !ok {
			return errors.New("payload object key is not a string")
		}
		var val bytes.Buffer
		if err := canonValue(dec, &val, depth+1); err != nil {
			return err
		}
		members = append(members, member{key, val.Bytes()})
	}
	if _, err := dec.Token(); err != nil {
		return err
	}
	slices.SortFunc(members, func(a, b member) int { return compareStrings(a.key, b.key) })
	out.WriteByte('{')
	for i, m := range members {
		if i > 0 {
			if m.key == members[i-1].key {
				return errors.New("payload object has the key " + m.key + " twice")
			}
			out.WriteByte(',')
		}
		writeJSONString(out, m.key)
		out.WriteByte(':')
		out.Write(m.val)
	}
	out.WriteByte('}')
	return nil
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// writeJSONString writes s as encoding/json would (including its HTML-safe escapes), so the
// canonical form does not depend on how the input escaped it.
func writeJSONString(out *bytes.Buffer, s string) {
	b, _ := json.Marshal(s) // a string always marshals
	out.Write(b)
}

// isCanonical reports whether raw (valid UTF-8) is one JSON value already in the form
// canonicalJSON writes: no white space, object keys in strictly increasing byte order, strings
// that need no escape at all (no quote, backslash, control character, '<', '>', '&', U+2028 or
// U+2029), numbers that are valid JSON numbers. It may say false for a canonical value (one
// with escapes, say); canonicalJSON then takes the general path. It never says true for a value
// canonicalJSON would change or refuse.
func isCanonical(raw []byte) bool {
	c := canonScan{b: raw}
	return c.value(0) && c.i == len(raw)
}

type canonScan struct {
	b []byte
	i int
}

func (c *canonScan) value(depth int) bool {
	if depth > maxJSONDepth || c.i >= len(c.b) {
		return false
	}
	switch ch := c.b[c.i]; {
	case ch == '{':
		c.i++
		if c.i < len(c.b) && c.b[c.i] == '}' {
			c.i++
			return true
		}
		var prev []byte
		for first := true; ; first = false {
			start := c.i
			if !c.str() {
				return false
			}
			key := c.b[start+1 : c.i-1]
			if !first && bytes.Compare(prev, key) >= 0 {
				return false
			}
			prev = key
			if c.i >= len(c.b) || c.b[c.i] != ':' {
				return false
			}
			c.i++
			if !c.value(depth + 1) {
				return false
			}
			if c.i >= len(c.b) {
				return false
			}
			switch c.b[c.i] {
			case ',':
				c.i++
			case '}':
				c.i++
				return true
			default:
				return false
			}
		}
	case ch == '[':
		c.i++
		if c.i < len(c.b) && c.b[c.i] == ']' {
			c.i++
			return true
		}
		for {
			if !c.value(depth + 1) {
				return false
			}
			if c.i >= len(c.b) {
				return false
			}
			switch c.b[c.i] {
			case ',':
				c.i++
			case ']':
				c.i++
				return true
			default:
				return false
			}
		}
	case ch == '"':
		return c.str()
	case ch == 't':
		return c.literal("true")
	case ch == 'f':
		return c.literal("false")
	case ch == 'n':
		return c.literal("null")
	case ch == '-' || ch >= '0' && ch <= '9':
		return c.number()
	}
	return false
}

// str passes a string that encoding/json would write unchanged, with no escape.
func (c *canonScan) str() bool {
	if c.i >= len(c.b) || c.b[c.i] != '"' {
		return false
	}
	for j := c.i + 1; j < len(c.b); j++ {
		switch ch := c.b[j]; {
		case ch == '"':
			c.i = j + 1
			return true
		case ch < 0x20, ch == '\\', ch == '<', ch == '>', ch == '&':
			return false
		case ch == 0xE2 && j+2 < len(c.b) && c.b[j+1] == 0x80 && (c.b[j+2] == 0xA8 || c.b[j+2] == 0xA9):
			return false // U+2028, U+2029
		}
	}
	return false
}

func (c *canonScan) literal(lit string) bool {
	if !bytes.HasPrefix(c.b[c.i:], []byte(lit)) {
		return false
	}
	c.i += len(lit)
	return true
}

// number passes -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (c *canonScan) number() bool {
	b, i := c.b, c.i
	digits := func() int {
		n := 0
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		digits()
	default:
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	c.i = i
	return true
}
