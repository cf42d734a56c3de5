package seedbed

import "time"

// Overdue reports whether the tranche's milestone evidence is late at now: the award is still
// running, the tranche unpaid, no evidence waits for review or was accepted, and the due date
// has passed. A returned milestone is late too once its date has passed: the recipient owes
// more evidence.
func (t *Tranche) IsOverdue(active bool, now time.Time) bool {
	return active && t.Status == TranchePending &&
		(t.MilestoneStatus == MilestoneAwaiting || t.MilestoneStatus == MilestoneReturned) && t.DueAt.Before(now)
}

// MarkOverdue sets the Overdue flag of every tranche (and of every scheduled report) as of now.
// Overdue is computed when an award is read, never stored: it changes with the clock alone.
func (aw *Award) MarkOverdue(now time.Time) {
	active := aw.Status == AwardActive
	for i := range aw.Tranches {
		aw.Tranches[i].Overdue = aw.Tranches[i].IsOverdue(active, now)
	}
	reporting := active || aw.Status == AwardCompleted // the final report is owed after the last tranche
	for i := range aw.Reports {
		aw.Reports[i].Overdue = aw.Reports[i].IsOverdue(reporting, now)
	}
}

// AwardTodo counts what waits on someone in the life of awards: for officers, across every
// award; for a recipient, across its own. Home pages and the awards list show it.
type AwardTodo struct {
	MilestonesToReview int `json:"milestones_to_review"` // evidence submitted, not yet accepted or returned
	TranchesToRelease  int `json:"tranches_to_release"`  // milestone accepted, money not yet paid
	MilestonesOverdue  int `json:"milestones_overdue"`   // evidence due before today and not submitted
	ReportsToReview    int `json:"reports_to_review"`    // reports submitted, not yet accepted or returned
	ReportsOverdue     int `json:"reports_overdue"`      // reports due before today and not submitted
	ReportsDueSoon     int `json:"reports_due_soon"`     // reports due within the next 30 days
	ChangesToDecide    int `json:"changes_to_decide"`    // extensions and variations asked for
}

// Total is how many items wait.
func (t AwardTodo) Total() int {
	return t.MilestonesToReview + t.TranchesToRelease + t.MilestonesOverdue + t.ReportsToReview + t.ReportsOverdue +
		t.ReportsDueSoon + t.ChangesToDecide
}
