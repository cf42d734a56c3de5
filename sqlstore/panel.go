package sqlstore

import (
	"context"

	"seedbed"
)

// InsertPanelEntry stores a note or an outcome of an application's panel discussion inside tx.
func (tx *Tx) InsertPanelEntry(ctx context.Context, e *seedbed.PanelEntry) error {
	id, err := insertID(ctx, tx, `INSERT INTO panel_notes (program_id, application_id, kind, body, author, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, e.ProgramID, e.ApplicationID, e.Kind, e.Body, e.Author, fmtTime(tx.now))
	if err != nil {
		return err
	}
	e.ID, e.CreatedAt = id, tx.now
	return nil
}

// PanelEntries lists an application's panel notes and outcomes in the order written.
func (s *Store) PanelEntries(ctx context.Context, appID int64) ([]seedbed.PanelEntry, error) {
	return panelEntries(ctx, s.read, `application_id = $1`, appID)
}

// PanelEntries lists an application's panel notes and outcomes inside tx.
func (tx *Tx) PanelEntries(ctx context.Context, appID int64) ([]seedbed.PanelEntry, error) {
	return panelEntries(ctx, tx, `application_id = $1`, appID)
}

// ProgramPanelEntries lists the panel notes and outcomes of every application of a program.
func (s *Store) ProgramPanelEntries(ctx context.Context, programID int64) ([]seedbed.PanelEntry, error) {
	return panelEntries(ctx, s.read, `program_id = $1`, programID)
}

// panelEntries reads panel entries; cond is one of the fixed conditions above.
func panelEntries(ctx context.Context, q queryer, cond string, id int64) ([]seedbed.PanelEntry, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, program_id, application_id, kind, body, author, created_at
		FROM panel_notes WHERE `+cond+` ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []seedbed.PanelEntry{}
	for rows.Next() {
		var e seedbed.PanelEntry
		var at string
		if err := rows.Scan(&e.ID, &e.ProgramID, &e.ApplicationID, &e.Kind, &e.Body, &e.Author, &at); err != nil {
			return nil, err
		}
		e.CreatedAt = parseTime(at)
		out = append(out, e)
	}
	return out, rows.Err()
}
