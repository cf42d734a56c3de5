package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"seedbed"
)

const jobColumns = `id, kind, state, done, total, result_id, error_zh, error_en, created_by, created_at, updated_at, finished_at`

func scanJob(row scanner) (*seedbed.Job, error) {
	var j seedbed.Job
	var created, updated string
	var finished sql.NullString
	var ezh, een string
	if err := row.Scan(&j.ID, &j.Kind, &j.State, &j.Done, &j.Total, &j.ResultID, &ezh, &een, &j.CreatedBy, &created, &updated, &finished); err != nil {
		return nil, err
	}
	j.CreatedAt, j.UpdatedAt = parseTime(created), parseTime(updated)
	if finished.Valid {
		t := parseTime(finished.String)
		j.FinishedAt = &t
	}
	if ezh != "" || een != "" {
		j.Error = &seedbed.Label{Zh: ezh, En: een}
	}
	return &j, nil
}

// RunningJob returns the job of kind that is running and has reported progress since
// stale, or nil when there is none.
func (tx *Tx) RunningJob(ctx context.Context, kind string) (*seedbed.Job, error) {
	j, err := scanJob(tx.QueryRowContext(ctx, `SELECT `+jobColumns+` FROM jobs WHERE kind = $1 AND state = $2 AND updated_at > $3
		ORDER BY id DESC LIMIT 1`, kind, seedbed.JobRunning, fmtTime(tx.now.Add(-seedbed.JobStale))))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return j, err
}

// InsertJob stores a new running job, setting its id, author and times.
func (tx *Tx) InsertJob(ctx context.Context, a seedbed.Actor, j *seedbed.Job) error {
	j.State, j.CreatedBy, j.CreatedAt, j.UpdatedAt = seedbed.JobRunning, a.Username, tx.now, tx.now
	id, err := insertID(ctx, tx, `INSERT INTO jobs (kind, state, done, total, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, j.Kind, j.State, j.Done, j.Total, j.CreatedBy, fmtTime(j.CreatedAt), fmtTime(j.UpdatedAt))
	j.ID = id
	return err
}

// JobProgress records that done of total steps of a running job are finished.
func (tx *Tx) JobProgress(ctx context.Context, id int64, done, total int) error {
	_, err := tx.ExecContext(ctx, `UPDATE jobs SET done = $1, total = $2, updated_at = $3 WHERE id = $4 AND state = $5`,
		done, total, fmtTime(tx.now), id, seedbed.JobRunning)
	return err
}

// FinishJob marks a job done with its result, or failed with why when why is not nil.
func (tx *Tx) FinishJob(ctx context.Context, id, resultID int64, why *seedbed.Label) error {
	state, zh, en := seedbed.JobDone, "", ""
	if why != nil {
		state, zh, en = seedbed.JobFailed, why.Zh, why.En
	}
	_, err := tx.ExecContext(ctx, `UPDATE jobs SET state = $1, result_id = $2, error_zh = $3, error_en = $4, updated_at = $5, finished_at = $5
		WHERE id = $6`, state, resultID, zh, en, fmtTime(tx.now), id)
	return err
}

// GetJob returns one job, or ENOTFOUND. A running job that has not reported progress for
// seedbed.JobStale reads as failed: its server stopped.
func (s *Store) GetJob(ctx context.Context, id int64) (*seedbed.Job, error) {
	j, err := scanJob(s.read.QueryRowContext(ctx, `SELECT `+jobColumns+` FROM jobs WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "没有编号为 %d 的任务", En: "no job %d"}, id)
	}
	if err != nil {
		return nil, err
	}
	if j.State == seedbed.JobRunning && j.UpdatedAt.Before(s.Now().Add(-seedbed.JobStale)) {
		j.State = seedbed.JobFailed
		j.Error = &seedbed.Label{Zh: "任务中断：运行它的服务已停止，请重新开始", En: "the job was interrupted: the server running it stopped; start it again"}
	}
	return j, nil
}
