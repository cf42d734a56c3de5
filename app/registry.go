package app

import (
	"context"
	"maps"
	"strconv"
	"strings"
	"sync"

	"seedbed"
	"seedbed/sqlstore"
)

// Registry keeps the register of innovators: create, update, search, import and export.
type Registry struct {
	store *sqlstore.Store

	statsMu sync.Mutex // guards stats; held while they are counted, so callers wait for one count
	stats   *registryStats
}

// registryStats are the registry's counts as of one registry version.
type registryStats struct {
	version int64
	stats   seedbed.RegistryStats
}

// CreateInnovator validates and registers a new innovator, with its history and audit entry.
// Errors: EINVALID (each bad field), ECONFLICT (the credit code is already registered).
func (r *Registry) CreateInnovator(ctx context.Context, a seedbed.Actor, in *seedbed.Innovator) error {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return err
	}
	return r.store.InTx(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.InsertInnovator(ctx, a, in); err != nil {
			return err
		}
		// The audit log cannot be erased, so it names an individual or a team by kind only.
		detail := in.Name
		if in.Kind == seedbed.KindIndividual || in.Kind == seedbed.KindTeam {
			detail = in.Kind
		}
		return tx.Audit(ctx, a, "innovator.create", "innovator", in.ID, detail)
	})
}

// UpdateInnovator saves the changed fields of an existing innovator. version must be the
// version the editor saw: an edit in between makes this a conflict rather than a lost update.
// Saving without a change writes nothing and leaves in as stored. Errors: EINVALID, ENOTFOUND,
// ECONFLICT (a stale version, or a credit code another innovator holds).
func (r *Registry) UpdateInnovator(ctx context.Context, a seedbed.Actor, in *seedbed.Innovator, version int) error {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return err
	}
	return r.store.InTx(ctx, func(tx *sqlstore.Tx) error {
		old, err := tx.Innovator(ctx, in.ID)
		if err != nil {
			return err
		}
		if old.Version != version {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "该记录已被他人修改（版本 %d，您编辑的是版本 %d），请刷新后重试", En: "changed by someone else since you opened it; reload and try again"}, old.Version, version)
		}
		changes := old.Changes(in)
		if len(changes) == 0 {
			*in = *old
			return nil
		}
		in.CreatedAt = old.CreatedAt
		if err := tx.UpdateInnovator(ctx, a, in, version, changes); err != nil {
			return err
		}
		fields := make([]string, len(changes))
		for i, c := range changes {
			fields[i] = c.Field
		}
		return tx.Audit(ctx, a, "innovator.update", "innovator", in.ID, strings.Join(fields, ","))
	})
}

// ImportInnovators registers many innovators at once, all or nothing: when any row is invalid
// or its credit code is already registered, nothing is written and every bad row is reported
// (seedbed.Errors, each with its line). lines gives each row's line in the source file (nil: row
// i is line i+2, under a header). It returns the number of innovators imported.
func (r *Registry) ImportInnovators(ctx context.Context, a seedbed.Actor, ins []seedbed.Innovator, lines []int) (int, error) {
	return r.ImportInnovatorsReporting(ctx, a, ins, lines, nil)
}

// ImportInnovatorsReporting is ImportInnovators telling stored, when not nil, how many rows are
// written so far, from time to time while they are written (about every thousand rows) and once
// when all are, before the commit makes them visible. Nothing is visible to others until then,
// and a failure still writes nothing.
func (r *Registry) ImportInnovatorsReporting(ctx context.Context, a seedbed.Actor, ins []seedbed.Innovator, lines []int, stored func(n int)) (int, error) {
	if err := seedbed.CheckImport(ins, lines); err != nil {
		return 0, err
	}
	err := r.store.InBulkTx(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.InsertInnovatorsReporting(ctx, a, ins, lines, stored); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "innovator.import", "innovator", 0, strconv.Itoa(len(ins))+" rows")
	})
	if err != nil {
		return 0, err
	}
	analyzeAfterBulk(ctx, r.store)
	return len(ins), nil
}

// Innovator returns one innovator, or ENOTFOUND.
func (r *Registry) Innovator(ctx context.Context, id int64) (*seedbed.Innovator, error) {
	return r.store.GetInnovator(ctx, id)
}

// FindInnovators returns one page of the innovators matching f and how many match in all.
func (r *Registry) FindInnovators(ctx context.Context, f seedbed.InnovatorFilter) ([]seedbed.Innovator, int, error) {
	return r.store.FindInnovators(ctx, f)
}

// EachInnovator calls fn for every innovator in id order, streaming (for the export).
func (r *Registry) EachInnovator(ctx context.Context, fn func(*seedbed.Innovator) error) error {
	return r.store.EachInnovator(ctx, fn)
}

// InnovatorHistory returns the changes made to an innovator, newest first.
func (r *Registry) InnovatorHistory(ctx context.Context, id int64) ([]seedbed.Change, error) {
	return r.store.InnovatorHistory(ctx, id)
}

// Stats counts the registry for the dashboard.
//
// The counts are cached by the registry's version (sqlstore.RegistryVersion), which every
// write to the registry changes, by this process or another: the officers' and admins' home
// pages show them on every visit. The store counts from its search index (milliseconds at a
// million innovators, where SQL took seconds).
func (r *Registry) Stats(ctx context.Context) (seedbed.RegistryStats, error) {
	v, err := r.store.RegistryVersion(ctx)
	if err != nil {
		return seedbed.RegistryStats{}, err
	}
	r.statsMu.Lock()
	cached := r.stats
	r.statsMu.Unlock()
	if cached == nil || cached.version != v {
		// Counted outside the lock, so that callers do not queue behind one another's count
		// (the store counts from its search index, which follows the writes); counted after the
		// version was read: a write in between makes the next call count again.
		st, err := r.store.RegistryStats(ctx)
		if err != nil {
			return seedbed.RegistryStats{}, err
		}
		cached = &registryStats{version: v, stats: st}
		r.statsMu.Lock()
		if r.stats == nil || r.stats.version < v {
			r.stats = cached
		}
		r.statsMu.Unlock()
	}
	st := cached.stats
	st.ByKind, st.BySize, st.ByType = maps.Clone(st.ByKind), maps.Clone(st.BySize), maps.Clone(st.ByType)
	st.ByPath, st.ByField = maps.Clone(st.ByPath), maps.Clone(st.ByField)
	return st, nil
}
