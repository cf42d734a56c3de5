package web

import (
	"fmt"
	"html/template"
	"net/http"

	"seedbed"
	"seedbed/i18n"
)

// panelRoutes lists the routes of the panel stage — reviewers whose score is in and the officer
// moderating discuss an application in notes; the officer records the outcome or triages — and
// the reviewer's answer declining an invitation.
func (s *Server) panelRoutes() []route {
	return []route{
		ui("POST", "/reviews/{id}/notes", seedbed.PermReview, s.panelNoteSubmit),
		api("POST", "/api/v1/assignments/{id}/notes", seedbed.PermReview, s.apiPanelNote),
		ui("POST", "/applications/{id}/panel", seedbed.PermProgramManage, s.panelSubmit),
		api("POST", "/api/v1/applications/{id}/panel", seedbed.PermProgramManage, s.apiPanel),
		api("GET", "/api/v1/applications/{id}/panel", seedbed.PermProgramRead, s.apiPanelDiscussion),
		ui("POST", "/reviews/{id}/decline", seedbed.PermReview, s.declineSubmit),
		api("POST", "/api/v1/assignments/{id}/decline", seedbed.PermReview, s.apiDecline),
	}
}

// declineInput is a reviewer's answer declining an invitation.
type declineInput struct {
	Reason string `json:"reason"`
}

func (s *Server) declineSubmit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	as, err := s.ownAssignmentFor(r, c)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if _, err := s.Reviews.DeclineInvitation(r.Context(), c.Actor, as.ID, r.PostForm.Get("reason")); err != nil {
		return s.reviewPage(w, r, c, as, nil, err)
	}
	return s.redirect(w, r, "/reviews", i18n.T(c.Lang, "invite.declined"))
}

func (s *Server) apiDecline(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	as, err := s.ownAssignmentFor(r, c)
	if err != nil {
		return err
	}
	var body declineInput
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	as, err = s.Reviews.DeclineInvitation(r.Context(), c.Actor, as.ID, body.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, as)
	return nil
}

// panelInput is a note or an outcome of the panel's discussion.
type panelInput struct {
	Kind string `json:"kind"` // note (the default), consensus, disagreement or triage
	Body string `json:"body"`
}

// addPanelEntry writes a note, or an outcome of any other kind.
func (s *Server) addPanelEntry(r *http.Request, c *reqCtx, appID int64, in panelInput) (*seedbed.PanelEntry, error) {
	if in.Kind == "" || in.Kind == seedbed.PanelNote {
		return s.Reviews.AddPanelNote(r.Context(), c.Actor, appID, in.Body)
	}
	return s.Reviews.RecordPanelOutcome(r.Context(), c.Actor, appID, in.Kind, in.Body)
}

func (s *Server) panelNoteSubmit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	as, err := s.ownAssignmentFor(r, c)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if _, err := s.Reviews.AddPanelNote(r.Context(), c.Actor, as.ApplicationID, r.PostForm.Get("body")); err != nil {
		return s.reviewPage(w, r, c, as, nil, err)
	}
	return s.redirect(w, r, "/reviews/"+itoa(as.ID)+"#panel", i18n.T(c.Lang, "panel.note_added"))
}

func (s *Server) apiPanelNote(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	as, err := s.ownAssignmentFor(r, c)
	if err != nil {
		return err
	}
	var body panelInput
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	e, err := s.Reviews.AddPanelNote(r.Context(), c.Actor, as.ApplicationID, body.Body)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, e)
	return nil
}

func (s *Server) panelSubmit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	app, err := s.Programs.GetApplication(r.Context(), id)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	in := panelInput{Kind: r.PostForm.Get("kind"), Body: r.PostForm.Get("body")}
	if _, err := s.addPanelEntry(r, c, id, in); err != nil {
		return s.applicationPage(w, r, c, app, false, err)
	}
	key := "panel.outcome_recorded"
	if in.Kind == "" || in.Kind == seedbed.PanelNote {
		key = "panel.note_added"
	}
	return s.redirect(w, r, "/applications/"+itoa(id)+"#panel", i18n.T(c.Lang, key))
}

func (s *Server) apiPanel(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var body panelInput
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	e, err := s.addPanelEntry(r, c, id, body)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, e)
	return nil
}

func (s *Server) apiPanelDiscussion(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.Reviews.PanelDiscussion(r.Context(), c.Actor, id)
	if err != nil {
		if seedbed.ErrorCode(err) == seedbed.EFORBIDDEN {
			s.denied(r, c, fmt.Sprintf("panel discussion of application %d", id))
		}
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

// panelFuncs are the template functions of the panel's discussion.
var panelFuncs = template.FuncMap{
	"panelNotes": func(p *page, d *seedbed.PanelDiscussion) panelNotesArgs { return panelNotesArgs{Page: p, D: d} },
}

type panelNotesArgs struct {
	Page *page
	D    *seedbed.PanelDiscussion
}
