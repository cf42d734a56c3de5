package seedbed

import "time"

// EventChampion: a reviewer named an application their one champion of the program's round.
const EventChampion = "champion"

// Champion rules of a program: what a champion gets in a partial lottery.
const (
	ChampionDraw = "draw" // a place in the draw whatever its score
	ChampionFund = "fund" // funded directly, before the draw, while the budget allows
)

// ChampionRules lists the champion rules with their labels.
var ChampionRules = OptionSet{
	{ChampionDraw, Label{"力荐项目进入抽签", "A champion enters the draw"}},
	{ChampionFund, Label{"力荐项目直接资助（预算允许时）", "A champion is funded directly (while the budget allows)"}},
}

// ChampionRuleOrDefault returns the program's champion rule, ChampionDraw when unset.
func (p *Program) ChampionRuleOrDefault() string {
	if p.ChampionRule == "" {
		return ChampionDraw
	}
	return p.ChampionRule
}

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
