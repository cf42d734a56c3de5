package seedbed

import "time"

// PublicGrant is an award as it is published to everyone (资助名单公示, open grant data): the
// program, the amount and dates, and the recipient organisation. A grant to an individual names
// nobody: the recipient's name, credit code, region and the application's title, which may
// describe the person, are left out (PIPL; 360Giving's guidance on grants to individuals).
type PublicGrant struct {
	AwardID      int64      `json:"award_id"`
	ProgramID    int64      `json:"program_id"`
	ProgramTitle string     `json:"program_title"`
	Title        string     `json:"title"` // the application's title; "" for an individual
	Amount       int64      `json:"amount"`
	Released     int64      `json:"released"`
	Status       string     `json:"status"`
	AwardedAt    time.Time  `json:"awarded_at"`
	ClosedAt     *time.Time `json:"closed_at,omitempty"`
	Recipient    Recipient  `json:"recipient"`
	ToIndividual bool       `json:"to_individual"`
	NameWithheld bool       `json:"name_withheld,omitempty"` // a team's name that names a person
}

// Recipient is the published part of a grant's recipient: an organisation's name, kind, credit
// code and region; for an individual, only the kind.
type Recipient struct {
	InnovatorID int64  `json:"innovator_id,omitempty"` // 0 for an individual
	Name        string `json:"name,omitempty"`
	Kind        string `json:"kind"`
	CreditCode  string `json:"credit_code,omitempty"`
	Region      string `json:"region,omitempty"`
	Field       string `json:"field,omitempty"`
}

// PublicGrantOf is the published form of an award to the innovator in: everything personal
// left out when the recipient is an individual.
func PublicGrantOf(aw Award, in Innovator) PublicGrant {
	g := PublicGrant{AwardID: aw.ID, ProgramID: aw.ProgramID, ProgramTitle: aw.ProgramTitle, Title: aw.ApplicationTitle,
		Amount: aw.Amount, Released: aw.Released, Status: aw.Status, AwardedAt: aw.AwardedAt, ClosedAt: aw.ClosedAt,
		Recipient: Recipient{InnovatorID: in.ID, Name: in.Name, Kind: in.Kind, CreditCode: in.CreditCode, Region: in.Region, Field: in.Field}}
	if in.Kind != KindIndividual && in.CreditCode == "" {
		// A grassroots team is a group of people, not a registered organisation, and is often
		// named after its members ("王军…团队"): its name is withheld like a person's.
		g.Recipient.Name, g.NameWithheld = "", true
	}
	if in.Kind == KindIndividual {
		g.Title, g.ToIndividual = "", true
		g.Recipient = Recipient{Kind: KindIndividual, Field: in.Field}
	}
	return g
}

// GrantSummary counts the published grants: how many, to how many individuals, in how many
// programs, and their total amount.
type GrantSummary struct {
	Grants, ToIndividuals, Programs int
	Total                           int64
}
