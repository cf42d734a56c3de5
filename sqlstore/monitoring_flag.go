package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"

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

// FlagsKey returns, inside the transaction, the key of the data the stored flags are of.
func (tx *Tx) FlagsKey(ctx context.Context) (string, error) {
	var key string
	err := tx.QueryRowContext(ctx, `SELECT flags_key FROM monitoring_state WHERE id = 1`).Scan(&key)
	return key, err
}

// SetFlagsKey records the key of the data the stored flags are now of.
func (tx *Tx) SetFlagsKey(ctx context.Context, key string) error {
	_, err := tx.ExecContext(ctx, `UPDATE monitoring_state SET flags_key = $1, flags_at = $2 WHERE id = 1`, key, fmtTime(tx.now))
	return err
}

// StoredFlags returns every stored flag by its key, with ID, Key and Active filled in.
func (tx *Tx) StoredFlags(ctx context.Context) (map[string]seedbed.Flag, error) {
	out := map[string]seedbed.Flag{}
	err := eachRow(ctx, tx, `SELECT id, flag_key, active FROM monitoring_flags`, nil, func(sc scanner) error {
		var f seedbed.Flag
		err := sc.Scan(&f.ID, &f.Key, &f.Active)
		out[f.Key] = f
		return err
	})
	return out, err
}

// flagRow is what a flag row stores of an assessment.
func flagRow(c evaluation.ComplacencyResult) (reason seedbed.Label, assessment string) {
	b, err := json.Marshal(c)
	if err != nil {
		b = []byte("{}")
	}
	return c.Reason(), string(b)
}

// InsertFlag stores a newly raised flag, open and active, on the award (nil when the innovator
// has none) and returns its id.
func (tx *Tx) InsertFlag(ctx context.Context, c evaluation.ComplacencyResult, aw *seedbed.Award) (int64, error) {
	var awardID, programID sql.NullInt64
	if aw != nil {
		awardID = sql.NullInt64{Int64: aw.ID, Valid: true}
		programID = sql.NullInt64{Int64: aw.ProgramID, Valid: true}
	}
	reason, assessment := flagRow(c)
	now := fmtTime(tx.now)
	return insertID(ctx, tx, `INSERT INTO monitoring_flags (flag_key, innovator_id, award_id, program_id, award_quarter, post_to,
		status, active, relative_decline, stall, z, reason_zh, reason_en, assessment, raised_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`, c.FlagKey(), c.InnovatorID, awardID, programID,
		int64(c.Award), int64(c.PostTo), seedbed.FlagOpen, true, c.RelativeDecline, c.StallWithNonTechGrowth, c.Z,
		reason.Zh, reason.En, assessment, now, now)
}

// ReraiseFlag marks the stored flag id active again with the figures of the latest assessment;
// its status and resolution stay as they are.
func (tx *Tx) ReraiseFlag(ctx context.Context, id int64, c evaluation.ComplacencyResult) error {
	reason, assessment := flagRow(c)
	_, err := tx.ExecContext(ctx, `UPDATE monitoring_flags SET active = $1, relative_decline = $2, stall = $3, z = $4,
		reason_zh = $5, reason_en = $6, assessment = $7, updated_at = $8 WHERE id = $9`, true, c.RelativeDecline,
		c.StallWithNonTechGrowth, c.Z, reason.Zh, reason.En, assessment, fmtTime(tx.now), id)
	return err
}

// DeactivateFlag marks a stored flag as no longer raised by the data.
func (tx *Tx) DeactivateFlag(ctx context.Context, id int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE monitoring_flags SET active = $1, updated_at = $2 WHERE id = $3`, false, fmtTime(tx.now), id)
	return err
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

// flagWhere is the condition of the flags f selects.
func flagWhere(f seedbed.FlagFilter) where {
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
	return w
}

// CountFlags returns how many stored flags match f (its paging and order are ignored).
func (s *Store) CountFlags(ctx context.Context, f seedbed.FlagFilter) (int, error) {
	return s.countFlags(ctx, flagWhere(f))
}

func (s *Store) countFlags(ctx context.Context, w where) (int, error) {
	var total int
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM monitoring_flags f`+w.sql(), w.args...).Scan(&total)
	return total, err
}

// FindFlags returns one page of flags — open before resolved, flags with both signals first, then
// by z — and how many match. It reads what is stored; the monitoring service keeps them fresh.
func (s *Store) FindFlags(ctx context.Context, f seedbed.FlagFilter) ([]seedbed.Flag, int, error) {
	w := flagWhere(f)
	total, err := s.countFlags(ctx, w)
	if err != nil {
		return nil, 0, err
	}
	offset, limit := clampPage(f.Offset, f.Limit, 50, 1000)
	// The page's ids first, then their rows: sorting the flags with their reasons and
	// assessments (ten thousand open flags in a million-innovator region) took 0.1 s a page. In
	// the default order the ids are the first entries of an index (monitoring_flags_priority).
	var ids []int64
	err = eachRow(ctx, s.read, `SELECT f.id`+flagFrom+w.sql()+orderBy(f.Order, seedbed.FlagSorts, flagOrder, "f.id")+`
		LIMIT `+w.next(limit)+` OFFSET `+w.next(offset), w.args, func(sc scanner) error {
		var id int64
		ids = append(ids, id)
		return sc.Scan(&ids[len(ids)-1])
	})
	if err != nil || len(ids) == 0 {
		return []seedbed.Flag{}, total, err
	}
	var in where
	in.inInt64("f.id", ids)
	byID := make(map[int64]seedbed.Flag, len(ids))
	if err := eachRow(ctx, s.read, `SELECT `+flagColumns+flagFrom+in.sql(), in.args, func(sc scanner) error {
		fl, err := scanFlag(sc)
		byID[fl.ID] = fl
		return err
	}); err != nil {
		return nil, 0, err
	}
	out := make([]seedbed.Flag, 0, len(ids))
	for _, id := range ids {
		if fl, ok := byID[id]; ok {
			out = append(out, fl)
		}
	}
	return out, total, nil
}

// GetFlag returns one flag, or ENOTFOUND.
func (s *Store) GetFlag(ctx context.Context, id int64) (*seedbed.Flag, error) {
	return getFlag(ctx, s.read, id)
}

func getFlag(ctx context.Context, q queryer, id int64) (*seedbed.Flag, error) {
	f, err := scanFlag(q.QueryRowContext(ctx, `SELECT `+flagColumns+flagFrom+` WHERE f.id = $1`, id))
	if err == sql.ErrNoRows {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "预警 %d 不存在", En: "flag %d not found"}, id)
	}
	if err != nil {
		return nil, err
	}
	return &f, nil
}

// Flag returns one flag inside the transaction, or ENOTFOUND.
func (tx *Tx) Flag(ctx context.Context, id int64) (*seedbed.Flag, error) { return getFlag(ctx, tx, id) }

// MarkFlagResolved records the resolution of the open flag id by a. It reports false, and writes
// nothing, when the flag is no longer open.
func (tx *Tx) MarkFlagResolved(ctx context.Context, a seedbed.Actor, id int64, resolution string) (bool, error) {
	n, err := tx.ExecContext(ctx, `UPDATE monitoring_flags SET status = $1, resolution = $2, resolved_by = $3, resolved_at = $4
		WHERE id = $5 AND status = $6`, seedbed.FlagResolved, resolution, a.Username, fmtTime(tx.now), id, seedbed.FlagOpen)
	if err != nil {
		return false, err
	}
	k, _ := n.RowsAffected()
	return k == 1, nil
}
