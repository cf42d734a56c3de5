package web

import (
	"context"

	"seedbed/ecosystem"
)

// EcosystemService is what the leaders' dashboard, the ecosystem API and the program pages ask
// of the use-case layer about the innovation environment.
type EcosystemService interface {
	Dimensions(ctx context.Context) (ecosystem.Dimensions, error)
	Indicators(ctx context.Context, s ecosystem.Scope) ([]ecosystem.Indicator, error)
	PublicIndicators(ctx context.Context, s ecosystem.Scope) ([]ecosystem.Indicator, error)
	Dashboard(ctx context.Context, s ecosystem.Scope, compare string) (*ecosystem.Dashboard, error)
	Behind(ctx context.Context, s ecosystem.Scope, key string) ([]ecosystem.Row, error)
	ProgramBreadth(ctx context.Context, programID int64) (ecosystem.Breadth, error)
}
