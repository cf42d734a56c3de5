package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"seedbed"
	"seedbed/evaluation"
)

// FlagsKey returns the key (MonitoringKey) of the data the stored flags were computed from,
// empty when they never were.
func (s *Store) FlagsKey(ctx context.Context) (string, error) {
	var key string
	err := s.read.QueryRowContext(ctx, `SELECT flags_key FROM monitoring_state WHERE id = 1`).Scan(&key)
	return key, err
}

type storedFlag struct {
	id     int64
	active bool
}

// StoreFlags writes the flags the snapshot raises in one transaction: new flags are stored open
// (with a decision event), flags raised again keep their state and resolution, and stored flags
// the data no longer raise are marked inactive. Unless force is set, it does nothing (Skipped)
// when the stored flags are already of the snapshot's data.
func (s *Store) StoreFlags(ctx context.Context, a seedbed.Actor, sn *evaluation.MonitoringSnapshot, force bool) (evaluation.FlagRun, error) {
	run := evaluation.FlagRun{Key: sn.Key}
	start := time.Now()
	err := s.inTx(ctx, func(tx *Tx) error {
		var stored string
		if err := tx.QueryRowContext(ctx, `SELECT flags_key FROM monitoring_state WHERE id = 1`).Scan(&stored); err != nil {
			return err
		}
		if !force && stored == sn.Key {
			run.Skipped = true
			return nil // another request stored them meanwhile
		}
		existing := map[string]storedFlag{}
		if err := eachRow(ctx, tx, `SELECT id, flag_key, active FROM monitoring_flags`, nil, func(sc scanner) error {
			var f storedFlag
			var key string
			err := sc.Scan(&f.id, &key, &f.active)
			existing[key] = f
			return err
		}); err != nil {
			return err
		}
		for _, c := range sn.Results.Complacency {
			if c.Status == evaluation.StatusOK {
				run.Assessed++
			}
		}
		now := fmtTime(tx.now)
		raised := map[string]bool{}
		for _, c := range sn.Results.Flags() {
			run.Flagged++
			key := c.FlagKey()
			raised[key] = true
			reason := c.Reason()
			assessment, err := json.Marshal(c)
			if err != nil {
				assessment = []byte("{}")
			}
			var awardID, programID sql.NullInt64
			if aw, ok := sn.FirstAward(c.InnovatorID); ok {
				awardID = sql.NullInt64{Int64: aw.ID, Valid: true}
				programID = sql.NullInt64{Int64: aw.ProgramID, Valid: true}
			}
			if f, ok := existing[key]; ok {
				if _, err := tx.ExecContext(ctx, `UPDATE monitoring_flags SET active = $1, relative_decline = $2, stall = $3, z = $4,
					reason_zh = $5, reason_en = $6, assessment = $7, updated_at = $8 WHERE id = $9`, true, c.RelativeDecline,
					c.StallWithNonTechGrowth, c.Z, reason.Zh, reason.En, string(assessment), now, f.id); err != nil {
					return err
				}
				continue
			}
			run.Raised++
			id, err := insertID(ctx, tx, `INSERT INTO monitoring_flags (flag_key, innovator_id, award_id, program_id, award_quarter, post_to,
				status, active, relative_decline, stall, z, reason_zh, reason_en, assessment, raised_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`, key, c.InnovatorID, awardID, programID,
				int64(c.Award), int64(c.PostTo), seedbed.FlagOpen, true, c.RelativeDecline, c.StallWithNonTechGrowth, c.Z,
				reason.Zh, reason.En, string(assessment), now, now)
			if err != nil {
				return err
			}
			subject := fmt.Sprintf("innovator:%d", c.InnovatorID)
			if awardID.Valid {
				subject = awardSubject(awardID.Int64)
			}
			if _, err := recordEvent(ctx, tx, a, seedbed.EventFlagRaised, subject, map[string]any{
				"flag_id": id, "flag_key": key, "innovator_id": c.InnovatorID, "award_id": awardID.Int64, "reason": reason,
				"relative_decline": c.RelativeDecline, "stall_with_non_tech_growth": c.StallWithNonTechGrowth,
				"did": c.DiD, "se": c.SE, "z": c.Z, "non_tech_rise": c.NonTechRise, "controls": c.ControlIDs, "data": sn.Key}); err != nil {
				return err
			}
		}
		for key, f := range existing {
			if f.active && !raised[key] {
				run.Cleared++
				if _, err := tx.ExecContext(ctx, `UPDATE monitoring_flags SET active = $1, updated_at = $2 WHERE id = $3`, false, now, f.id); err != nil {
					return err
				}
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE monitoring_state SET flags_key = $1, flags_at = $2 WHERE id = 1`, sn.Key, now); err != nil {
			return err
		}
		return audit(ctx, tx, a, "monitoring.flags", "monitoring_flag", 0,
			fmt.Sprintf("data %s: %d assessed, %d flagged, %d new, %d cleared", sn.Key, run.Assessed, run.Flagged, run.Raised, run.Cleared))
	})
	run.Elapsed = time.Since(start)
	return run, err
}

const flagColumns = `f.id, f.flag_key, f.innovator_id, coalesce(i.name, ''), coalesce(f.award_id, 0), coalesce(f.program_id, 0),
	f.award_quarter, f.post_to, f.status, f.active, f.relative_decline, f.stall, f.z, f.reason_zh, f.reason_en, f.assessment,
	f.raised_at, f.updated_at, f.resolution, f.resolved_by, f.resolved_at`

const flagFrom = ` FROM monitoring_flags f LEFT JOIN innovators i ON i.id = f.innovator_id`

func scanFlag(sc scanner) (seedbed.Flag, error) {
	var f seedbed.Flag
	var aq, pt int64
	var assessment, raised, updated string
	var resolved sql.NullString
	if err := sc.Scan(&f.ID, &f.Key, &f.InnovatorID, &f.InnovatorName, &f.AwardID, &f.ProgramID, &aq, &pt, &f.Status, &f.Active,
		&f.RelativeDecline, &f.StallWithNonTechGrowth, &f.Z, &f.Reason.Zh, &f.Reason.En, &assessment, &raised, &updated,
		&f.Resolution, &f.ResolvedBy, &resolved); err != nil {
		return f, err
	}
	f.AwardQuarter, f.PostTo = evaluation.Quarter(aq).String(), evaluation.Quarter(pt).String()
	f.Assessment = json.RawMessage(assessment)
	f.RaisedAt, f.UpdatedAt = parseTime(raised), parseTime(updated)
	if resolved.Valid {
		t := parseTime(resolved.String)
		f.ResolvedAt = &t
	}
	return f, nil
}

// FindFlags returns one page of flags — open before resolved, flags with both signals first, then
// by z — and how many match. It reads what is stored; the monitoring service keeps them fresh.
func (s *Store) FindFlags(ctx context.Context, f seedbed.FlagFilter) ([]seedbed.Flag, int, error) {
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	var w where
	if f.Status != "" {
		w.add("f.status = ?", f.Status)
	}
	if f.InnovatorID != 0 {
		w.add("f.innovator_id = ?", f.InnovatorID)
	}
	if f.AwardID != 0 {
		w.add("f.award_id = ?", f.AwardID)
	}
	if f.ProgramID != 0 {
		w.add("f.program_id = ?", f.ProgramID)
	}
	if f.ActiveOnly {
		w.add("f.active = ?", true)
	}
	var total int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM monitoring_flags f`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	offset, limit := clampPage(f.Offset, f.Limit, 50, 1000)
	out := []seedbed.Flag{}
	err := eachRow(ctx, s.read, `SELECT `+flagColumns+flagFrom+w.sql()+` ORDER BY CASE WHEN f.status = 'open' THEN 0 ELSE 1 END,
		CASE WHEN f.active THEN 0 ELSE 1 END, CASE WHEN f.relative_decline AND f.stall THEN 0 ELSE 1 END, f.z, f.id
		LIMIT `+w.next(limit)+` OFFSET `+w.next(offset), w.args, func(sc scanner) error {
		fl, err := scanFlag(sc)
		out = append(out, fl)
		return err
	})
	return out, total, err
}

// GetFlag returns one flag, or ENOTFOUND.
func (s *Store) GetFlag(ctx context.Context, id int64) (*seedbed.Flag, error) {
	return getFlag(ctx, s.read, id)
}

func getFlag(ctx context.Context, q queryer, id int64) (*seedbed.Flag, error) {
	f, err := scanFlag(q.QueryRowContext(ctx, `SELECT `+flagColumns+flagFrom+` WHERE f.id = $1`, id))
	if err == sql.ErrNoRows {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, "预警 %d 不存在 / flag %d not found", id, id)
	}
	if err != nil {
		return nil, err
	}
	return &f, nil
}

// ResolveFlag records an officer's resolution of an open flag — a decision, written with its
// event in the same transaction. A resolved flag cannot be resolved again (ECONFLICT).
func (s *Store) ResolveFlag(ctx context.Context, a seedbed.Actor, id int64, res seedbed.FlagResolution) (*seedbed.Flag, error) {
	var out *seedbed.Flag
	err := s.inTx(ctx, func(tx *Tx) error {
		if err := seedbed.Authorize(a, seedbed.PermProgramManage, nil); err != nil {
			return err
		}
		if err := res.Validate(); err != nil {
			return err
		}
		f, err := getFlag(ctx, tx, id)
		if err != nil {
			return err
		}
		if f.Status != seedbed.FlagOpen {
			return seedbed.Errorf(seedbed.ECONFLICT, "预警 %d 已由 %s 处理 / flag %d was already resolved by %s", id, f.ResolvedBy, id, f.ResolvedBy)
		}
		n, err := tx.ExecContext(ctx, `UPDATE monitoring_flags SET status = $1, resolution = $2, resolved_by = $3, resolved_at = $4
			WHERE id = $5 AND status = $6`, seedbed.FlagResolved, res.Resolution, a.Username, fmtTime(tx.now), id, seedbed.FlagOpen)
		if err != nil {
			return err
		}
		if k, _ := n.RowsAffected(); k != 1 {
			return seedbed.Errorf(seedbed.ECONFLICT, "预警 %d 已被他人处理 / flag %d was resolved meanwhile", id, id)
		}
		subject := fmt.Sprintf("innovator:%d", f.InnovatorID)
		if f.AwardID != 0 {
			subject = awardSubject(f.AwardID)
		}
		if _, err := recordEvent(ctx, tx, a, seedbed.EventFlagResolved, subject, map[string]any{
			"flag_id": id, "flag_key": f.Key, "innovator_id": f.InnovatorID, "award_id": f.AwardID, "reason": f.Reason,
			"active": f.Active, "resolution": res.Resolution}); err != nil {
			return err
		}
		if err := audit(ctx, tx, a, "flag.resolve", "monitoring_flag", id, res.Resolution); err != nil {
			return err
		}
		out, err = getFlag(ctx, tx, id)
		return err
	})
	return out, err
}
