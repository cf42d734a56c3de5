package web

import (
	"fmt"
	"net/http"

	"seedbed"
	"seedbed/i18n"
)

// letterRoutes lists the routes of determination letters (决定书): the applicant and those who
// oversee see them; a reviewer does not.
func (s *Server) letterRoutes() []route {
	return []route{
		ui("GET", "/applications/{id}/letter", seedbed.PermProgramRead, s.letterPage),
		api("GET", "/api/v1/applications/{id}/letter", seedbed.PermProgramRead, s.apiLetter),
	}
}

// letterData is a letter with the name of the bureau that issues it.
type letterData struct {
	L      *seedbed.Letter
	Issuer string
}

// letterFor builds the letter on the {id} application for its applicant or an overseer.
func (s *Server) letterFor(r *http.Request, c *reqCtx) (*seedbed.Letter, error) {
	app, asReviewer, err := s.applicationFor(r, c)
	if err != nil {
		return nil, err
	}
	if asReviewer {
		s.denied(r, c, fmt.Sprintf("letter on application %d", app.ID))
		return nil, seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "决定书只向申请单位和监督人员出具", En: "a determination letter is for the applicant and those who oversee"})
	}
	return s.Programs.DeterminationLetter(r.Context(), app.ID)
}

func (s *Server) letterPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	l, err := s.letterFor(r, c)
	if err != nil {
		return err
	}
	return s.render(w, r, "letter", i18n.T(c.Lang, "letter.title")+" "+l.Number, letterData{L: l, Issuer: s.GrantPublisher.FunderName})
}

func (s *Server) apiLetter(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	l, err := s.letterFor(r, c)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, l)
	return nil
}
