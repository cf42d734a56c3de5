package app

import (
	"context"
	"fmt"
	"sync"
	"time"

	"seedbed/evaluation"
	"seedbed/sqlstore"
)

// Monitoring keeps indicator series, complacency flags, outcomes and the impact figures computed from them.
//
// It caches the latest monitoring snapshot. The snapshot carries the key of the data it was
// computed from (sqlstore.MonitoringKey: the version of the observations and outcomes, the
// registry's version, and the awards); every Snapshot call reads the current key and recomputes
// when it differs, so a write by this process or any other invalidates the cache on the next
// read. SetParams drops it. Nothing else does: there is no time-based expiry.
//
// Complacency flags are stored rows, written only by writes: after every write of this service
// that changes the data (observations, corrections, outcomes), by an explicit RecomputeFlags,
// and before a stage gate reads them (OpenFlagsForAward). Reading the flags never writes.
type Monitoring struct {
	store     *sqlstore.Store
	approvals *Approvals

	mu     sync.Mutex // guards params and snap; held while a snapshot is computed, so callers wait for one computation
	params evaluation.MonitoringParams
	snap   *evaluation.MonitoringSnapshot
}

func newMonitoring(store *sqlstore.Store) *Monitoring {
	return &Monitoring{store: store, params: evaluation.DefaultMonitoringParams()}
}

// Params returns the settings the monitoring computations use.
func (m *Monitoring) Params() evaluation.MonitoringParams {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.params
}

// SetParams changes the settings of the monitoring computations (for example the landmark
// percentile); the next snapshot uses them. EINVALID when a computation refuses them.
func (m *Monitoring) SetParams(p evaluation.MonitoringParams) error {
	if err := p.Validate(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.params, m.snap = p, nil
	return nil
}

// CurrentQuarter returns the quarter the store's clock is in, in the bureau's time zone.
func (m *Monitoring) CurrentQuarter() evaluation.Quarter {
	return evaluation.CurrentQuarter(m.store.Now())
}

// Snapshot returns the monitoring snapshot of the current data, computing it when the data
// changed since the cached one. Concurrent callers wait for one computation.
func (m *Monitoring) Snapshot(ctx context.Context) (*evaluation.MonitoringSnapshot, error) {
	// The key is read before the lock, so that callers of a cached snapshot do not queue behind
	// one another's database reads; the data read after it are at least as new as it says.
	key, err := m.store.MonitoringKey(ctx)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.snap != nil && m.snap.Key == key {
		return m.snap, nil
	}
	snap, err := m.computeSnapshot(ctx, key, m.params)
	if err != nil {
		return nil, err
	}
	m.snap = snap
	return snap, nil
}

// computeSnapshot loads every series, award and outcome and runs the evaluation.
func (m *Monitoring) computeSnapshot(ctx context.Context, key string, p evaluation.MonitoringParams) (*evaluation.MonitoringSnapshot, error) {
	start := time.Now()
	d, err := m.store.MonitoringData(ctx, evaluation.CurrentQuarter(m.store.Now()))
	if err != nil {
		return nil, err
	}
	d.Key = key
	sn, err := evaluation.NewMonitoringSnapshot(d, p)
	if err != nil {
		return nil, err
	}
	sn.ComputedAt, sn.Elapsed = m.store.Now(), time.Since(start)
	return sn, nil
}

// afterWrite brings the stored flags up to date after a write that changed the data. The write
// is already committed; an error here means only that the flags were not recomputed.
func (m *Monitoring) afterWrite(ctx context.Context) error {
	if _, err := m.refreshFlags(ctx); err != nil {
		return fmt.Errorf("data stored, complacency flags not recomputed: %w", err)
	}
	return nil
}
