package web

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"seedbed"
	"seedbed/i18n"
	"seedbed/selection"
)

// programRoutes lists the routes of program.go.
func (s *Server) programRoutes() []route {
	return []route{
		ui("GET", "/programs", seedbed.PermProgramRead, s.programList),
		ui("GET", "/programs/new", seedbed.PermProgramManage, s.programNew),
		ui("POST", "/programs", seedbed.PermProgramManage, s.programCreate),
		ui("GET", "/programs/{id}", seedbed.PermProgramRead, s.programShow),
		ui("GET", "/programs/{id}/edit", seedbed.PermProgramManage, s.programEdit),
		ui("POST", "/programs/{id}", seedbed.PermProgramManage, s.programUpdate),
		ui("POST", "/programs/{id}/transition", seedbed.PermProgramManage, s.programTransition),
	}
}

type programListData struct {
	listView
	Items  []seedbed.Program
	Filter seedbed.ProgramFilter
	Own    map[int64]*seedbed.Application // the applicant's application to each program
}

func (s *Server) programList(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	title := i18n.T(c.Lang, "programs.title")
	f, pg, err := programFilter(r, c)
	if err != nil {
		return s.renderWithErrors(w, r, "programs", title, programListData{listView: emptyListView}, err)
	}
	items, total, err := s.Programs.FindPrograms(r.Context(), f)
	if err != nil {
		return err
	}
	d := programListData{listView: newListView(pg, f.Limit, total, f.Order), Items: items, Filter: f, Own: map[int64]*seedbed.Application{}}
	if ids := seedbed.ScopeInnovators(c.Actor); ids != nil {
		apps, _, err := s.Programs.FindApplications(r.Context(), seedbed.ApplicationFilter{InnovatorIDs: ids, Limit: 1000})
		if err != nil {
			return err
		}
		for i := range apps {
			if apps[i].State != seedbed.AppWithdrawn {
				d.Own[apps[i].ProgramID] = &apps[i]
			}
		}
	}
	return s.render(w, r, "programs", title, d)
}

// programStats counts a program's applications for its page.
type programStats struct {
	Submitted, Eligible, Ineligible, Undecided, Drafts, Granted int
	Requested, GrantedAmount                                    int64
}

type programShowData struct {
	P       *seedbed.Program
	Next    string
	Stats   programStats
	Own     *seedbed.Application
	Events  []seedbed.Event
	Lottery *selection.Lottery
	Oversee bool
	// Checklist is the procedure in force for the program, step by step, for those who oversee it.
	Checklist *seedbed.ProcedureChecklist
	CanApply  bool
	// Before is the applicant organisation's eligibility today, told before it writes.
	Before  *seedbed.Eligibility
	Breadth breadthView
	// NotBefore is when the next state can be reached, when that is later than now (review opens
	// at the deadline): the page says so instead of offering a button that would be refused.
	NotBefore time.Time
}

func (s *Server) programShow(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	return s.programPage(w, r, c, p, nil)
}

// programPage renders a program's page, with the errors of a refused action when err is set.
func (s *Server) programPage(w http.ResponseWriter, r *http.Request, c *reqCtx, p *seedbed.Program, actionErr error) error {
	d := programShowData{P: p, Next: seedbed.NextProgramState(p.State), Oversee: overseer(c.Actor)}
	if d.Next == seedbed.ProgramInReview && s.System.Now().Before(p.Deadline) {
		d.NotBefore = p.Deadline
	}
	apps, _, err := s.Programs.FindApplications(r.Context(), seedbed.ApplicationFilter{ProgramID: p.ID, Limit: 1000})
	if err != nil {
		return err
	}
	for i := range apps {
		a := &apps[i]
		if ownsApplication(c.Actor, a) && a.State != seedbed.AppWithdrawn {
			d.Own = a
		}
		switch a.State {
		case seedbed.AppDraft:
			d.Stats.Drafts++
			continue
		case seedbed.AppWithdrawn:
			continue
		}
		d.Stats.Submitted++
		d.Stats.Requested += a.Amount
		if a.Eligibility != nil {
			switch a.Eligibility.Status {
			case seedbed.Eligible:
				d.Stats.Eligible++
			case seedbed.Ineligible:
				d.Stats.Ineligible++
			default:
				d.Stats.Undecided++
			}
		}
		if seedbed.OutcomeGranted(a.Outcome) {
			d.Stats.Granted++
			d.Stats.GrantedAmount += a.Granted
		}
	}
	d.CanApply = c.Actor.Role == seedbed.RoleApplicant && p.State == seedbed.ProgramOpen && d.Own == nil
	if d.CanApply && c.Actor.InnovatorID != nil {
		if d.Before, err = s.Programs.EligibilityBefore(r.Context(), *c.Actor.InnovatorID, p.ID); err != nil {
			return err
		}
	}
	if d.Oversee {
		if d.Events, err = s.programEvents(r, c, p); err != nil {
			return err
		}
		if p.State != seedbed.ProgramDraft {
			if d.Checklist, err = s.Programs.ProcedureChecklist(r.Context(), c.Actor, p.ID); err != nil {
				return err
			}
		}
	}
	if p.SelectionMode == seedbed.SelectionLottery {
		if l, err := s.Reviews.Lottery(r.Context(), p.ID); err == nil {
			d.Lottery = l
		} else if seedbed.ErrorCode(err) != seedbed.ENOTFOUND {
			return err
		}
	}
	b, err := s.Ecosystem.ProgramBreadth(r.Context(), p.ID)
	if err != nil {
		return err
	}
	d.Breadth = newBreadthView(b, c.Lang)
	if actionErr != nil {
		return s.renderWithErrors(w, r, "program", p.Title, d, actionErr)
	}
	return s.render(w, r, "program", p.Title, d)
}

type programFormData struct {
	P         *seedbed.Program
	Action    string
	IsNew     bool
	Due       string
	Ends      string // the end of the program's period, as a date field shows it
	Policies  picker
	Stages    []stageRow
	Questions []questionRow
}

// programForm is the program form's data: the program's stages and questions as rows, with one
// blank row each to fill in.
func programForm(p *seedbed.Program, action string, isNew bool) programFormData {
	d := programFormData{P: p, Action: action, IsNew: isNew, Stages: stageRows(p.Stages), Questions: questionRows(p.Fields)}
	if !p.Deadline.IsZero() {
		d.Due = p.Deadline.In(cst).Format("2006-01-02T15:04")
	}
	if !p.EndsAt.IsZero() {
		d.Ends = p.EndsAt.In(cst).Format("2006-01-02")
	}
	return d
}

// renderProgramForm shows the program form with its policy picker (and the matches of q), one
// blank stage and one blank question to fill in, and errs when set.
func (s *Server) renderProgramForm(w http.ResponseWriter, r *http.Request, c *reqCtx, title string, d programFormData, q string, errs error) error {
	var err error
	if d.Policies, err = s.policyPicker(r.Context(), c.Lang, d.P.PolicyIDs, q); err != nil {
		return err
	}
	d.Stages = append(d.Stages, stageRow{})
	d.Questions = append(d.Questions, questionRow{})
	if errs != nil {
		return s.renderWithErrors(w, r, "program_form", title, d, errs)
	}
	return s.render(w, r, "program_form", title, d)
}

func (s *Server) programNew(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p := &seedbed.Program{SelectionMode: seedbed.SelectionLottery, ReviewersPerApp: 3, Stages: []seedbed.Stage{
		{Name: "第一阶段：概念验证", NameEn: "Phase I", Share: 30, Months: 6, Milestone: "签署任务书", MilestoneEn: "agreement signed"},
		{Name: "第二阶段：放大验证", NameEn: "Phase II", Share: 70, Months: 12,
			Milestone: "第一阶段关键假设已验证（阶段评审）", MilestoneEn: "Phase I's key assumption tested (stage gate)"}}}
	return s.renderProgramForm(w, r, c, i18n.T(c.Lang, "programs.new"), programForm(p, "/programs", true), "", nil)
}

func (s *Server) programEdit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	return s.renderProgramForm(w, r, c, i18n.T(c.Lang, "programs.edit"), programForm(p, "/programs/"+itoa(p.ID), false), "", nil)
}

// programFromForm reads the program form; numbers that do not parse become errors naming their
// field. Stages and questions come from their rows, policies from the picker's ticks.
func programFromForm(r *http.Request) (*seedbed.Program, programFormData, seedbed.Errors) {
	f := r.PostForm
	p := &seedbed.Program{Title: f.Get("title"), Summary: f.Get("summary"), InnovationType: f.Get("innovation_type"),
		Driver: f.Get("driver"), SelectionMode: f.Get("selection_mode"), FillGaps: f.Get("fill_gaps") != "",
		BlindReview: f.Get("blind_review") != "", Kind: f.Get("kind"), ChampionRule: f.Get("champion_rule")}
	var es seedbed.Errors
	p.PolicyIDs = postedCodes(r, "policy_ids")
	intField := func(name string, dst *int64) {
		v := strings.ReplaceAll(strings.TrimSpace(f.Get(name)), ",", "")
		if v == "" {
			return
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			es = append(es, seedbed.FieldError(name, seedbed.Label{Zh: "应为整数（元）", En: "must be a whole number of yuan"}))
		}
		*dst = n
	}
	intField("budget", &p.Budget)
	intField("max_request", &p.MaxRequest)
	for _, x := range []struct {
		name string
		dst  *float64
	}{{"threshold", &p.Threshold}, {"quality_bar", &p.QualityBar}, {"expertise_weight", &p.ExpertiseWeight}} {
		if v := strings.TrimSpace(f.Get(x.name)); v != "" {
			n, err := strconv.ParseFloat(v, 64)
			if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
				es = append(es, seedbed.FieldError(x.name, seedbed.Label{Zh: "应为数字", En: "must be a number"}))
			}
			*x.dst = n
		}
	}
	if v := strings.TrimSpace(f.Get("reply_days")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			es = append(es, seedbed.FieldError("reply_days", seedbed.Label{Zh: "应为整数（天）", En: "must be a whole number of days"}))
		}
		p.ReplyDays = n
	}
	if v := strings.TrimSpace(f.Get("reviewers_per_app")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			es = append(es, seedbed.FieldError("reviewers_per_app", seedbed.Label{Zh: "应为整数", En: "must be a whole number"}))
		}
		p.ReviewersPerApp = n
	}
	if v := strings.TrimSpace(f.Get("report_cap")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			es = append(es, seedbed.FieldError("report_cap", seedbed.Label{Zh: "应为整数", En: "must be a whole number"}))
		}
		p.ReportCap = n
	}
	if v := strings.TrimSpace(f.Get("ends_at")); v != "" {
		t, err := parseDay("ends_at", v)
		if err != nil {
			es = append(es, err.(*seedbed.Error))
		}
		p.EndsAt = t
	}
	if v := strings.TrimSpace(f.Get("deadline")); v != "" {
		t, err := parseDeadline(v)
		if err != nil {
			es = append(es, err.(*seedbed.Error))
		}
		p.Deadline = t
	}
	stages, stageRows, serr := stagesFromForm(r)
	p.Stages = stages
	es = append(es, serr...)
	fields, questionRows := questionsFromForm(r)
	p.Fields = fields
	d := programFormData{P: p, Stages: stageRows, Questions: questionRows, Due: f.Get("deadline"), Ends: f.Get("ends_at")}
	return p, d, es
}

// programFormStep answers a post that asked for one more row or for a policy search: the form
// comes back with what was typed, nothing saved. It reports whether it answered.
func (s *Server) programFormStep(w http.ResponseWriter, r *http.Request, c *reqCtx, title string, d programFormData) (bool, error) {
	switch {
	case addRequested(r, "stages"):
		d.Stages = append(d.Stages, stageRow{})
	case addRequested(r, "fields"):
		d.Questions = append(d.Questions, questionRow{})
	case findRequested(r) != "":
	default:
		return false, nil
	}
	return true, s.renderProgramForm(w, r, c, title, d, pickerQuery(r, "policy_ids"), nil)
}

func (s *Server) programCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	p, d, es := programFromForm(r)
	d.Action, d.IsNew = "/programs", true
	title := i18n.T(c.Lang, "programs.new")
	if done, err := s.programFormStep(w, r, c, title, d); done {
		return err
	}
	if len(es) > 0 {
		return s.renderProgramForm(w, r, c, title, d, "", es)
	}
	if err := s.Programs.CreateProgram(r.Context(), c.Actor, p); err != nil {
		return s.renderProgramForm(w, r, c, title, d, "", err)
	}
	return s.redirect(w, r, "/programs/"+itoa(p.ID), i18n.T(c.Lang, "programs.created", p.Title))
}

func (s *Server) programUpdate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	old, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	p, d, es := programFromForm(r)
	// The rubric has its own page; this form keeps it as it is.
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	p.ID, p.Version, p.Rubric = old.ID, version, old.Rubric
	d.Action = "/programs/" + itoa(old.ID)
	title := i18n.T(c.Lang, "programs.edit")
	if done, err := s.programFormStep(w, r, c, title, d); done {
		return err
	}
	if len(es) > 0 {
		return s.renderProgramForm(w, r, c, title, d, "", es)
	}
	if err := s.Programs.UpdateProgram(r.Context(), c.Actor, p, version); err != nil {
		return s.renderProgramForm(w, r, c, title, d, "", err)
	}
	return s.redirect(w, r, "/programs/"+itoa(p.ID), i18n.T(c.Lang, "programs.saved"))
}

func (s *Server) programTransition(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	to := r.PostForm.Get("to")
	np, err := s.Programs.TransitionProgram(r.Context(), c.Actor, p.ID, to, strings.TrimSpace(r.PostForm.Get("note")))
	if err != nil {
		return s.programPage(w, r, c, p, err)
	}
	return s.redirect(w, r, "/programs/"+itoa(p.ID), i18n.T(c.Lang, "programs.moved", seedbed.ProgramStates.Label(np.State).In(c.Lang)))
}
