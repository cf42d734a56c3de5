package app

import (
	"context"
	"errors"

	"seedbed"
	"seedbed/sim/avin"
)

// MaxAvinCells bounds one lab request of Avin's model (cells × steps × runs × mechanisms).
const MaxAvinCells = 400_000_000

// Avin runs Avin's (2019) funding model within the lab's work bound. It saves nothing.
func (l *Lab) Avin(ctx context.Context, p avin.Params) (*avin.Result, error) {
	if err := p.Validate(); err == nil {
		if work := int64(p.Size) * int64(p.Size) * int64(p.Steps) * int64(p.Runs) * int64(len(p.Mechanisms)); work > MaxAvinCells {
			return nil, seedbed.FieldError("runs", seedbed.Label{Zh: "这次运行太大（%d），超过上限 %d；请减小规模、步数或运行次数，或用命令行 seedbed sim run --model avin", En: "this run is too large (%d), over the limit of %d; use a smaller size, fewer steps or runs, or the command line"}, work, int64(MaxAvinCells))
		}
	}
	release, err := l.acquire()
	if err != nil {
		return nil, err
	}
	defer release()
	res, err := avin.Run(ctx, p)
	var fe *avin.FieldError
	if errors.As(err, &fe) {
		return nil, seedbed.FieldError(fe.Key, "%s: %s", fe.Key, fe.Reason)
	}
	return res, cancelled(ctx, err)
}
