package app

import (
	"context"

	"seedbed/ecosystem"
)

// PublicIndicators returns the scope's indicators as the public portal shows them: computed as
// the dashboard's are, then every figure over fewer than ecosystem.PublicMinBase things is
// withheld (ecosystem.Public). EINVALID for an unknown scope, as Indicators.
func (e *Ecosystem) PublicIndicators(ctx context.Context, s ecosystem.Scope) ([]ecosystem.Indicator, error) {
	inds, err := e.Indicators(ctx, s)
	if err != nil {
		return nil, err
	}
	return ecosystem.Public(inds), nil
}
