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
	out := []seedbed.PublicGrant{}
	err := ps.store.EachAwardRecipient(ctx, programID, func(aw seedbed.Award, in seedbed.Innovator) error {
		out = append(out, seedbed.PublicGrantOf(aw, in))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// GrantSummary counts the published grants (what PublishedGrants(0) lists) without reading them.
func (ps *Programs) GrantSummary(ctx context.Context) (seedbed.GrantSummary, error) {
	return ps.store.GrantSummary(ctx)
}
