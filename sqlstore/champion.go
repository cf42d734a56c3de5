package sqlstore

import (
	"context"

	"seedbed"
)

// InsertChampion stores a reviewer's champion inside tx; ECONFLICT when the reviewer named one
// in the program already.
func (tx *Tx) InsertChampion(ctx context.Context, c *seedbed.Champion) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO champions (program_id, application_id, reviewer_id, reason, created_at)
		VALUES ($1, $2, $3, $4, $5)`, c.ProgramID, c.ApplicationID, c.ReviewerID, c.Reason, fmtTime(tx.now))
	c.CreatedAt = tx.now
	return classify(err)
}

// ProgramChampions lists a program's champions.
func (s *Store) ProgramChampions(ctx context.Context, programID int64) ([]seedbed.Champion, error) {
	return programChampions(ctx, s.read, programID)
}

// ProgramChampions lists a program's champions inside tx.
func (tx *Tx) ProgramChampions(ctx context.Context, programID int64) ([]seedbed.Champion, error) {
	return programChampions(ctx, tx, programID)
}

func programChampions(ctx context.Context, q queryer, programID int64) ([]seedbed.Champion, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.application_id, c.reviewer_id, COALESCE(NULLIF(u.display_name, ''), u.username), c.reason, c.created_at
		FROM champions c JOIN users u ON u.id = c.reviewer_id WHERE c.program_id = $1 ORDER BY c.id`, programID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []seedbed.Champion{}
	for rows.Next() {
		c := seedbed.Champion{ProgramID: programID}
		var at string
		if err := rows.Scan(&c.ApplicationID, &c.ReviewerID, &c.ReviewerName, &c.Reason, &at); err != nil {
			return nil, err
		}
		c.CreatedAt = parseTime(at)
		out = append(out, c)
	}
	return out, rows.Err()
}
