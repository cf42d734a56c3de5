package web

import (
	"net/http"

	"seedbed"
	"seedbed/i18n"
)

// fairReviewRoutes lists the routes of blind review: revealing the identities once the scores
// are final.
func (s *Server) fairReviewRoutes() []route {
	return []route{
		ui("POST", "/programs/{id}/reveal", seedbed.PermProgramManage, s.revealSubmit),
		api("POST", "/api/v1/programs/{id}/reveal", seedbed.PermProgramManage, s.apiReveal),
		ui("POST", "/assignments/{id}/replace", seedbed.PermProgramManage, s.replaceSubmit),
		api("POST", "/api/v1/assignments/{id}/replace", seedbed.PermProgramManage, s.apiReplace),
	}
}

// replaceInput is an officer's replacement of a reviewer.
type replaceInput struct {
	Reason string `json:"reason"`
}

func (s *Server) replaceSubmit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	as, err := s.Reviews.GetAssignment(r.Context(), id)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	p, err := s.Programs.GetProgram(r.Context(), as.ProgramID)
	if err != nil {
		return err
	}
	rep, err := s.Reviews.ReplaceReviewer(r.Context(), c.Actor, id, r.PostForm.Get("reason"), uint64(id))
	if err != nil {
		return s.consolePage(w, r, c, p, err)
	}
	msg := i18n.T(c.Lang, "replace.done", len(rep.Run.Pairs))
	if len(rep.Run.Problems) > 0 {
		msg += " " + problemsText(c.Lang, rep.Run.Problems)
	}
	return s.redirect(w, r, "/programs/"+itoa(p.ID)+"/review", msg)
}

func (s *Server) apiReplace(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var body replaceInput
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	rep, err := s.Reviews.ReplaceReviewer(r.Context(), c.Actor, id, body.Reason, uint64(id))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

func (s *Server) revealSubmit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	if _, err := s.Reviews.RevealIdentities(r.Context(), c.Actor, p.ID); err != nil {
		return s.consolePage(w, r, c, p, err)
	}
	return s.redirect(w, r, "/programs/"+itoa(p.ID)+"/review", i18n.T(c.Lang, "blind.revealed"))
}

func (s *Server) apiReveal(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	p, err = s.Reviews.RevealIdentities(r.Context(), c.Actor, p.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}
