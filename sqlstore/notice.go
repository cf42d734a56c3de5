package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"

	"seedbed"
)

// NoticeFilter selects funding notices: of one program (ProgramID > 0) or all, newest first.
type NoticeFilter struct {
	ProgramID     int64
	Offset, Limit int
}

// InsertNotice writes a published funding notice; n.ID and n.PublishedAt are set.
func (tx *Tx) InsertNotice(ctx context.Context, n *seedbed.FundingNotice) error {
	n.PublishedAt = tx.now
	id, err := insertID(ctx, tx, `INSERT INTO funding_notices (program_id, start_on, end_on, allow_anonymous, note, entries, published_at, published_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, n.ProgramID, n.StartOn, n.EndOn, n.AllowAnonymous, n.Note, jsonString(n.Entries),
		fmtTime(tx.now), n.PublishedBy)
	n.ID = id
	return err
}

// CloseNotice records the end of a notice not yet closed; ECONFLICT when it was closed meanwhile.
func (tx *Tx) CloseNotice(ctx context.Context, id int64, by string) error {
	res, err := tx.ExecContext(ctx, `UPDATE funding_notices SET closed_at = $1, closed_by = $2 WHERE id = $3 AND closed_at IS NULL`,
		fmtTime(tx.now), by, id)
	if err != nil {
		return classify(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "公示已结束", En: "the notice is already closed"})
	}
	return nil
}

// Notice returns a funding notice inside tx, or ENOTFOUND.
func (tx *Tx) Notice(ctx context.Context, id int64) (*seedbed.FundingNotice, error) {
	return getNotice(ctx, tx, id)
}

// GetNotice returns a funding notice with its counts of objections, or ENOTFOUND.
func (s *Store) GetNotice(ctx context.Context, id int64) (*seedbed.FundingNotice, error) {
	return getNotice(ctx, s.read, id)
}

const noticeColumns = `n.id, n.program_id, p.title, n.start_on, n.end_on, n.allow_anonymous, n.note, n.entries, n.published_at,
	n.published_by, n.closed_at, n.closed_by,
	(SELECT count(*) FROM public_comments c WHERE c.notice_id = n.id),
	(SELECT count(*) FROM public_comments c WHERE c.notice_id = n.id AND c.answered_at IS NOT NULL)
	FROM funding_notices n JOIN programs p ON p.id = n.program_id`

func scanNotice(row scanner) (*seedbed.FundingNotice, error) {
	var n seedbed.FundingNotice
	var entries, at string
	var closed sql.NullString
	if err := row.Scan(&n.ID, &n.ProgramID, &n.ProgramTitle, &n.StartOn, &n.EndOn, &n.AllowAnonymous, &n.Note, &entries, &at,
		&n.PublishedBy, &closed, &n.ClosedBy, &n.Objections, &n.Answered); err != nil {
		return nil, err
	}
	n.Entries = []seedbed.NoticeEntry{}
	json.Unmarshal([]byte(entries), &n.Entries)
	n.PublishedAt = parseTime(at)
	if closed.Valid {
		t := parseTime(closed.String)
		n.ClosedAt = &t
	}
	return &n, nil
}

func getNotice(ctx context.Context, q queryer, id int64) (*seedbed.FundingNotice, error) {
	n, err := scanNotice(q.QueryRowContext(ctx, `SELECT `+noticeColumns+` WHERE n.id = $1`, id))
	if err == sql.ErrNoRows {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "公示不存在", En: "notice not found"})
	}
	return n, err
}

// FindNotices returns a page of funding notices, newest first, and how many match.
func (s *Store) FindNotices(ctx context.Context, f NoticeFilter) ([]seedbed.FundingNotice, int, error) {
	var w where
	if f.ProgramID > 0 {
		w.add("n.program_id = ?", f.ProgramID)
	}
	var total int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM funding_notices n`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	q := `SELECT ` + noticeColumns + w.sql() + ` ORDER BY n.id DESC LIMIT ` + w.next(limit) + ` OFFSET ` + w.next(max(f.Offset, 0))
	rows, err := s.read.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []seedbed.FundingNotice{}
	for rows.Next() {
		n, err := scanNotice(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *n)
	}
	return out, total, rows.Err()
}
