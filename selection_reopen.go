package seedbed

import (
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"
)

// Reopening a selection (重新遴选): a program's selection is made once; it can be made again
// only through a reopening that an officer asks for with a written reason and a second officer
// approves (the two-person rule TwoPersonReopen, always on). The first result stays in the
// ledger (its selection, funding decisions and rejections are never rewritten) and is kept,
// marked superseded, beside the program's selection.

// EventSelectionReopened is the ledger event of an approved reopening.
const EventSelectionReopened = "selection_reopened"

// SelectionReopening is an approved reopening with the selection it superseded.
type SelectionReopening struct {
	ID          int64           `json:"id"`
	ProgramID   int64           `json:"program_id"`
	Reason      string          `json:"reason"`
	Mode        string          `json:"mode"`
	Superseded  json.RawMessage `json:"superseded"` // the selection as it was made
	SelectedAt  time.Time       `json:"selected_at"`
	SelectedBy  string          `json:"selected_by"`
	Funded      int             `json:"funded"`
	Spent       int64           `json:"spent"`
	RequestedBy string          `json:"requested_by"`
	ApprovedBy  string          `json:"approved_by"`
	ApprovalID  int64           `json:"approval_id"`
	At          time.Time       `json:"at"`
}

// ReopenReason checks the reason of a reopening: 10–2000 characters.
func ReopenReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	if n := utf8.RuneCountInString(reason); n < 10 || n > 2000 {
		return "", FieldError("reason", Label{Zh: "请写明为何重新遴选（10–2000 字，现为 %d 字）", En: "give the reason for reopening the selection (10–2000 characters; it has %d)"}, n)
	}
	return reason, nil
}
