package web

import (
	"html/template"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"seedbed"
	"seedbed/i18n"
	"seedbed/selection"
)

// reviewRoutes lists the routes of review.go.
func (s *Server) reviewRoutes() []route {
	return []route{
		ui("GET", "/reviews", seedbed.PermReview, s.reviewList),
		ui("GET", "/reviews/profile", seedbed.PermReview, s.reviewProfilePage),
		ui("POST", "/reviews/profile", seedbed.PermReview, s.reviewProfileSave),
		ui("GET", "/reviews/{id}", seedbed.PermReview, s.reviewShow),
		ui("POST", "/reviews/{id}/declaration", seedbed.PermReview, s.reviewDeclare),
		ui("POST", "/reviews/{id}/score", seedbed.PermReview, s.reviewScore),
		ui("GET", "/reviewers", seedbed.PermProgramRead, s.reviewerPoolPage),
		ui("GET", "/reviewers/{id}", seedbed.PermProgramManage, s.reviewerPoolEdit),
		ui("POST", "/reviewers/{id}", seedbed.PermProgramManage, s.reviewerPoolSave),
	}
}

type reviewListData struct {
	ToDeclare, ToScore, Done, Recused []seedbed.Assignment
}

func (s *Server) reviewList(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	list, err := s.Reviews.MyAssignments(r.Context(), c.Actor, "")
	if err != nil {
		return err
	}
	var d reviewListData
	for _, as := range list {
		switch as.State {
		case seedbed.AssignmentAssigned:
			d.ToDeclare = append(d.ToDeclare, as)
		case seedbed.AssignmentOpen:
			d.ToScore = append(d.ToScore, as)
		case seedbed.AssignmentScored:
			d.Done = append(d.Done, as)
		default:
			d.Recused = append(d.Recused, as)
		}
	}
	return s.render(w, r, "reviews", i18n.T(c.Lang, "reviews.title"), d)
}

// criterionRow is one rubric line of the score form with the reviewer's current score.
type criterionRow struct {
	C      seedbed.Criterion
	Value  string
	Scale  []string
	Digits bool
}

type reviewShowData struct {
	As        *seedbed.Assignment
	P         *seedbed.Program
	App       *seedbed.Application // shown only once the reviewer declared no conflict
	Parties   []string             // the applicant and co-applicants, for the declaration
	People    []string
	Conflicts []selection.Reason // what the automatic rules found
	Criteria  []criterionRow
	Comment   string
	Open      bool
	Blind     bool // the program hides who applied from this reviewer
	// Panel are the other reviews and the applicant's reply, once this reviewer's score is in.
	Panel *seedbed.ReviewsForApplicant
	// Discussion is the panel's discussion of the application, once this reviewer's score is in.
	Discussion *seedbed.PanelDiscussion
	CanDiscuss bool // the review is still open, so the reviewer may add a note
	// Champion is the reviewer's champion of this program's round, if named.
	Champion *seedbed.Champion
	Momentum template.HTML // the applicant's momentum with the series behind it (informs, never selects)
	// PriorFailures are the applicant's earlier honest failures, shown as neutral context.
	PriorFailures []seedbed.Failure
}

func (s *Server) reviewShow(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	as, err := s.ownAssignmentFor(r, c)
	if err != nil {
		return err
	}
	return s.reviewPage(w, r, c, as, nil, nil)
}

// reviewPage renders an assignment: before the declaration only who applied, afterwards the
// application and the score form. form holds submitted scores to show again after an error.
func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request, c *reqCtx, as *seedbed.Assignment, form map[string]string, actionErr error) error {
	ctx := r.Context()
	p, err := s.Programs.GetProgram(ctx, as.ProgramID)
	if err != nil {
		return err
	}
	app, err := s.Programs.GetApplication(ctx, as.ApplicationID)
	if err != nil {
		return err
	}
	d := reviewShowData{As: as, P: p, People: app.People, Comment: as.Comment, Blind: p.HidesIdentity(c.Actor.Role)}
	if d.Blind {
		app.Anonymise()
		as.Anonymise()
	}
	if !d.Blind {
		d.Parties = append(d.Parties, app.InnovatorName)
	}
	for _, id := range app.CoApplicantIDs {
		if in, err := s.Registry.Innovator(ctx, id); err == nil {
			d.Parties = append(d.Parties, in.Name)
		}
	}
	if d.Conflicts, err = s.Reviews.AppConflicts(ctx, as.ReviewerID, as.ApplicationID); err != nil {
		return err
	}
	if as.State == seedbed.AssignmentOpen || as.State == seedbed.AssignmentScored {
		if _, err := s.Reviews.ReviewerMayOpen(ctx, c.Actor, app.ID); err == nil {
			d.App, d.Open = app, true
			if !d.Blind { // momentum and past failures would tell who applied
				var asOf time.Time
				if app.SubmittedAt != nil {
					asOf = *app.SubmittedAt
				}
				if d.Momentum, err = s.momentumPanel(r, app.InnovatorID, asOf); err != nil {
					return err
				}
				if asOf.IsZero() {
					asOf = app.CreatedAt
				}
				d.PriorFailures = s.PriorFailures(ctx, app.InnovatorID, asOf)
			}
		} else if seedbed.ErrorCode(err) != seedbed.EFORBIDDEN {
			return err
		}
	}
	champs, err := s.Reviews.ProgramChampions(ctx, as.ProgramID)
	if err != nil {
		return err
	}
	for i := range champs {
		if champs[i].ReviewerID == c.Actor.UserID {
			d.Champion = &champs[i]
		}
	}
	if as.State == seedbed.AssignmentScored {
		if d.Panel, err = s.Reviews.ReviewsForApplicant(ctx, c.Actor, as.ApplicationID); err != nil && seedbed.ErrorCode(err) != seedbed.EFORBIDDEN {
			return err
		}
		if d.Discussion, err = s.Reviews.PanelDiscussion(ctx, c.Actor, as.ApplicationID); err != nil && seedbed.ErrorCode(err) != seedbed.EFORBIDDEN {
			return err
		}
		d.CanDiscuss = d.Discussion != nil && p.State == seedbed.ProgramInReview
	}
	for _, cr := range p.Rubric {
		row := criterionRow{C: cr}
		if v, ok := as.Scores[cr.ID]; ok {
			row.Value = strconv.FormatFloat(v, 'f', -1, 64)
		}
		if v, ok := form[cr.ID]; ok {
			row.Value = v
		}
		if cr.Max-cr.Min <= 20 && cr.Min == math.Trunc(cr.Min) && cr.Max == math.Trunc(cr.Max) {
			for x := cr.Min; x <= cr.Max; x++ {
				row.Scale = append(row.Scale, strconv.FormatFloat(x, 'f', -1, 64))
			}
		}
		d.Criteria = append(d.Criteria, row)
	}
	if form != nil {
		d.Comment = form["comment"]
	}
	title := i18n.T(c.Lang, "review.title", as.ApplicationTitle)
	if actionErr != nil {
		return s.renderWithErrors(w, r, "review", title, d, actionErr)
	}
	return s.render(w, r, "review", title, d)
}

func (s *Server) reviewDeclare(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	as, err := s.ownAssignmentFor(r, c)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	var d seedbed.Declaration
	switch r.PostForm.Get("conflict") {
	case "yes":
		d.Conflict = true
	case "no":
	default:
		return s.reviewPage(w, r, c, as, nil, seedbed.FieldError("conflict", seedbed.Label{Zh: "请选择是否存在利益冲突", En: "say whether there is a conflict of interest"}))
	}
	d.Note = strings.TrimSpace(r.PostForm.Get("note"))
	if _, err := s.Reviews.DeclareConflict(r.Context(), c.Actor, as.ID, d); err != nil {
		return s.reviewPage(w, r, c, as, nil, err)
	}
	return s.redirect(w, r, "/reviews/"+itoa(as.ID), i18n.T(c.Lang, "review.declared"))
}

func (s *Server) reviewScore(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	as, err := s.ownAssignmentFor(r, c)
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
	sheet := seedbed.ScoreSheet{Scores: map[string]float64{}, Comment: strings.TrimSpace(r.PostForm.Get("comment"))}
	form := map[string]string{"comment": r.PostForm.Get("comment")}
	var es seedbed.Errors
	for _, cr := range p.Rubric {
		v := strings.TrimSpace(r.PostForm.Get("score_" + cr.ID))
		form[cr.ID] = v
		if v == "" {
			continue // the rubric names the missing score
		}
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			es = append(es, seedbed.FieldError("scores."+cr.ID, seedbed.Label{Zh: "「%[1]s」的分数应为数字", En: "the score for %[2]q must be a number"}, cr.Name.Zh, cr.Name.En))
			continue
		}
		sheet.Scores[cr.ID] = x
	}
	if len(es) > 0 {
		return s.reviewPage(w, r, c, as, form, es)
	}
	if _, err := s.Reviews.ScoreApplication(r.Context(), c.Actor, as.ID, sheet); err != nil {
		return s.reviewPage(w, r, c, as, form, err)
	}
	return s.redirect(w, r, "/reviews", i18n.T(c.Lang, "review.scored", as.ApplicationTitle))
}

type reviewerFormData struct {
	P         *seedbed.ReviewerProfile
	Expertise string
	Declared  string
	Org       picker // the reviewer's own organisation, chosen by name
	Relations picker // organisations the reviewer declares a relation with
	Action    string
	// Officer is an officer setting another reviewer's expertise and organisation; the
	// relations stay the reviewer's own declarations.
	Officer bool
	Name    string
}

// renderReviewerForm shows a reviewer's profile form with its pickers (the one whose search was
// asked for showing its matches), and errs when set.
func (s *Server) renderReviewerForm(w http.ResponseWriter, r *http.Request, c *reqCtx, title string, p *seedbed.ReviewerProfile, d reviewerFormData, errs error) error {
	d.P = p
	if d.Expertise == "" && d.Declared == "" {
		d.Expertise, d.Declared = strings.Join(p.Expertise, "，"), strings.Join(p.DeclaredNames, "\n")
	}
	find := ""
	if r.Method == http.MethodPost {
		find = findRequested(r)
	}
	q := func(name string) string {
		if find == name {
			return pickerQuery(r, name)
		}
		return ""
	}
	var org []int64
	if p.OrgID != nil && *p.OrgID > 0 {
		org = []int64{*p.OrgID}
	}
	var err error
	if d.Org, err = s.innovatorPicker(r.Context(), c, "org_id", false, org, q("org_id")); err != nil {
		return err
	}
	if d.Relations, err = s.innovatorPicker(r.Context(), c, "declared_ids", true, p.DeclaredIDs, q("declared_ids")); err != nil {
		return err
	}
	if errs != nil {
		return s.renderWithErrors(w, r, "review_profile", title, d, errs)
	}
	return s.render(w, r, "review_profile", title, d)
}

// reviewerFromForm reads a reviewer profile form: expertise and declared names as text, the
// organisation and the related organisations as the ids their pickers post.
func reviewerFromForm(r *http.Request, userID int64) (*seedbed.ReviewerProfile, reviewerFormData, seedbed.Errors) {
	f := r.PostForm
	p := &seedbed.ReviewerProfile{UserID: userID}
	split := func(v string, seps string) []string {
		return strings.FieldsFunc(v, func(r rune) bool { return strings.ContainsRune(seps, r) })
	}
	p.Expertise = split(f.Get("expertise"), ",，;；、\n")
	p.DeclaredNames = split(f.Get("declared_names"), "\n;；")
	d := reviewerFormData{Expertise: f.Get("expertise"), Declared: f.Get("declared_names")}
	var es seedbed.Errors
	org, err := postedIDs(r, "org_id")
	switch {
	case err != nil:
		es = append(es, err)
	case len(org) > 1:
		es = append(es, seedbed.FieldError("org_id", seedbed.Label{Zh: "只能选择一个单位", En: "choose one organisation"}))
	case len(org) == 1:
		p.OrgID = &org[0]
	}
	if p.DeclaredIDs, err = postedIDs(r, "declared_ids"); err != nil {
		es = append(es, err)
	}
	return p, d, es
}

func (s *Server) reviewProfilePage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.Reviews.ReviewerProfile(r.Context(), c.Actor.UserID)
	if err != nil {
		return err
	}
	return s.renderReviewerForm(w, r, c, i18n.T(c.Lang, "reviewer.profile"), p, reviewerFormData{Action: "/reviews/profile"}, nil)
}

func (s *Server) reviewProfileSave(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	p, d, es := reviewerFromForm(r, c.Actor.UserID)
	d.Action = "/reviews/profile"
	title := i18n.T(c.Lang, "reviewer.profile")
	if findRequested(r) != "" {
		return s.renderReviewerForm(w, r, c, title, p, d, nil)
	}
	if len(es) > 0 {
		return s.renderReviewerForm(w, r, c, title, p, d, es)
	}
	if err := s.Reviews.SaveReviewerProfile(r.Context(), c.Actor, p); err != nil {
		return s.renderReviewerForm(w, r, c, title, p, d, err)
	}
	return s.redirect(w, r, "/reviews/profile", i18n.T(c.Lang, "reviewer.saved"))
}

type reviewerPoolData struct {
	Pool      []seedbed.ReviewerProfile
	CanManage bool
}

func (s *Server) reviewerPoolPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	if err := s.requireOverseer(r, c); err != nil {
		return err
	}
	return s.reviewerPoolRender(w, r, c, nil)
}

func (s *Server) reviewerPoolRender(w http.ResponseWriter, r *http.Request, c *reqCtx, actionErr error) error {
	pool, err := s.Reviews.ReviewerPool(r.Context())
	if err != nil {
		return err
	}
	d := reviewerPoolData{Pool: pool, CanManage: seedbed.RoleCan(c.Actor.Role, seedbed.PermProgramManage)}
	title := i18n.T(c.Lang, "reviewers.title")
	if actionErr != nil {
		return s.renderWithErrors(w, r, "reviewers", title, d, actionErr)
	}
	return s.render(w, r, "reviewers", title, d)
}

// reviewerPoolEdit is an officer's form for one reviewer's expertise and organisation.
func (s *Server) reviewerPoolEdit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.Reviews.ReviewerProfile(r.Context(), id)
	if err != nil {
		return err
	}
	return s.renderReviewerForm(w, r, c, reviewerTitle(c, p), p, reviewerFormData{Action: "/reviewers/" + itoa(id), Officer: true}, nil)
}

func reviewerTitle(c *reqCtx, p *seedbed.ReviewerProfile) string {
	name := p.DisplayName
	if name == "" {
		name = p.Username
	}
	return i18n.T(c.Lang, "reviewers.profile_of", name)
}

func (s *Server) reviewerPoolSave(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	old, err := s.Reviews.ReviewerProfile(r.Context(), id)
	if err != nil {
		return err
	}
	p, d, es := reviewerFromForm(r, id)
	d.Action, d.Officer = "/reviewers/"+itoa(id), true
	p.Username, p.DisplayName = old.Username, old.DisplayName
	// The officer's form sets expertise and organisation; the relations are the reviewer's own
	// declarations and stay as they are unless the form carries them.
	if !r.PostForm.Has("declared_names") {
		p.DeclaredNames = old.DeclaredNames
	}
	if !r.PostForm.Has("declared_ids") {
		p.DeclaredIDs = old.DeclaredIDs
	}
	title := reviewerTitle(c, old)
	if findRequested(r) != "" {
		return s.renderReviewerForm(w, r, c, title, p, d, nil)
	}
	if len(es) > 0 {
		return s.renderReviewerForm(w, r, c, title, p, d, es)
	}
	if err := s.Reviews.SaveReviewerProfile(r.Context(), c.Actor, p); err != nil {
		return s.renderReviewerForm(w, r, c, title, p, d, err)
	}
	return s.redirect(w, r, "/reviewers", i18n.T(c.Lang, "reviewer.saved"))
}
