package app

import (
	"context"
	"fmt"
	"time"

	"seedbed"
	"seedbed/evaluation"
	"seedbed/sqlstore"
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
	return m.storeFlags(ctx, a, sn, true)
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
	_, err = m.storeFlags(ctx, seedbed.System, sn, false)
	return sn, err
}

// storeFlags writes the flags the snapshot raises in one transaction: a new flag is stored open
// with a decision event, a flag raised again keeps its state and resolution, and a stored flag
// the data no longer raise is marked inactive. Unless force is set it does nothing (Skipped)
// when the stored flags are already of the snapshot's data.
func (m *Monitoring) storeFlags(ctx context.Context, a seedbed.Actor, sn *evaluation.MonitoringSnapshot, force bool) (evaluation.FlagRun, error) {
	run := evaluation.FlagRun{Key: sn.Key}
	start := time.Now()
	err := m.store.InTx(ctx, func(tx *sqlstore.Tx) error {
		stored, err := tx.FlagsKey(ctx)
		if err != nil {
			return err
		}
		if !force && stored == sn.Key {
			run.Skipped = true
			return nil // another request stored them meanwhile
		}
		existing, err := tx.StoredFlags(ctx)
		if err != nil {
			return err
		}
		for _, c := range sn.Results.Complacency {
			if c.Status == evaluation.StatusOK {
				run.Assessed++
			}
		}
		raised := map[string]bool{}
		for _, c := range sn.Results.Flags() {
			run.Flagged++
			key := c.FlagKey()
			raised[key] = true
			if f, ok := existing[key]; ok {
				if err := tx.ReraiseFlag(ctx, f.ID, c); err != nil {
					return err
				}
				continue
			}
			run.Raised++
			aw, _ := sn.FirstAward(c.InnovatorID)
			id, err := tx.InsertFlag(ctx, c, aw)
			if err != nil {
				return err
			}
			subject, awardID := fmt.Sprintf("innovator:%d", c.InnovatorID), int64(0)
			if aw != nil {
				subject, awardID = seedbed.AwardSubject(aw.ID), aw.ID
			}
			if _, err := tx.RecordEvent(ctx, a, seedbed.EventFlagRaised, subject, map[string]any{
				"flag_id": id, "flag_key": key, "innovator_id": c.InnovatorID, "award_id": awardID, "reason": c.Reason(),
				"relative_decline": c.RelativeDecline, "stall_with_non_tech_growth": c.StallWithNonTechGrowth,
				"did": c.DiD, "se": c.SE, "z": c.Z, "non_tech_rise": c.NonTechRise, "controls": c.ControlIDs, "data": sn.Key}); err != nil {
				return err
			}
		}
		for key, f := range existing {
			if f.Active && !raised[key] {
				run.Cleared++
				if err := tx.DeactivateFlag(ctx, f.ID); err != nil {
					return err
				}
			}
		}
		if err := tx.SetFlagsKey(ctx, sn.Key); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "monitoring.flags", "monitoring_flag", 0,
			fmt.Sprintf("data %s: %d assessed, %d flagged, %d new, %d cleared", sn.Key, run.Assessed, run.Flagged, run.Raised, run.Cleared))
	})
	run.Elapsed = time.Since(start)
	return run, err
}

// FlagsKey returns the data key (MonitoringSnapshot.Key) the stored flags were computed from; when
// it differs from the current snapshot's, awards or the registry changed since and the flags
// wait for a recompute.
func (m *Monitoring) FlagsKey(ctx context.Context) (string, error) { return m.store.FlagsKey(ctx) }

// FindFlags returns one page of stored flags and how many match; EINVALID for a bad filter. It
// writes nothing.
func (m *Monitoring) FindFlags(ctx context.Context, f seedbed.FlagFilter) ([]seedbed.Flag, int, error) {
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	return m.store.FindFlags(ctx, f)
}

// CountFlags returns how many stored flags match f, without reading any; EINVALID for a bad
// filter.
func (m *Monitoring) CountFlags(ctx context.Context, f seedbed.FlagFilter) (int, error) {
	if err := f.Validate(); err != nil {
		return 0, err
	}
	return m.store.CountFlags(ctx, f)
}

// GetFlag returns one flag, or ENOTFOUND.
func (m *Monitoring) GetFlag(ctx context.Context, id int64) (*seedbed.Flag, error) {
	return m.store.GetFlag(ctx, id)
}

// FlagGate tells what resolving flag f would do for a, by the rule ResolveFlag runs: under the
// two-person rule on flags, a resolution proposed on the same award (or innovator) and still
// waiting refuses another, and only a second officer may approve it.
func (m *Monitoring) FlagGate(ctx context.Context, a seedbed.Actor, f *seedbed.Flag) (seedbed.ProposalGate, error) {
	return m.approvals.Gate(ctx, a, seedbed.TwoPersonFlag, flagSubject(f))
}

// ResolveFlag records an officer's resolution of an open flag, with its decision event.
// EFORBIDDEN without program management rights, EINVALID for an empty resolution, ECONFLICT
// when the flag is already resolved. Under the two-person rule on flags the resolution is
// proposed (*seedbed.Proposed) and takes effect when a second officer approves it.
func (m *Monitoring) ResolveFlag(ctx context.Context, a seedbed.Actor, id int64, res seedbed.FlagResolution) (*seedbed.Flag, error) {
	if m.approvals.Applies(seedbed.TwoPersonFlag, a) {
		ap := &seedbed.Approval{Rule: seedbed.TwoPersonFlag, Reason: res.Resolution}
		return nil, m.approvals.propose(ctx, a, ap, flagProposal{FlagID: id, Resolution: res.Resolution}, func(tx *sqlstore.Tx) error {
			f, err := openFlag(ctx, tx, a, id, res)
			if err != nil {
				return err
			}
			ap.Subject, ap.Link = flagSubject(f), fmt.Sprintf("/monitoring/flags/%d", id)
			ap.Summary = seedbed.Label{Zh: fmt.Sprintf("处理 %s 的安乐预警 %d", f.InnovatorName, id),
				En: fmt.Sprintf("resolve complacency flag %d on %s", id, f.InnovatorName)}
			return nil
		})
	}
	var out *seedbed.Flag
	err := m.store.InTx(ctx, func(tx *sqlstore.Tx) error {
		var err error
		out, err = resolveFlag(ctx, tx, a, a.Username, id, res)
		return err
	})
	return out, err
}

// flagProposal is what an approval of a flag's resolution carries.
type flagProposal struct {
	FlagID     int64  `json:"flag_id"`
	Resolution string `json:"resolution"`
}

// approveFlag resolves the flag as the second officer, in the proposer's words.
func (m *Monitoring) approveFlag(ctx context.Context, tx *sqlstore.Tx, a seedbed.Actor, ap *seedbed.Approval) error {
	var pr flagProposal
	if err := payloadOf(ap, &pr); err != nil {
		return err
	}
	_, err := resolveFlag(ctx, tx, a, ap.ProposedBy, pr.FlagID, seedbed.FlagResolution{Resolution: pr.Resolution})
	return err
}

func flagSubject(f *seedbed.Flag) string {
	if f.AwardID != 0 {
		return seedbed.AwardSubject(f.AwardID)
	}
	return fmt.Sprintf("innovator:%d", f.InnovatorID)
}

// openFlag checks that a may resolve flag id with res and returns it.
func openFlag(ctx context.Context, tx *sqlstore.Tx, a seedbed.Actor, id int64, res seedbed.FlagResolution) (*seedbed.Flag, error) {
	if err := seedbed.Authorize(a, seedbed.PermProgramManage, nil); err != nil {
		return nil, err
	}
	if err := res.Validate(); err != nil {
		return nil, err
	}
	f, err := tx.Flag(ctx, id)
	if err != nil {
		return nil, err
	}
	if f.Status != seedbed.FlagOpen {
		return nil, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "预警 %d 已由 %s 处理", En: "flag %d was already resolved by %s"}, id, f.ResolvedBy)
	}
	return f, nil
}

// resolveFlag writes the resolution by a, in the words of by.
func resolveFlag(ctx context.Context, tx *sqlstore.Tx, a seedbed.Actor, by string, id int64, res seedbed.FlagResolution) (*seedbed.Flag, error) {
	f, err := openFlag(ctx, tx, a, id, res)
	if err != nil {
		return nil, err
	}
	ok, err := tx.MarkFlagResolved(ctx, a, id, res.Resolution)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "预警 %d 已被他人处理", En: "flag %d was resolved meanwhile"}, id)
	}
	payload := map[string]any{"flag_id": id, "flag_key": f.Key, "innovator_id": f.InnovatorID, "award_id": f.AwardID, "reason": f.Reason,
		"active": f.Active, "resolution": res.Resolution}
	if by != a.Username {
		payload["proposed_by"] = by
	}
	if _, err := tx.RecordEvent(ctx, a, seedbed.EventFlagResolved, flagSubject(f), payload); err != nil {
		return nil, err
	}
	if err := tx.Audit(ctx, a, "flag.resolve", "monitoring_flag", id, res.Resolution); err != nil {
		return nil, err
	}
	return tx.Flag(ctx, id)
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
