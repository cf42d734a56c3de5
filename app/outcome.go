package app

import (
	"context"

	"seedbed"
	"seedbed/evaluation"
)

// AddOutcomes stores outcomes attributed to awards, all or nothing (problems come back as
// seedbed.Errors with their 1-based rows), and brings the flags up to date. It returns how many
// were stored and fills in their ids.
func (m *Monitoring) AddOutcomes(ctx context.Context, a seedbed.Actor, outs []evaluation.OutcomeRecord) (int, error) {
	n, err := m.store.AddOutcomes(ctx, a, outs)
	if err != nil {
		return 0, err
	}
	return n, m.afterWrite(ctx)
}

// FindOutcomes returns one page of outcomes, newest first, and how many match.
func (m *Monitoring) FindOutcomes(ctx context.Context, f evaluation.OutcomeFilter) ([]evaluation.OutcomeRecord, int, error) {
	return m.store.FindOutcomes(ctx, f)
}
