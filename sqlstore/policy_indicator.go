package sqlstore

import (
	"context"
	"time"
)

// indicatorSource supplies figures from outside the registry that policies read as
// indicators (a technology-contract value, own investment, honest failures …) for one
// innovator on one day; the map it returns may be nil.
type indicatorSource func(ctx context.Context, s *Store, innovatorID int64, asOf time.Time) (map[string]float64, error)

// indicatorSources lists every source of indicators from outside the registry.
var indicatorSources = []indicatorSource{honestFailures}

// PolicyIndicators gathers an innovator's indicators on a day from every registered source (a
// later source wins a name both give). Without sources it returns nil, and a clause that
// reads an indicator is "cannot decide", never false.
func (s *Store) PolicyIndicators(ctx context.Context, innovatorID int64, asOf time.Time) (map[string]float64, error) {
	var out map[string]float64
	for _, src := range indicatorSources {
		m, err := src(ctx, s, innovatorID, asOf)
		if err != nil {
			return nil, err
		}
		for k, v := range m {
			if out == nil {
				out = make(map[string]float64, len(m))
			}
			out[k] = v
		}
	}
	return out, nil
}
