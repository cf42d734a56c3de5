package web

import (
	"net/http"

	"seedbed"
)

// awardLifeAPIRoutes lists the API routes of an award's life after it is made.
func (s *Server) awardLifeAPIRoutes() []route {
	return []route{
		api("POST", "/api/v1/awards/{id}/reports", seedbed.PermProgramManage, s.apiReportAdd),
		api("POST", "/api/v1/reports/{id}/submit", seedbed.PermApply, s.apiReportSubmit),
		api("POST", "/api/v1/reports/{id}/review", seedbed.PermProgramManage, s.apiReportReview),
		api("POST", "/api/v1/awards/{id}/changes", seedbed.PermProgramRead, s.apiChangeRequest),
		api("POST", "/api/v1/changes/{id}/decide", seedbed.PermProgramManage, s.apiChangeDecide),
	}
}

func (s *Server) apiReportAdd(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	aw, _, err := s.awardFor(r, c)
	if err != nil {
		return err
	}
	var body seedbed.ReportInput
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	rep, err := s.Programs.AddReport(r.Context(), c.Actor, aw.ID, body)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, rep)
	return nil
}

// reportText is a recipient's report.
type reportText struct {
	Text string `json:"text"`
}

func (s *Server) apiReportSubmit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, _, err := s.reportAward(r, c)
	if err != nil {
		return err
	}
	var body reportText
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	rep, err := s.Programs.SubmitReport(r.Context(), c.Actor, id, body.Text)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

func (s *Server) apiReportReview(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var body seedbed.ReportReview
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	aw, err := s.Programs.ReviewReport(r.Context(), c.Actor, id, body)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, aw)
	return nil
}

func (s *Server) apiChangeRequest(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	aw, err := s.changeAward(r, c)
	if err != nil {
		return err
	}
	var body seedbed.AwardChangeInput
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	ch, err := s.Programs.RequestChange(r.Context(), c.Actor, aw.ID, body)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, ch)
	return nil
}

func (s *Server) apiChangeDecide(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var body seedbed.AwardChangeDecision
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	aw, err := s.Programs.DecideChange(r.Context(), c.Actor, id, body)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, aw)
	return nil
}
