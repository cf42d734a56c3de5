package ledger

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"seedbed"
)

// TestEventEntryAsMarshal: the entry of an event is byte for byte what it was when its payload
// was written by json.Marshal, for payloads with white space, HTML characters, escapes, unsorted
// keys and nesting; a payload that is not one JSON value is refused.
func TestEventEntryAsMarshal(t *testing.T) {
	payloads := []string{`{"b":1,"a":"<x> & y"}`, ` { "z" : [1, 2.50, {"y":"\u00e9\n"}], "a": null } `, `"text"`, `12`, `null`, `[]`,
		`{"reason":{"zh":"评分位于资助线以上","en":"scored above the line"},"amount":300000}`}
	for i, p := range payloads {
		ev := seedbed.Event{ID: int64(i + 7), At: time.Date(2026, 3, 1, 9, 0, i, 1234, time.UTC), Kind: "funding_decision",
			Actor: "officer1", ActorRole: "officer<&>", Subject: "application:1", Payload: json.RawMessage(p)}
		got, err := EventEntry(&ev)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		old, err := json.Marshal(struct {
			Data    json.RawMessage `json:"data"`
			EventID int64           `json:"event_id"`
			Role    string          `json:"role"`
		}{json.RawMessage(p), ev.ID, ev.ActorRole})
		if err != nil {
			t.Fatal(err)
		}
		want := got
		want.Payload = old
		gb, err1 := got.Canonical()
		wb, err2 := want.Canonical()
		if err1 != nil || err2 != nil || !bytes.Equal(gb, wb) {
			t.Fatalf("%s:\n%s\n%s (%v %v)", p, gb, wb, err1, err2)
		}
	}
	for _, p := range []string{`1,"evil":2`, `{"a":1} {}`, `{`} {
		ev := seedbed.Event{ID: 1, At: time.Now(), Kind: "funding_decision", Actor: "a", Payload: json.RawMessage(p)}
		if _, err := EventEntry(&ev); err == nil {
			t.Fatalf("payload %q accepted", p)
		}
	}
}
