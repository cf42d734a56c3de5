package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"

	"seedbed"
)

// InsertLabRun stores a lab run and its audit entry in tx, setting its id, author and time.
func (tx *Tx) InsertLabRun(ctx context.Context, a seedbed.Actor, run *seedbed.LabRun) error {
	run.CreatedBy, run.CreatedAt = a.Username, tx.now
	id, err := insertID(ctx, tx, `INSERT INTO lab_runs (name, created_by, created_at, config_hash, model_version, config, result, elapsed_ms)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, run.Name, run.CreatedBy, fmtTime(run.CreatedAt), run.ConfigHash,
		run.ModelVersion, string(run.Config), string(run.Result), run.ElapsedMS)
	if err != nil {
		return err
	}
	run.ID = id
	return audit(ctx, tx, a, "lab.run", "lab_run", id, run.Name)
}

// LabRuns lists saved runs, newest first, without their results.
func (s *Store) LabRuns(ctx context.Context, limit int) ([]seedbed.LabRun, error) {
	_, limit = clampPage(0, limit, 50, 500)
	rows, err := s.read.QueryContext(ctx, `SELECT id, name, created_by, created_at, config_hash, model_version, config, '', elapsed_ms
		FROM lab_runs ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []seedbed.LabRun
	for rows.Next() {
		r, err := scanLabRun(rows)
		if err != nil {
			return nil, err
		}
		r.Result = nil
		out = append(out, *r)
	}
	return out, rows.Err()
}

// GetLabRun returns one saved run with its result, or ENOTFOUND.
func (s *Store) GetLabRun(ctx context.Context, id int64) (*seedbed.LabRun, error) {
	r, err := scanLabRun(s.read.QueryRowContext(ctx, `SELECT id, name, created_by, created_at, config_hash, model_version, config, result, elapsed_ms
		FROM lab_runs WHERE id = $1`, id))
	if err == sql.ErrNoRows {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "实验运行 %d 不存在", En: "lab run %d not found"}, id)
	}
	return r, err
}

func scanLabRun(row scanner) (*seedbed.LabRun, error) {
	var r seedbed.LabRun
	var at, cfg, res string
	if err := row.Scan(&r.ID, &r.Name, &r.CreatedBy, &at, &r.ConfigHash, &r.ModelVersion, &cfg, &res, &r.ElapsedMS); err != nil {
		return nil, err
	}
	r.CreatedAt, r.Config = parseTime(at), json.RawMessage(cfg)
	if res != "" {
		r.Result = json.RawMessage(res)
	}
	return &r, nil
}
