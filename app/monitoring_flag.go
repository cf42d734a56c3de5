package app

import (
	"context"

	"seedbed"
	"seedbed/evaluation"
)

// RecomputeFlags recomputes the snapshot and stores the flags it raises, whether or not the data
// changed, on behalf of a: new flags are stored open (with a decision event), flags raised
// again keep their state and resolution, and stored flags the data no longer raise are marked
// inactive.
func (m *Monitoring) RecomputeFlags(ctx context.Context, a seedbed.Actor) (evaluation.FlagRun, error) {
	sn, err := m.Snapshot(ctx)
	if err != nil {
		return evaluation.FlagRun{}, err
	}
	return m.store.StoreFlags(ctx, a, sn, true)
}

// refreshFlags recomputes the stored flags (as the system) when the data changed since they were
// last computed, and returns the snapshot they are now of.
func (m *Monitoring) refreshFlags(ctx context.Context) (*evaluation.MonitoringSnapshot, error) {
	sn, err := m.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	stored, err := m.store.FlagsKey(ctx)
	if err != nil || stored == sn.Key {
		return sn, err
	}
	_, err = m.store.StoreFlags(ctx, seedbed.System, sn, false)
	return sn, err
}

// FlagsKey returns the data key (MonitoringSnapshot.Key) the stored flags were computed from; when
// it differs from the current snapshot's, awards or the registry changed since and the flags
// wait for a recompute.
func (m *Monitoring) FlagsKey(ctx context.Context) (string, error) { return m.store.FlagsKey(ctx) }

// FindFlags returns one page of stored flags and how many match. It writes nothing.
func (m *Monitoring) FindFlags(ctx context.Context, f seedbed.FlagFilter) ([]seedbed.Flag, int, error) {
	return m.store.FindFlags(ctx, f)
}

// GetFlag returns one flag, or ENOTFOUND.
func (m *Monitoring) GetFlag(ctx context.Context, id int64) (*seedbed.Flag, error) {
	return m.store.GetFlag(ctx, id)
}

// ResolveFlag records an officer's resolution of an open flag, with its decision event.
// EFORBIDDEN without program management rights, EINVALID for an empty resolution, ECONFLICT
// when the flag is already resolved.
func (m *Monitoring) ResolveFlag(ctx context.Context, a seedbed.Actor, id int64, res seedbed.FlagResolution) (*seedbed.Flag, error) {
	return m.store.ResolveFlag(ctx, a, id, res)
}

// OpenFlagsForAward returns the open flags that the current data still raise on the award's
// innovator. A stage gate calls it before a go decision, which may require the list to be empty;
// it brings the stored flags up to date first, so call it before (not inside) the decision's
// transaction, and only on the way to a write.
func (m *Monitoring) OpenFlagsForAward(ctx context.Context, awardID int64) ([]seedbed.Flag, error) {
	aw, err := m.store.GetAward(ctx, awardID)
	if err != nil {
		return nil, err
	}
	if _, err := m.refreshFlags(ctx); err != nil {
		return nil, err
	}
	flags, _, err := m.store.FindFlags(ctx, seedbed.FlagFilter{InnovatorID: aw.InnovatorID, Status: seedbed.FlagOpen, ActiveOnly: true, Limit: 1000})
	return flags, err
}
