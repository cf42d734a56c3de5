package app

import (
	"context"
	"testing"

	"seedbed"
	"seedbed/sim/avin"
	"seedbed/sqlstore/storetest"
)

// TestLabBusyAndCancelled checks that a run beyond the lab's concurrency is refused at once as
// "too many requests", that a freed slot serves the next run, and that a run whose caller went
// away reports a cancellation, not an internal error.
func TestLabBusyAndCancelled(t *testing.T) {
	a := New(storetest.SQLite(t), Options{LabConcurrency: 1})
	p := avin.DefaultParams()
	p.Size, p.Steps, p.Runs = 20, 5, 1

	release, err := a.Lab.acquire()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Lab.Avin(t.Context(), p); seedbed.ErrorCode(err) != seedbed.ETOOMANY {
		t.Fatalf("run while the only slot is taken: %v, want too many requests", err)
	}
	release()
	if _, err := a.Lab.Avin(t.Context(), p); err != nil {
		t.Fatalf("run after the slot was freed: %v", err)
	}

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := a.Lab.Avin(ctx, p); seedbed.ErrorCode(err) != seedbed.ECANCELED {
		t.Fatalf("run for a caller that went away: %v, want cancelled", err)
	}
	if _, err := a.Lab.Avin(t.Context(), p); err != nil {
		t.Fatalf("the cancelled run kept its slot: %v", err)
	}
}
