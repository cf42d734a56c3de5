package web

import (
	"fmt"
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

// replyRoutes lists the routes of the right to reply: the officer opens the window, the
// applicant reads the anonymised reviews and answers.
func (s *Server) replyRoutes() []route {
	return []route{
		ui("POST", "/programs/{id}/replies/open", seedbed.PermProgramManage, s.replyWindowSubmit),
		api("POST", "/api/v1/programs/{id}/replies/open", seedbed.PermProgramManage, s.apiReplyWindow),
		ui("POST", "/applications/{id}/reply", seedbed.PermApply, s.replySubmit),
		api("POST", "/api/v1/applications/{id}/reply", seedbed.PermApply, s.apiReply),
		api("GET", "/api/v1/applications/{id}/reviews", seedbed.PermProgramRead, s.apiApplicationReviews),
		ui("POST", "/applications/{id}/summary", seedbed.PermProgramManage, s.summarySubmit),
		api("PUT", "/api/v1/applications/{id}/summary", seedbed.PermProgramManage, s.apiSummary),
	}
}

func (s *Server) replyWindowSubmit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	if p, err = s.Reviews.OpenReplyWindow(r.Context(), c.Actor, p.ID); err != nil {
		p, _ = s.programFor(r, c)
		return s.consolePage(w, r, c, p, err)
	}
	return s.redirect(w, r, "/programs/"+itoa(p.ID)+"/review", i18n.T(c.Lang, "reply.window_opened", p.ReplyDays))
}

func (s *Server) apiReplyWindow(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	if p, err = s.Reviews.OpenReplyWindow(r.Context(), c.Actor, p.ID); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// replyInput is an applicant's reply.
type replyInput struct {
	Body string `json:"body"`
}

func (s *Server) replySubmit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	app, err := s.ownApplication(r, c)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if _, err := s.Reviews.SubmitReply(r.Context(), c.Actor, app.ID, r.PostForm.Get("body")); err != nil {
		return s.applicationPage(w, r, c, app, false, err)
	}
	return s.redirect(w, r, "/applications/"+itoa(app.ID), i18n.T(c.Lang, "reply.sent"))
}

func (s *Server) apiReply(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	app, err := s.ownApplication(r, c)
	if err != nil {
		return err
	}
	var body replyInput
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	rep, err := s.Reviews.SubmitReply(r.Context(), c.Actor, app.ID, body.Body)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

func (s *Server) apiApplicationReviews(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	out, err := s.Reviews.ReviewsForApplicant(r.Context(), c.Actor, id)
	if err != nil {
		if seedbed.ErrorCode(err) == seedbed.EFORBIDDEN {
			s.denied(r, c, fmt.Sprintf("reviews of application %d", id))
		}
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// championRoutes lists the routes of champions: a reviewer names one application per round.
func (s *Server) championRoutes() []route {
	return []route{
		ui("POST", "/reviews/{id}/champion", seedbed.PermReview, s.championSubmit),
		api("POST", "/api/v1/assignments/{id}/champion", seedbed.PermReview, s.apiChampion),
	}
}

// championInput is a reviewer's champion.
type championInput struct {
	Reason string `json:"reason"`
}

func (s *Server) championSubmit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	as, err := s.ownAssignmentFor(r, c)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if _, err := s.Reviews.NameChampion(r.Context(), c.Actor, as.ID, r.PostForm.Get("reason")); err != nil {
		return s.reviewPage(w, r, c, as, nil, err)
	}
	return s.redirect(w, r, "/reviews/"+itoa(as.ID), i18n.T(c.Lang, "champion.done"))
}

func (s *Server) apiChampion(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	as, err := s.ownAssignmentFor(r, c)
	if err != nil {
		return err
	}
	var body championInput
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	ch, err := s.Reviews.NameChampion(r.Context(), c.Actor, as.ID, body.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ch)
	return nil
}

// summaryInput is an officer's summary statement.
type summaryInput struct {
	Summary string `json:"summary"`
}

func (s *Server) summarySubmit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
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
	if err := s.Reviews.SaveSummary(r.Context(), c.Actor, id, r.PostForm.Get("summary")); err != nil {
		return s.applicationPage(w, r, c, app, false, err)
	}
	return s.redirect(w, r, "/applications/"+itoa(id)+"#reviews", i18n.T(c.Lang, "summary.saved"))
}

func (s *Server) apiSummary(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var body summaryInput
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	if err := s.Reviews.SaveSummary(r.Context(), c.Actor, id, body.Summary); err != nil {
		return err
	}
	out, err := s.Reviews.ReviewsForApplicant(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
