package web

import (
	"context"

	"seedbed"
)

// RegistryService is what the registry pages and API ask of the use-case layer.
type RegistryService interface {
	// CreateInnovator registers an innovator: EINVALID, ECONFLICT (credit code registered).
	CreateInnovator(ctx context.Context, a seedbed.Actor, in *seedbed.Innovator) error
	// UpdateInnovator saves an edit made from version: EINVALID, ENOTFOUND, ECONFLICT.
	UpdateInnovator(ctx context.Context, a seedbed.Actor, in *seedbed.Innovator, version int) error
	// ImportInnovators registers many, all or nothing: seedbed.Errors with lines.
	ImportInnovators(ctx context.Context, a seedbed.Actor, ins []seedbed.Innovator, lines []int) (int, error)
	// Innovator returns one innovator: ENOTFOUND.
	Innovator(ctx context.Context, id int64) (*seedbed.Innovator, error)
	FindInnovators(ctx context.Context, f seedbed.InnovatorFilter) ([]seedbed.Innovator, int, error)
	EachInnovator(ctx context.Context, fn func(*seedbed.Innovator) error) error
	InnovatorHistory(ctx context.Context, id int64) ([]seedbed.Change, error)
	Stats(ctx context.Context) (seedbed.RegistryStats, error)
}
