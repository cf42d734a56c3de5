package web

import (
	"context"

	"seedbed"
)

// ApprovalService runs the two-person rules: proposals waiting for a second account, approved or
// rejected here.
type ApprovalService interface {
	// Pending returns the proposals waiting that a's role may approve, oldest first.
	Pending(ctx context.Context, a seedbed.Actor) ([]seedbed.Approval, error)
	// Find returns one page of approvals, newest first, and how many f selects.
	Find(ctx context.Context, f seedbed.ApprovalFilter) ([]seedbed.Approval, int, error)
	// Get returns one approval (ENOTFOUND).
	Get(ctx context.Context, id int64) (*seedbed.Approval, error)
	// Approve lets a proposal take effect (EFORBIDDEN, ECONFLICT for its proposer or a decided one).
	Approve(ctx context.Context, a seedbed.Actor, id int64, note string) (*seedbed.Approval, error)
	// Reject ends a proposal without effect.
	Reject(ctx context.Context, a seedbed.Actor, id int64, note string) (*seedbed.Approval, error)
}
