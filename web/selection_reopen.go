package web

import (
	"net/http"

	"seedbed"
)

// Reopening a program's selection: asked for with a reason on the review console or through
// the API, it waits for a second officer on the approvals page; the superseded results are
// listed on the console.

// selectionReopenRoutes lists the routes of selection_reopen.go.
func (s *Server) selectionReopenRoutes() []route {
	return []route{
		ui("POST", "/programs/{id}/selection/reopen", seedbed.PermProgramManage, s.selectionReopen),
		api("POST", "/api/v1/programs/{id}/selection/reopen", seedbed.PermProgramManage, s.apiSelectionReopen),
		api("GET", "/api/v1/programs/{id}/selection/reopenings", seedbed.PermProgramRead, s.apiSelectionReopenings),
	}
}

func (s *Server) selectionReopen(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	err = s.Reviews.ReopenSelection(r.Context(), c.Actor, p.ID, r.PostForm.Get("reason"))
	if asErrors(err) != nil && seedbed.ErrorCode(err) != seedbed.ENOTFOUND {
		return s.consolePage(w, r, c, p, err)
	}
	return err // a proposal: the error page answers it with a redirect to the approval
}

func (s *Server) apiSelectionReopen(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	var in struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	return s.Reviews.ReopenSelection(r.Context(), c.Actor, p.ID, in.Reason)
}

func (s *Server) apiSelectionReopenings(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	items, err := s.Reviews.SelectionReopenings(r.Context(), p.ID)
	if err != nil {
		return err
	}
	return writePage(w, r, items)
}
