package app

import (
	"context"
	"errors"
	"runtime"

	"seedbed"
)

// A lab run takes whole cores for seconds. At most Lab.concurrency runs execute at once across
// every page, API call and user of one server (by default one per core); a request beyond that is
// refused at once with a "busy, try again" error rather than queued, so that a crowd of lab users
// cannot starve the rest of the platform.

// acquire takes a run slot, or says the lab is busy. The caller must call release.
func (l *Lab) acquire() (release func(), err error) {
	l.slotsOnce.Do(func() {
		n := l.concurrency
		if n <= 0 {
			n = runtime.GOMAXPROCS(0)
		}
		l.slots = make(chan struct{}, n)
	})
	select {
	case l.slots <- struct{}{}:
		return func() { <-l.slots }, nil
	default:
		n := cap(l.slots)
		return nil, seedbed.Errorf(seedbed.ETOOMANY, seedbed.Label{Zh: "实验室正忙：已有 %d 个模拟在运行，请稍后再试", En: "the lab is busy: %d simulations are running; try again in a minute"}, n)
	}
}

// cancelled turns a run stopped because its caller went away into an error that says so, so
// that it is logged as a cancellation and not as a failure.
func cancelled(ctx context.Context, err error) error {
	if err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		return seedbed.Errorf(seedbed.ECANCELED, seedbed.Label{Zh: "运行已取消", En: "the run was cancelled"})
	}
	return err
}
