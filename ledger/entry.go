package ledger

import (
	"bytes"
	"encoding/json"
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"

	"seedbed"
)

// Limits on an entry, so that one decision cannot bloat the log or a bundle line.
const (
	MaxPayloadBytes = 1 << 20
	maxKindBytes    = 64
	maxTextBytes    = 512
)

// TimeLayout is the canonical time format of entries and tree heads: UTC with exactly six
// fractional digits. Microseconds survive a round trip through PostgreSQL timestamptz and
// SQLite text, so a time read back from a column still hashes the same.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// Entry is one decision event in the log: what happened (Kind), who did it (Actor), to what
// (Subject), when, and the decision's basis as a JSON payload.
type Entry struct {
	Index   uint64          `json:"index"`
	Time    time.Time       `json:"time"`
	Kind    string          `json:"kind"`
	Actor   string          `json:"actor"`
	Subject string          `json:"subject"`
	Payload json.RawMessage `json:"payload"`
}

// Validate checks the entry's fields; it returns a *seedbed.Error naming the bad field.
func (e Entry) Validate() error {
	_, err := e.Canonical()
	return err
}

// Canonical returns the entry's canonical bytes, the leaf data that is hashed:
//
//	{"index":N,"time":"…","kind":"…","actor":"…","subject":"…","payload":…}
//
// with the keys in that order, no white space, the time in TimeLayout (truncated to the
// microsecond), strings escaped as encoding/json escapes them, and the payload in canonical
// JSON (members sorted by key, numbers as written; an empty payload is null).
func (e Entry) Canonical() ([]byte, error) {
	if e.Time.IsZero() {
		return nil, seedbed.FieldError("time", seedbed.Label{Zh: "缺少时间", En: "time is missing"})
	}
	t := e.Time.UTC()
	if t.Year() < 1 || t.Year() > 9999 {
		return nil, seedbed.FieldError("time", seedbed.Label{Zh: "时间超出 0001–9999 年", En: "time outside the years 0001–9999"})
	}
	if err := checkKind(e.Kind); err != nil {
		return nil, err
	}
	if err := checkText("actor", e.Actor, true); err != nil {
		return nil, err
	}
	if err := checkText("subject", e.Subject, false); err != nil {
		return nil, err
	}
	payload := []byte("null")
	if len(bytes.TrimSpace(e.Payload)) > 0 {
		if len(e.Payload) > MaxPayloadBytes {
			return nil, seedbed.FieldError("payload", seedbed.Label{Zh: "内容超过 %d 字节", En: "payload exceeds %d bytes"}, MaxPayloadBytes)
		}
		p, err := canonicalJSON(e.Payload)
		if err != nil {
			return nil, seedbed.FieldError("payload", seedbed.Label{Zh: "内容不是有效的 JSON：%v", En: "payload is not valid JSON: %v"}, err)
		}
		payload = p
	}
	var b bytes.Buffer
	b.Grow(96 + len(e.Kind) + len(e.Actor) + len(e.Subject) + len(payload))
	b.WriteString(`{"index":`)
	b.WriteString(strconv.FormatUint(e.Index, 10))
	b.WriteString(`,"time":"`)
	b.WriteString(t.Truncate(time.Microsecond).Format(TimeLayout))
	b.WriteString(`","kind":`)
	writeJSONString(&b, e.Kind)
	b.WriteString(`,"actor":`)
	writeJSONString(&b, e.Actor)
	b.WriteString(`,"subject":`)
	writeJSONString(&b, e.Subject)
	b.WriteString(`,"payload":`)
	b.Write(payload)
	b.WriteByte('}')
	return b.Bytes(), nil
}

// checkKind accepts a machine code such as "award.decide": lower-case ASCII letters, digits,
// '.', '_' and '-', starting with a letter.
func checkKind(k string) error {
	if k == "" || len(k) > maxKindBytes {
		return seedbed.FieldError("kind", seedbed.Label{Zh: "事件类型应为 1–%d 个字符", En: "kind must be 1–%d characters"}, maxKindBytes)
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		ok := c >= 'a' && c <= 'z' || i > 0 && (c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-')
		if !ok {
			return seedbed.FieldError("kind", seedbed.Label{Zh: "事件类型 %q 只能含小写字母、数字和 . _ -，并以字母开头", En: "kind %q may hold only a-z, 0-9, '.', '_' and '-', starting with a letter"}, k)
		}
	}
	return nil
}

func checkText(field, s string, required bool) error {
	if required && s == "" {
		return seedbed.FieldError(field, seedbed.Label{Zh: "不能为空", En: "must not be empty"})
	}
	if len(s) > maxTextBytes {
		return seedbed.FieldError(field, seedbed.Label{Zh: "超过 %d 字节", En: "longer than %d bytes"}, maxTextBytes)
	}
	if !utf8.ValidString(s) {
		return seedbed.FieldError(field, seedbed.Label{Zh: "不是有效的 UTF-8 文本", En: "not valid UTF-8 text"})
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return seedbed.FieldError(field, seedbed.Label{Zh: "含控制字符", En: "contains a control character"})
		}
	}
	return nil
}

// ParseEntry decodes canonical entry bytes. It refuses anything that is not exactly the
// canonical form of some valid entry, so that a parsed entry always re-encodes to the bytes
// that were hashed.
func ParseEntry(data []byte) (Entry, error) {
	if len(data) > MaxPayloadBytes+4*maxTextBytes {
		return Entry{}, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "条目过长", En: "entry too long"})
	}
	var raw struct {
		Index   *uint64         `json:"index"`
		Time    *string         `json:"time"`
		Kind    *string         `json:"kind"`
		Actor   *string         `json:"actor"`
		Subject *string         `json:"subject"`
		Payload json.RawMessage `json:"payload"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return Entry{}, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "条目不是有效的 JSON：%v", En: "entry is not valid JSON: %v"}, err)
	}
	if raw.Index == nil || raw.Time == nil || raw.Kind == nil || raw.Actor == nil || raw.Subject == nil || raw.Payload == nil {
		return Entry{}, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "条目缺少字段", En: "entry lacks a field"})
	}
	t, err := time.Parse(TimeLayout, *raw.Time)
	if err != nil {
		return Entry{}, seedbed.FieldError("time", seedbed.Label{Zh: "时间格式应为 %s", En: "time must have the form %s"}, TimeLayout)
	}
	e := Entry{Index: *raw.Index, Time: t, Kind: *raw.Kind, Actor: *raw.Actor, Subject: *raw.Subject, Payload: raw.Payload}
	if bytes.Equal(e.Payload, []byte("null")) {
		e.Payload = nil
	}
	canon, err := e.Canonical()
	if err != nil {
		return Entry{}, err
	}
	if !bytes.Equal(canon, data) {
		return Entry{}, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "条目不是规范形式", En: "entry is not in canonical form"})
	}
	e.Payload = bytes.Clone(e.Payload)
	return e, nil
}

// entryIndex reads the index that canonical entry bytes declare, without parsing the rest:
// verification uses it to spot moved rows at little cost.
func entryIndex(data []byte) (uint64, bool) {
	const prefix = `{"index":`
	if !bytes.HasPrefix(data, []byte(prefix)) {
		return 0, false
	}
	rest := data[len(prefix):]
	end := bytes.IndexByte(rest, ',')
	if end <= 0 || end > 20 || (rest[0] == '0' && end > 1) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(rest[:end]), 10, 64)
	return n, err == nil
}
