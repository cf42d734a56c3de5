package web

import (
	"net/http"

	"seedbed"
	"seedbed/i18n"
)

// An officer's decision on an application whose eligibility the rules could not decide, under
// the two-person rule: the form and the API propose it, a second officer approves it.

// eligibilityOverrideRoutes lists the routes of eligibility_override.go.
func (s *Server) eligibilityOverrideRoutes() []route {
	return []route{
		ui("POST", "/applications/{id}/eligibility", seedbed.PermProgramManage, s.eligibilityOverride),
		api("POST", "/api/v1/applications/{id}/eligibility-override", seedbed.PermProgramManage, s.apiEligibilityOverride),
	}
}

func (s *Server) eligibilityOverride(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	app, asReviewer, err := s.applicationFor(r, c)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	o := seedbed.EligibilityOverride{Status: r.PostForm.Get("status"), Reason: r.PostForm.Get("reason")}
	out, err := s.Programs.OverrideEligibility(r.Context(), c.Actor, app.ID, o)
	if err != nil {
		if asErrors(err) == nil || seedbed.ErrorCode(err) == seedbed.ENOTFOUND {
			return err
		}
		return s.applicationPage(w, r, c, app, asReviewer, err)
	}
	return s.redirect(w, r, "/applications/"+itoa(out.ID), i18n.T(c.Lang, "application.override.done"))
}

func (s *Server) apiEligibilityOverride(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	app, _, err := s.applicationFor(r, c)
	if err != nil {
		return err
	}
	var o seedbed.EligibilityOverride
	if err := decodeJSON(w, r, &o); err != nil {
		return err
	}
	out, err := s.Programs.OverrideEligibility(r.Context(), c.Actor, app.ID, o)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
