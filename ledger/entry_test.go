package ledger

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

var testTime = time.Date(2026, 3, 14, 9, 26, 53, 589793238, time.FixedZone("CST", 8*3600))

func TestEntryCanonical(t *testing.T) {
	tests := []struct {
		name  string
		entry Entry
		want  string
	}{
		{
			"fields in order, UTC microseconds, payload sorted and compacted",
			Entry{Index: 7, Time: testTime, Kind: "award.decide", Actor: "officer:42", Subject: "award:9",
				Payload: json.RawMessage(` { "z": [1, 2.50, "x"], "a": {"c": null, "b": true} } `)},
			`{"index":7,"time":"2026-03-14T01:26:53.589793Z","kind":"award.decide","actor":"officer:42","subject":"award:9","payload":{"a":{"b":true,"c":null},"z":[1,2.50,"x"]}}`,
		},
		{
			"empty payload is null, empty subject allowed",
			Entry{Index: 0, Time: testTime, Kind: "ledger.open", Actor: "system"},
			`{"index":0,"time":"2026-03-14T01:26:53.589793Z","kind":"ledger.open","actor":"system","subject":"","payload":null}`,
		},
		{
			"Chinese text kept, HTML characters escaped, escapes normalised",
			Entry{Index: 18446744073709551615, Time: testTime, Kind: "exemption.determine", Actor: "张三", Subject: "<a&b>",
				Payload: json.RawMessage(`{"理由":"\u5bb9\u9519"}`)},
			`{"index":18446744073709551615,"time":"2026-03-14T01:26:53.589793Z","kind":"exemption.determine","actor":"张三","subject":"\u003ca\u0026b\u003e","payload":{"理由":"容错"}}`,
		},
	}
	for _, tt := range tests {
		got, err := tt.entry.Canonical()
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if string(got) != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
		back, err := ParseEntry(got)
		if err != nil {
			t.Fatalf("%s: ParseEntry of canonical bytes: %v", tt.name, err)
		}
		again, _ := back.Canonical()
		if string(again) != tt.want {
			t.Errorf("%s: parse and re-encode changed the bytes", tt.name)
		}
		if back.Index != tt.entry.Index || !back.Time.Equal(tt.entry.Time.Truncate(time.Microsecond)) {
			t.Errorf("%s: parsed index/time %d %v", tt.name, back.Index, back.Time)
		}
		if idx, ok := entryIndex(got); !ok || idx != tt.entry.Index {
			t.Errorf("%s: entryIndex = %d, %v", tt.name, idx, ok)
		}
	}
}

func TestEntryValidate(t *testing.T) {
	ok := Entry{Time: testTime, Kind: "award.decide", Actor: "a"}
	tests := []struct {
		name  string
		edit  func(*Entry)
		field string
	}{
		{"no time", func(e *Entry) { e.Time = time.Time{} }, "time"},
		{"no kind", func(e *Entry) { e.Kind = "" }, "kind"},
		{"upper-case kind", func(e *Entry) { e.Kind = "Award" }, "kind"},
		{"kind starting with digit", func(e *Entry) { e.Kind = "1award" }, "kind"},
		{"long kind", func(e *Entry) { e.Kind = strings.Repeat("a", 65) }, "kind"},
		{"no actor", func(e *Entry) { e.Actor = "" }, "actor"},
		{"control character", func(e *Entry) { e.Actor = "a\nb" }, "actor"},
		{"invalid UTF-8", func(e *Entry) { e.Subject = "\xff" }, "subject"},
		{"long subject", func(e *Entry) { e.Subject = strings.Repeat("x", 513) }, "subject"},
		{"bad payload", func(e *Entry) { e.Payload = json.RawMessage(`{"a":}`) }, "payload"},
		{"duplicate key", func(e *Entry) { e.Payload = json.RawMessage(`{"a":1,"a":2}`) }, "payload"},
		{"trailing data", func(e *Entry) { e.Payload = json.RawMessage(`{} {}`) }, "payload"},
		{"deep payload", func(e *Entry) { e.Payload = json.RawMessage(strings.Repeat("[", 100) + strings.Repeat("]", 100)) }, "payload"},
	}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid entry rejected: %v", err)
	}
	for _, tt := range tests {
		e := ok
		tt.edit(&e)
		err := e.Validate()
		if err == nil {
			t.Errorf("%s: accepted", tt.name)
			continue
		}
		if !strings.Contains(err.Error(), tt.field) {
			t.Errorf("%s: error %q does not name field %s", tt.name, err, tt.field)
		}
	}
}

func TestParseEntryRejectsNonCanonical(t *testing.T) {
	canon := `{"index":1,"time":"2026-03-14T01:26:53.589793Z","kind":"k","actor":"a","subject":"","payload":{"a":1}}`
	if _, err := ParseEntry([]byte(canon)); err != nil {
		t.Fatalf("canonical entry rejected: %v", err)
	}
	tests := []string{
		strings.Replace(canon, `{"index":1,`, `{"index": 1,`, 1),
		strings.Replace(canon, `"index":1,"time"`, `"time"`, 1) + ``,
		strings.Replace(canon, `.589793Z`, `.589793000Z`, 1),
		strings.Replace(canon, `Z"`, `+00:00"`, 1),
		strings.Replace(canon, `{"a":1}`, `{ "a":1}`, 1),
		strings.Replace(canon, `"actor":"a",`, `"actor":"a","extra":1,`, 1),
		strings.Replace(canon, `"index":1`, `"index":01`, 1),
		strings.Replace(canon, `"actor":"a"`, `"actor":"\u0061"`, 1),
		canon + " ",
		canon + "{}",
		`[]`,
		``,
	}
	for _, in := range tests {
		if _, err := ParseEntry([]byte(in)); err == nil {
			t.Errorf("non-canonical entry accepted: %s", in)
		}
	}
}

func FuzzParseEntry(f *testing.F) {
	f.Add([]byte(`{"index":1,"time":"2026-03-14T01:26:53.589793Z","kind":"k","actor":"a","subject":"","payload":{"a":[1,{"b":null}]}}`))
	f.Add([]byte(`{"index":0,"time":"0001-01-01T00:00:00.000001Z","kind":"x","actor":"张","subject":"s","payload":null}`))
	f.Add([]byte(`{"index":1,"payload":1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := ParseEntry(data)
		if err != nil {
			return
		}
		canon, err := e.Canonical()
		if err != nil {
			t.Fatalf("parsed entry does not encode: %v", err)
		}
		if string(canon) != string(data) {
			t.Fatalf("accepted bytes are not canonical:\n%q\n%q", data, canon)
		}
		if idx, ok := entryIndex(data); !ok || idx != e.Index {
			t.Fatalf("entryIndex disagrees with ParseEntry")
		}
	})
}

func BenchmarkEntryCanonical(b *testing.B) {
	e := Entry{Index: 123456, Time: testTime, Kind: "award.decide", Actor: "officer:42", Subject: "award:9",
		Payload: json.RawMessage(`{"program":"seed-2026","amount":200000,"basis":"lottery among fundable","draw":{"seed":"ab12","rank":3}}`)}
	for b.Loop() {
		if _, err := e.Canonical(); err != nil {
			b.Fatal(err)
		}
	}
}
