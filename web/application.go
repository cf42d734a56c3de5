package web

import (
	"net/http"
	"strconv"
	"strings"

	"seedbed"
	"seedbed/evaluation"
	"seedbed/i18n"
	"seedbed/selection"
)

// applicationRoutes lists the routes of application.go.
func (s *Server) applicationRoutes() []route {
	return []route{
		ui("GET", "/applications", seedbed.PermProgramRead, s.applicationList),
		ui("GET", "/programs/{id}/apply", seedbed.PermApply, s.applicationNew),
		ui("POST", "/programs/{id}/apply", seedbed.PermApply, s.applicationCreate),
		ui("GET", "/applications/{id}", seedbed.PermProgramRead, s.applicationShow),
		ui("GET", "/applications/{id}/edit", seedbed.PermApply, s.applicationEdit),
		ui("POST", "/applications/{id}", seedbed.PermApply, s.applicationUpdate),
		ui("POST", "/applications/{id}/submit", seedbed.PermApply, s.applicationSubmit),
		ui("POST", "/applications/{id}/withdraw", seedbed.PermApply, s.applicationWithdraw),
		ui("POST", "/applications/{id}/attachments", seedbed.PermApply, s.attachmentUpload),
		ui("GET", "/applications/{id}/attachments/{aid}", seedbed.PermProgramRead, s.attachmentDownload),
		ui("POST", "/applications/{id}/attachments/{aid}/delete", seedbed.PermApply, s.attachmentDelete),
	}
}

type applicationListData struct {
	listView
	Items          []seedbed.Application
	Oversee        bool
	State, Outcome string
}

func (s *Server) applicationList(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	title := i18n.T(c.Lang, "applications.title")
	if overseer(c.Actor) {
		title = i18n.T(c.Lang, "applications.all")
	}
	f, err := s.applicationScope(r, c)
	if err != nil {
		if seedbed.ErrorCode(err) == seedbed.EINVALID {
			return s.renderWithErrors(w, r, "applications", title, applicationListData{}, err)
		}
		return err
	}
	items, total, err := s.Programs.FindApplications(r.Context(), f)
	if err != nil {
		return err
	}
	d := applicationListData{listView: newListView(f.Offset/max(f.Limit, 1)+1, f.Limit, total, f.Order), Items: items, Oversee: overseer(c.Actor), State: f.State, Outcome: f.Outcome}
	return s.render(w, r, "applications", title, d)
}

// reviewView is one review of an application as its applicant sees it: anonymous, raw and
// normalised.
type reviewView struct {
	Reviewer string
	Raw, Z   float64
	Fallback bool
}

type applicationShowData struct {
	App        *seedbed.Application
	P          *seedbed.Program
	Owner      bool
	Oversee    bool
	AsReviewer bool
	Score      *selection.AppScore
	Reading    evaluation.Reading // the score against the funding line
	Reviews    []reviewView
	Award      *seedbed.Award
	Assignment *seedbed.Assignment
	Events     []seedbed.Event
	// PriorFailures are the applicant's earlier honest failures, shown as neutral context.
	PriorFailures []seedbed.Failure
	// Mentions are where the anonymised part of a blind program's application names who applied.
	Mentions []seedbed.IdentityMention
	// Feedback are the anonymised reviews with the applicant's reply (owner and overseers, once
	// shown).
	Feedback *seedbed.ReviewsForApplicant
	// CanSummarise: the actor may write the summary statement.
	CanSummarise bool
	// Discussion is the panel's discussion (officers and auditors); CanModerate: the actor may
	// add to it and record its outcome while the program is in review.
	Discussion  *seedbed.PanelDiscussion
	CanModerate bool
	// OverrideGate is what the eligibility decision form may do for the viewer: nothing while a
	// decision proposed earlier awaits a second officer.
	OverrideGate seedbed.ProposalGate
}

func (s *Server) applicationShow(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	app, asReviewer, err := s.applicationFor(r, c)
	if err != nil {
		return err
	}
	return s.applicationPage(w, r, c, app, asReviewer, nil)
}

// applicationPage renders an application, with the errors of a refused action when err is set.
func (s *Server) applicationPage(w http.ResponseWriter, r *http.Request, c *reqCtx, app *seedbed.Application, asReviewer bool, actionErr error) error {
	ctx := r.Context()
	p, err := s.Programs.GetProgram(ctx, app.ProgramID)
	if err != nil {
		return err
	}
	d := applicationShowData{App: app, P: p, Owner: ownsApplication(c.Actor, app), Oversee: overseer(c.Actor), AsReviewer: asReviewer}
	since := app.CreatedAt
	if app.SubmittedAt != nil {
		since = *app.SubmittedAt
	}
	if app.InnovatorID != 0 { // anonymised for a reviewer of a blind program otherwise
		d.PriorFailures = s.PriorFailures(ctx, app.InnovatorID, since)
	}
	d.CanSummarise = seedbed.RoleCan(c.Actor.Role, seedbed.PermProgramManage) && (p.State == seedbed.ProgramInReview || p.State == seedbed.ProgramDecided)
	if seedbed.RoleCan(c.Actor.Role, seedbed.PermProgramManage) && app.Eligibility != nil && app.Eligibility.Status == seedbed.Undecided {
		if d.OverrideGate, err = s.Programs.OverrideGate(ctx, c.Actor, app.ID); err != nil {
			return err
		}
	}
	if d.Owner || d.Oversee {
		fb, err := s.Reviews.ReviewsForApplicant(ctx, c.Actor, app.ID)
		switch {
		case err == nil && (len(fb.Reviews) > 0 || fb.Reply != nil):
			d.Feedback = fb
		case err != nil && seedbed.ErrorCode(err) != seedbed.EFORBIDDEN:
			return err
		}
	}
	if d.Oversee && (p.State == seedbed.ProgramInReview || p.State == seedbed.ProgramDecided) {
		if d.Discussion, err = s.Reviews.PanelDiscussion(ctx, c.Actor, app.ID); err != nil {
			return err
		}
		d.CanModerate = seedbed.RoleCan(c.Actor.Role, seedbed.PermProgramManage) && p.State == seedbed.ProgramInReview
	}
	if p.BlindReview && (d.Owner || d.Oversee) {
		if d.Mentions, err = s.Reviews.IdentityMentions(ctx, app); err != nil {
			return err
		}
	}
	if app.Outcome != "" && (d.Owner || d.Oversee) {
		ps, err := s.Reviews.ProgramSelection(ctx, p.ID)
		if err != nil {
			return err
		}
		if ps != nil {
			for i := range ps.Normalised.Apps {
				if ps.Normalised.Apps[i].AppID == seedbed.AppCode(app.ID) {
					d.Score = &ps.Normalised.Apps[i]
				}
			}
		}
		if d.Score != nil {
			line, hasLine := ps.Line(p.SelectionMode, p.Threshold)
			d.Reading = evaluation.ReadScore(d.Score.Score, d.Score.Lower, d.Score.Upper, line, hasLine)
			for i, rv := range d.Score.Reviews {
				name := i18n.T(c.Lang, "application.reviewer_n", i+1)
				if d.Oversee {
					name = reviewerName(ps.Reviewers, rv.ReviewerID)
				}
				d.Reviews = append(d.Reviews, reviewView{Reviewer: name, Raw: rv.Raw, Z: rv.Z, Fallback: rv.Fallback})
			}
		}
	}
	if d.Owner || d.Oversee {
		awards, _, err := s.Programs.FindAwards(ctx, seedbed.AwardFilter{ProgramID: p.ID, InnovatorIDs: []int64{app.InnovatorID}})
		if err != nil {
			return err
		}
		for i := range awards {
			if awards[i].ApplicationID == app.ID {
				d.Award = &awards[i]
			}
		}
		evs, err := s.Programs.ApplicationEvents(ctx, app.ID)
		if err != nil {
			return err
		}
		for _, ev := range evs {
			// Applicants see every decision on their application; who reviewed stays with the officers.
			if d.Oversee || (ev.Kind != seedbed.EventScore && ev.Kind != seedbed.EventConflictDeclared) {
				d.Events = append(d.Events, ev)
			}
		}
	}
	if asReviewer {
		list, err := s.Reviews.FindAssignments(ctx, seedbed.AssignmentFilter{ApplicationID: app.ID, ReviewerID: c.Actor.UserID})
		if err != nil {
			return err
		}
		if len(list) > 0 {
			d.Assignment = &list[0]
		}
	}
	if actionErr != nil {
		return s.renderWithErrors(w, r, "application", app.Title, d, actionErr)
	}
	return s.render(w, r, "application", app.Title, d)
}

type applicationFormData struct {
	App    *seedbed.Application
	P      *seedbed.Program
	Action string
	IsNew  bool
	Co     picker // the co-applicants, chosen by name
}

// renderApplicationForm shows the light form with its co-applicant picker (and the matches of
// q), and errs when set.
func (s *Server) renderApplicationForm(w http.ResponseWriter, r *http.Request, c *reqCtx, title string, d applicationFormData, q string, errs error) error {
	var err error
	if d.Co, err = s.innovatorPicker(r.Context(), c, "coapplicant_ids", true, d.App.CoApplicantIDs, q); err != nil {
		return err
	}
	if errs != nil {
		return s.renderWithErrors(w, r, "application_form", title, d, errs)
	}
	return s.render(w, r, "application_form", title, d)
}

func (s *Server) applicationNew(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	if c.Actor.InnovatorID != nil {
		// An organisation has one live application per program: go on with it.
		apps, _, err := s.Programs.FindApplications(r.Context(), seedbed.ApplicationFilter{ProgramID: p.ID, InnovatorIDs: []int64{*c.Actor.InnovatorID}})
		if err != nil {
			return err
		}
		for _, a := range apps {
			if a.State != seedbed.AppWithdrawn {
				return s.redirect(w, r, "/applications/"+itoa(a.ID), "")
			}
		}
	}
	app := s.Programs.NewApplication(r.Context(), c.Actor, p)
	return s.renderApplicationForm(w, r, c, i18n.T(c.Lang, "application.new", p.Title),
		applicationFormData{App: app, P: p, Action: "/programs/" + itoa(p.ID) + "/apply", IsNew: true}, "", nil)
}

// applicationFromForm reads the light form.
func applicationFromForm(r *http.Request, p *seedbed.Program) (*seedbed.Application, seedbed.Errors) {
	f := r.PostForm
	split := func(v string) []string {
		return strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '，' || r == ';' || r == '；' || r == '、' || r == '\n' })
	}
	app := &seedbed.Application{Title: f.Get("title"), Direction: f.Get("direction"), Team: f.Get("team"), Unlocks: f.Get("unlocks"),
		Field: f.Get("field"), Tags: split(f.Get("tags")), People: split(f.Get("people")), Extra: map[string]string{}}
	var es seedbed.Errors
	if v := strings.ReplaceAll(strings.TrimSpace(f.Get("amount")), ",", ""); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			es = append(es, seedbed.FieldError("amount", seedbed.Label{Zh: "申请金额应为整数（元）", En: "the amount must be a whole number of yuan"}))
		}
		app.Amount = n
	}
	ids, err := postedIDs(r, "coapplicant_ids")
	if err != nil {
		es = append(es, err)
	}
	app.CoApplicantIDs = ids
	for _, q := range p.Fields {
		if v := f.Get("extra_" + q.Key); v != "" {
			app.Extra[q.Key] = v
		}
	}
	return app, es
}

func (s *Server) applicationCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	app, es := applicationFromForm(r, p)
	d := applicationFormData{App: app, P: p, Action: "/programs/" + itoa(p.ID) + "/apply", IsNew: true}
	title := i18n.T(c.Lang, "application.new", p.Title)
	if findRequested(r) != "" {
		return s.renderApplicationForm(w, r, c, title, d, pickerQuery(r, "coapplicant_ids"), nil)
	}
	if len(es) > 0 {
		return s.renderApplicationForm(w, r, c, title, d, "", es)
	}
	if err := s.newApplication(r, c, p.ID, app); err != nil {
		return s.renderApplicationForm(w, r, c, title, d, "", err)
	}
	return s.redirect(w, r, "/applications/"+itoa(app.ID), i18n.T(c.Lang, "application.saved"))
}

func (s *Server) applicationEdit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	app, err := s.ownApplication(r, c)
	if err != nil {
		return err
	}
	p, err := s.Programs.GetProgram(r.Context(), app.ProgramID)
	if err != nil {
		return err
	}
	return s.renderApplicationForm(w, r, c, i18n.T(c.Lang, "application.edit"),
		applicationFormData{App: app, P: p, Action: "/applications/" + itoa(app.ID)}, "", nil)
}

func (s *Server) applicationUpdate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	old, err := s.ownApplication(r, c)
	if err != nil {
		return err
	}
	p, err := s.Programs.GetProgram(r.Context(), old.ProgramID)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	app, es := applicationFromForm(r, p)
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	app.ID, app.Version = old.ID, version
	d := applicationFormData{App: app, P: p, Action: "/applications/" + itoa(old.ID)}
	title := i18n.T(c.Lang, "application.edit")
	if findRequested(r) != "" {
		return s.renderApplicationForm(w, r, c, title, d, pickerQuery(r, "coapplicant_ids"), nil)
	}
	if len(es) > 0 {
		return s.renderApplicationForm(w, r, c, title, d, "", es)
	}
	if err := s.Programs.UpdateApplication(r.Context(), c.Actor, app, version); err != nil {
		return s.renderApplicationForm(w, r, c, title, d, "", err)
	}
	return s.redirect(w, r, "/applications/"+itoa(app.ID), i18n.T(c.Lang, "application.saved"))
}

func (s *Server) applicationSubmit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	app, err := s.ownApplication(r, c)
	if err != nil {
		return err
	}
	done, err := s.Programs.SubmitApplication(r.Context(), c.Actor, app.ID)
	if err != nil {
		return s.applicationPage(w, r, c, app, false, err)
	}
	key := "application.submitted"
	if done.Eligibility != nil && done.Eligibility.Status != seedbed.Eligible {
		key = "application.submitted_check"
	}
	return s.redirect(w, r, "/applications/"+itoa(app.ID), i18n.T(c.Lang, key))
}

func (s *Server) applicationWithdraw(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	app, err := s.ownApplication(r, c)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if _, err := s.Programs.WithdrawApplication(r.Context(), c.Actor, app.ID, strings.TrimSpace(r.PostForm.Get("reason"))); err != nil {
		return s.applicationPage(w, r, c, app, false, err)
	}
	return s.redirect(w, r, "/applications/"+itoa(app.ID), i18n.T(c.Lang, "application.withdrawn"))
}

func (s *Server) attachmentUpload(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	app, err := s.ownApplication(r, c)
	if err != nil {
		return err
	}
	name, ct, data, err := readUpload(w, r)
	if err == nil {
		_, err = s.Programs.AddAttachment(r.Context(), c.Actor, app.ID, name, ct, data)
	}
	if err != nil {
		return s.applicationPage(w, r, c, app, false, err)
	}
	return s.redirect(w, r, "/applications/"+itoa(app.ID), i18n.T(c.Lang, "application.attached"))
}

func (s *Server) attachmentDelete(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	app, err := s.ownApplication(r, c)
	if err != nil {
		return err
	}
	aid, err := pathID(r, "aid")
	if err != nil {
		return err
	}
	if err := s.Programs.DeleteAttachment(r.Context(), c.Actor, app.ID, aid); err != nil {
		return s.applicationPage(w, r, c, app, false, err)
	}
	return s.redirect(w, r, "/applications/"+itoa(app.ID), i18n.T(c.Lang, "application.detached"))
}
