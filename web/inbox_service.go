package web

import (
	"context"

	"seedbed"
)

// InboxService is what the inbox pages and API ask of the use-case layer: only ever the
// actor's own messages and e-mail address.
type InboxService interface {
	Messages(ctx context.Context, a seedbed.Actor, f seedbed.MessageFilter) ([]seedbed.Message, int, int, error)
	Unread(ctx context.Context, a seedbed.Actor) (int, error)
	// MarkRead returns ENOTFOUND for a message that is not the actor's.
	MarkRead(ctx context.Context, a seedbed.Actor, id int64) (int, error)
	// SetEmail returns EINVALID for an address that is not one.
	SetEmail(ctx context.Context, a seedbed.Actor, email string) error
	Email(ctx context.Context, a seedbed.Actor) (string, error)
}
