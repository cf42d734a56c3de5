package ledger

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"seedbed"
)

// EventKey is the decision event that records the key signing the ledger from then on.
const EventKey = "ledger_key"

// eventPayload is what an entry's payload holds: the event's id and the actor's role beside
// the decision's own payload, so that the entry names the event row it records. The fields are
// in the order of their keys, so that what json.Marshal writes is canonical already.
type eventPayload struct {
	Data    json.RawMessage `json:"data"`
	EventID int64           `json:"event_id"`
	Role    string          `json:"role"`
}

// EventEntry returns the entry that records a decision event.
func EventEntry(ev *seedbed.Event) (Entry, error) {
	data := ev.Payload
	if len(data) == 0 {
		data = json.RawMessage("null")
	}
	// Written by hand as json.Marshal(eventPayload{…}) would write it, without reflection;
	// Canonical puts the decision's payload in canonical form afterwards either way. The payload
	// must be one JSON value, so that it cannot add members beside the event id and role.
	if !json.Valid(data) {
		return Entry{}, fmt.Errorf("ledger payload of event %d: not a JSON value", ev.ID)
	}
	var b bytes.Buffer
	b.Grow(len(data) + len(ev.ActorRole) + 48)
	b.WriteString(`{"data":`)
	b.Write(data)
	b.WriteString(`,"event_id":`)
	b.WriteString(strconv.FormatInt(ev.ID, 10))
	b.WriteString(`,"role":`)
	writeJSONString(&b, ev.ActorRole)
	b.WriteByte('}')
	p := b.Bytes()
	actor := ev.Actor
	if actor == "" {
		actor = seedbed.System.Username
	}
	return Entry{Time: ev.At, Kind: ev.Kind, Actor: actor, Subject: ev.Subject, Payload: p}, nil
}

// EntryEvent reads back the decision event an entry records: its id, role and payload.
func EntryEvent(e Entry) (seedbed.Event, error) {
	var p eventPayload
	if err := json.Unmarshal(e.Payload, &p); err != nil || p.EventID <= 0 {
		return seedbed.Event{}, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "账本条目 %d 不含决策事件", En: "ledger entry %d does not hold a decision event"}, e.Index)
	}
	return seedbed.Event{ID: p.EventID, At: e.Time, Kind: e.Kind, Actor: e.Actor, ActorRole: p.Role, Subject: e.Subject, Payload: p.Data}, nil
}
