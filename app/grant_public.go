package app

import (
	"context"

	"seedbed"
)

// PublishedGrants lists the awards of one program (programID > 0) or of every program, oldest
// first, in the form published to everyone: the recipient organisation's name, kind, credit
// code and region, and nothing personal about an individual (seedbed.PublicGrantOf). Only
// awarded grants exist, so only programs past selection appear.
func (ps *Programs) PublishedGrants(ctx context.Context, programID int64) ([]seedbed.PublicGrant, error) {
	const page = 5000
	var awards []seedbed.Award
	for offset := 0; ; offset += page {
		aws, total, err := ps.store.FindAwards(ctx, seedbed.AwardFilter{ProgramID: programID, Offset: offset, Limit: page})
		if err != nil {
			return nil, err
		}
		awards = append(awards, aws...)
		if len(aws) == 0 || offset+len(aws) >= total {
			break
		}
	}
	ids := make([]int64, 0, len(awards))
	seen := map[int64]bool{}
	for _, aw := range awards {
		if !seen[aw.InnovatorID] {
			seen[aw.InnovatorID] = true
			ids = append(ids, aw.InnovatorID)
		}
	}
	recipients := make(map[int64]seedbed.Innovator, len(ids))
	const chunk = 500
	for i := 0; i < len(ids); i += chunk {
		part := ids[i:min(i+chunk, len(ids))]
		ins, _, err := ps.store.FindInnovators(ctx, seedbed.InnovatorFilter{IDs: part, Limit: chunk})
		if err != nil {
			return nil, err
		}
		for _, in := range ins {
			recipients[in.ID] = in
		}
	}
	out := make([]seedbed.PublicGrant, len(awards))
	for i, aw := range awards {
		// FindAwards lists newest first; the published list runs in the order of the decisions.
		out[len(awards)-1-i] = seedbed.PublicGrantOf(aw, recipients[aw.InnovatorID])
	}
	return out, nil
}
