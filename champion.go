package seedbed

import "time"

// EventChampion: a reviewer named an application their one champion of the program's round.
const EventChampion = "champion"

// Champion is a reviewer's one champion of a program's round (力荐): the application the
// reviewer stakes their judgement on, with the reason. In a partial lottery it enters the draw
// whatever its score.
type Champion struct {
	ProgramID     int64     `json:"program_id"`
	ApplicationID int64     `json:"application_id"`
	ReviewerID    int64     `json:"reviewer_id"`
	ReviewerName  string    `json:"reviewer_name"`
	Reason        string    `json:"reason"`
	CreatedAt     time.Time `json:"created_at"`
}
