package seedbed

import "time"

// Job is long work started from a page or the API — a lab run — that goes on after the request
// that started it has been answered. It is stored, so that any server instance can show its
// progress, and it names its result when it is done.
type Job struct {
	ID    int64  `json:"id"`
	Kind  string `json:"kind"`  // JobLabRun
	State string `json:"state"` // running, done, failed
	// Done of Total steps (a lab run's replications) are finished.
	Done  int `json:"done"`
	Total int `json:"total"`
	// ResultID is the result's id when the job is done (a lab run's saved run).
	ResultID   int64      `json:"result_id,omitempty"`
	Error      *Label     `json:"error,omitempty"` // why it failed
	CreatedBy  string     `json:"created_by"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
	FinishedAt *time.Time `json:"finished_at,omitempty"`
}

// Kinds and states of jobs.
const (
	JobLabRun = "lab.run"

	JobRunning = "running"
	JobDone    = "done"
	JobFailed  = "failed"
)

// JobStale is how long a running job may go without reporting progress before it is taken for
// abandoned (its server stopped): it then no longer keeps another job of its kind from starting,
// and reads as failed.
const JobStale = 5 * time.Minute

// Percent is how far the job has come, 0 to 100.
func (j *Job) Percent() int {
	if j.State == JobDone {
		return 100
	}
	if j.Total <= 0 {
		return 0
	}
	return min(100, j.Done*100/j.Total)
}
