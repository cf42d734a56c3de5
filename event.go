package seedbed

import (
	"encoding/json"
	"time"
)

// Event is a decision event: a decision that affects money or a person (a program published, an
// eligibility result, a conflict declaration, an assignment, a score, a selection, a draw, an
// award, a tranche release, a rejection, a failure closed, an exemption determined), with who
// took it, when, about what, and the inputs it was based on. Events are written in the same
// transaction as the decision and are never changed or deleted.
type Event struct {
	ID        int64           `json:"id"`
	At        time.Time       `json:"at"`
	Kind      string          `json:"kind"`
	Actor     string          `json:"actor"`
	ActorRole string          `json:"actor_role"`
	Subject   string          `json:"subject"` // "program:3", "application:17", "award:5", …
	Payload   json.RawMessage `json:"payload"`
}

// EventFilter selects events.
type EventFilter struct {
	Subject, Kind string
	AfterID       int64
	Limit         int
}
