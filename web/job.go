package web

import (
	"net/http"

	"seedbed"
	"seedbed/i18n"
)

// A lab run is long work: starting it answers at once with its job (a page that follows it, or
// 202 and the job's address from the API). The job page refreshes itself every two seconds
// without script while the job runs, and goes to the result when it is done; reading it writes
// nothing.

// jobJSON is a job as the API answers it: where to follow it and, when done, where its result is.
type jobJSON struct {
	*seedbed.Job
	Percent   int    `json:"percent"`
	URL       string `json:"url"`
	ResultURL string `json:"result_url,omitempty"`
}

// jobResult is the page of a finished job's result.
func jobResult(j *seedbed.Job) string {
	if j.State == seedbed.JobDone && j.Kind == seedbed.JobLabRun && j.ResultID != 0 {
		return "/lab/runs/" + itoa(j.ResultID)
	}
	return ""
}

func jobOut(j *seedbed.Job) jobJSON {
	out := jobJSON{Job: j, Percent: j.Percent(), URL: "/api/v1/jobs/" + itoa(j.ID)}
	if u := jobResult(j); u != "" {
		out.ResultURL = "/api/v1/lab/runs/" + itoa(j.ResultID)
	}
	return out
}

func (s *Server) apiJob(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	j, err := s.Lab.Job(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, jobOut(j))
	return nil
}

type jobPageData struct {
	Job     *seedbed.Job
	Percent int
	Error   string
}

// jobPage follows a job: while it runs, its progress, refreshed every two seconds; done, the
// result's page; failed, why.
func (s *Server) jobPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	j, err := s.Lab.Job(r.Context(), id)
	if err != nil {
		return err
	}
	if u := jobResult(j); u != "" {
		http.Redirect(w, r, u, http.StatusSeeOther)
		return nil
	}
	d := jobPageData{Job: j, Percent: j.Percent()}
	if j.Error != nil {
		d.Error = j.Error.In(c.Lang)
	}
	return s.render(w, r, "job", i18n.T(c.Lang, "jobs.title"), d)
}
