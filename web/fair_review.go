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
	}
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
