package app

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"seedbed"
	"seedbed/sim"
	"seedbed/sqlstore"
)

// A lab run from a page or the API is a job: StartRun checks it, records a running job and
// answers at once; the run goes on in this process, recording its progress in the job (so that any
// server instance can show it) and, when it is done, the saved run as the job's result. One lab
// run job runs at a time; while one does, starting another is refused with a message saying so.
// A job whose server stops stays "running" until seedbed.JobStale has passed without progress,
// then reads as failed.

// labJobTimeout bounds one lab run job.
const labJobTimeout = 30 * time.Minute

// StartRun starts a lab run as a job and returns it.
func (l *Lab) StartRun(ctx context.Context, a seedbed.Actor, name string, cfg sim.Config) (*seedbed.Job, error) {
	name, err := checkRun(name, cfg)
	if err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		if fe := sim.FieldErrors(err); len(fe) > 0 {
			return nil, simErrors(err, "")
		}
		return nil, err
	}
	job := &seedbed.Job{Kind: seedbed.JobLabRun, Total: cfg.Replications}
	err = l.store.InTx(ctx, func(tx *sqlstore.Tx) error {
		running, err := tx.RunningJob(ctx, seedbed.JobLabRun)
		if err != nil {
			return err
		}
		if running != nil {
			return seedbed.Errorf(seedbed.ETOOMANY, seedbed.Label{
				Zh: "已有一个模拟在运行（%s 开始，已完成 %d%%）；请等它完成后再开始新的运行",
				En: "a simulation is already running (started by %s, %d%% done); start yours when it has finished"},
				running.CreatedBy, running.Percent())
		}
		return tx.InsertJob(ctx, a, job)
	})
	if err != nil {
		return nil, err
	}
	l.jobs.Add(1)
	go l.runJob(job.ID, a, name, cfg)
	return job, nil
}

// runJob runs a started lab run, recording its progress at most twice a second and its end.
func (l *Lab) runJob(id int64, a seedbed.Actor, name string, cfg sim.Config) {
	defer l.jobs.Done()
	ctx, cancel := context.WithTimeout(context.Background(), labJobTimeout)
	defer cancel()
	var last time.Time
	progress := func(done, total int) {
		if done < total && time.Since(last) < 500*time.Millisecond {
			return
		}
		last = time.Now()
		if err := l.store.InTx(ctx, func(tx *sqlstore.Tx) error { return tx.JobProgress(ctx, id, done, total) }); err != nil {
			slog.Warn("lab job progress", "job", id, "err", err)
		}
	}
	run, _, err := l.simulate(ctx, a, name, cfg, progress)
	var why *seedbed.Label
	var result int64
	if err != nil {
		why = &seedbed.Label{Zh: "运行失败", En: "the run failed"}
		var se *seedbed.Error
		if errors.As(err, &se) {
			why = &seedbed.Label{Zh: se.In("zh"), En: se.In("en")}
		} else {
			slog.Error("lab job", "job", id, "err", err)
		}
	} else {
		result = run.ID
	}
	if err := l.store.InTx(context.Background(), func(tx *sqlstore.Tx) error { return tx.FinishJob(context.Background(), id, result, why) }); err != nil {
		slog.Error("lab job end", "job", id, "err", err)
	}
}

// Job returns one job with its progress.
func (l *Lab) Job(ctx context.Context, id int64) (*seedbed.Job, error) {
	return l.store.GetJob(ctx, id)
}

// WaitJobs waits until every job this process started has ended (for tests and shutdown).
func (l *Lab) WaitJobs() { l.jobs.Wait() }
