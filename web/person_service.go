package web

import (
	"context"

	"seedbed"
)

// PersonService is what the pages and API of a person's rights ask of the use-case layer.
type PersonService interface {
	// Export gathers everything held about an innovator, audited: EFORBIDDEN, ENOTFOUND.
	Export(ctx context.Context, a seedbed.Actor, innovatorID int64) (*seedbed.PersonalData, error)
	// Erase blanks a person's or a contact person's data: EFORBIDDEN, ENOTFOUND, EINVALID, ECONFLICT.
	Erase(ctx context.Context, a seedbed.Actor, innovatorID int64, scope, reason string) (*seedbed.Erasure, error)
}
