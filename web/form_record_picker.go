package web

import (
	"context"
	"strconv"

	"seedbed"
	"seedbed/i18n"
)

// Forms that name records the person already sees — applications of a program in a procedure
// record, the award an outcome is credited to — offer those records by their names: check boxes
// or a drop-down whose values are the ids the API takes under the same field names.

// checklistArgs carries a list of records to tick, and the form it belongs to, into a template.
type checklistArgs struct {
	Page    *page
	Form    string
	Choices []pickChoice
}

// maxRecordChoices caps the records a form lists; a program or a portfolio larger than this is
// listed newest first.
const maxRecordChoices = 500

// applicationChoices lists a program's applications that were submitted (drafts and withdrawn
// ones are not on any list a procedure records), by applicant and title, with those in chosen
// ticked.
func (s *Server) applicationChoices(ctx context.Context, programID int64, chosen []int64) ([]pickChoice, error) {
	apps, _, err := s.Programs.FindApplications(ctx, seedbed.ApplicationFilter{ProgramID: programID, Limit: maxRecordChoices})
	if err != nil {
		return nil, err
	}
	ticked := map[int64]bool{}
	for _, id := range chosen {
		ticked[id] = true
	}
	var out []pickChoice
	for _, a := range apps {
		if a.State == seedbed.AppDraft || a.State == seedbed.AppWithdrawn {
			continue
		}
		out = append(out, pickChoice{Value: itoa(a.ID), Label: a.InnovatorName, Hint: a.Title, Checked: ticked[a.ID]})
	}
	return out, nil
}

// awardChoices lists the awards c may credit an outcome to — its own organisation's for an
// applicant, every award for the bureau — newest first, by program, recipient and date; the award
// chosen is selected and listed even when older than the list reaches.
func (s *Server) awardChoices(ctx context.Context, c *reqCtx, chosen string) ([]pickChoice, error) {
	aws, _, err := s.Programs.FindAwards(ctx, seedbed.AwardFilter{InnovatorIDs: seedbed.ScopeInnovators(c.Actor), Limit: maxRecordChoices})
	if err != nil {
		return nil, err
	}
	label := func(aw *seedbed.Award) pickChoice {
		return pickChoice{Value: itoa(aw.ID), Label: aw.InnovatorName + " · " + aw.ProgramTitle,
			Hint: i18n.T(c.Lang, "forms.awarded_on", seedbed.DateCST(aw.AwardedAt)), Checked: itoa(aw.ID) == chosen}
	}
	var out []pickChoice
	found := chosen == ""
	for i := range aws {
		if !canWriteFor(c.Actor, aws[i].InnovatorID) {
			continue
		}
		found = found || itoa(aws[i].ID) == chosen
		out = append(out, label(&aws[i]))
	}
	if !found {
		if id, err := strconv.ParseInt(chosen, 10, 64); err == nil && id > 0 {
			if aw, err := s.Programs.GetAward(ctx, id); err == nil && canWriteFor(c.Actor, aw.InnovatorID) {
				out = append([]pickChoice{label(aw)}, out...)
			}
		}
	}
	return out, nil
}
