package seedbed

import (
	"strconv"
	"time"
)

// Letter is a determination letter (决定书) to an applicant: the decision on its application as
// recorded, with what follows from it (the award, its tranches and reports), printable and
// traceable to the ledger.
type Letter struct {
	Number      string       `json:"number"`
	Application *Application `json:"application"`
	Program     *Program     `json:"program"`
	Award       *Award       `json:"award,omitempty"`
	DecidedAt   time.Time    `json:"decided_at"`
	DecidedBy   string       `json:"decided_by"`
	EventID     int64        `json:"event_id"` // the decision's entry in the decision ledger
	Granted     bool         `json:"granted"`
}

// LetterNumber is the number of the letter on an application: "JD-P3-A17".
func LetterNumber(programID, appID int64) string {
	return "JD-P" + strconv.FormatInt(programID, 10) + "-A" + strconv.FormatInt(appID, 10)
}

// CheckDecided refuses a letter for an application without a decision yet.
func (app *Application) CheckDecided() error {
	if app.Outcome == "" || app.Outcome == "draw_pending" {
		return Errorf(ECONFLICT, Label{Zh: "申请 %d 尚无决定，不能出具决定书", En: "application %d has no decision yet; there is no letter to issue"}, app.ID)
	}
	return nil
}
