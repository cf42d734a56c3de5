package web

import (
	"html/template"
	"net/http"
	"sort"
	"strings"

	"seedbed"
	"seedbed/evaluation"
	"seedbed/i18n"
	"seedbed/selection"
)

// programSelectionRoutes lists the routes of program_selection.go.
func (s *Server) programSelectionRoutes() []route {
	return []route{
		ui("GET", "/programs/{id}/review", seedbed.PermProgramRead, s.reviewConsole),
		ui("POST", "/programs/{id}/assignments", seedbed.PermProgramManage, s.assignSubmit),
		ui("POST", "/programs/{id}/normalise", seedbed.PermProgramManage, s.normaliseSubmit),
		ui("POST", "/programs/{id}/selection", seedbed.PermProgramManage, s.selectionSubmit),
		api("POST", "/api/v1/programs/{id}/assignments", seedbed.PermProgramManage, s.apiAssign),
		api("GET", "/api/v1/programs/{id}/assignments", seedbed.PermProgramRead, s.apiProgramAssignments),
		api("POST", "/api/v1/programs/{id}/normalise", seedbed.PermProgramManage, s.apiNormalise),
		api("POST", "/api/v1/programs/{id}/selection", seedbed.PermProgramManage, s.apiSelect),
		api("GET", "/api/v1/programs/{id}/selection", seedbed.PermProgramRead, s.apiSelectionGet),
	}
}

// consoleRow is one application in the review console: its reviews, normalised score, decision
// and award.
type consoleRow struct {
	App         seedbed.Application
	Assignments []seedbed.Assignment
	Score       *selection.AppScore
	Decision    *selection.Decision
	Award       *seedbed.Award
	Reading     evaluation.Reading // the score against the funding line, when scored
}

type consoleData struct {
	P          *seedbed.Program
	Outcomes   map[int64]*seedbed.PanelEntry // the panel's outcome in force, by application
	Rows       []consoleRow
	Ineligible []seedbed.Application
	Sel        *selection.ProgramSelection
	Names      map[string]string // reviewer id → name
	Pending    int
	Scored     int
	Recused    int
	CanManage  bool
	Awardable  int
	// Mentions are, in a blind program, where applications name who applied (by application).
	Mentions map[int64][]seedbed.IdentityMention
	// Champions are the reviewers' champions, by application.
	Champions map[int64][]seedbed.Champion
	// Reopenings are the selections superseded by an approved reopening, oldest first.
	Reopenings []seedbed.SelectionReopening
	// RepliesOver says the selection may be made as far as the right to reply goes: the program
	// has no reply window, or its window has closed.
	RepliesOver bool
	// SelGate is what the selection button may do for the viewer: nothing while a selection
	// proposed earlier awaits a second officer.
	SelGate seedbed.ProposalGate
	// ReopenGate is what the reopening form may do for the viewer: nothing while a reopening
	// asked for earlier awaits a second officer.
	ReopenGate seedbed.ProposalGate
	// Reason is the reason typed for a reopening that was refused.
	Reason string
	// Line reads the funding line once the selection is made; Leniency reads each reviewer's
	// mean against all reviewers' (by reviewer id).
	Line     *evaluation.Reading
	Leniency map[string]evaluation.Reading
}

func (s *Server) reviewConsole(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	if err := s.requireOverseer(r, c); err != nil {
		return err
	}
	return s.consolePage(w, r, c, p, nil)
}

// consolePage renders the review console, with the errors of a refused action when err is set.
func (s *Server) consolePage(w http.ResponseWriter, r *http.Request, c *reqCtx, p *seedbed.Program, actionErr error) error {
	ctx := r.Context()
	d := consoleData{P: p, CanManage: seedbed.RoleCan(c.Actor.Role, seedbed.PermProgramManage),
		RepliesOver: p.ReplyDays == 0 || p.ReplyClosesAt != nil && !s.System.Now().Before(*p.ReplyClosesAt)}
	if d.CanManage {
		var err error
		if d.SelGate, err = s.Reviews.SelectionGate(ctx, c.Actor, p.ID); err != nil {
			return err
		}
		if d.ReopenGate, err = s.Reviews.ReopenGate(ctx, c.Actor, p.ID); err != nil {
			return err
		}
	}
	apps, _, err := s.Programs.FindApplications(ctx, seedbed.ApplicationFilter{ProgramID: p.ID, State: seedbed.AppSubmitted, Limit: 1000})
	if err != nil {
		return err
	}
	asg, err := s.Reviews.FindAssignments(ctx, seedbed.AssignmentFilter{ProgramID: p.ID})
	if err != nil {
		return err
	}
	if d.Sel, err = s.Reviews.ProgramSelection(ctx, p.ID); err != nil {
		return err
	}
	awards, _, err := s.Programs.FindAwards(ctx, seedbed.AwardFilter{ProgramID: p.ID, Limit: 5000})
	if err != nil {
		return err
	}
	champs, err := s.Reviews.ProgramChampions(ctx, p.ID)
	if err != nil {
		return err
	}
	if d.Outcomes, err = s.Reviews.ProgramPanelOutcomes(ctx, p.ID); err != nil {
		return err
	}
	d.Champions = map[int64][]seedbed.Champion{}
	for _, ch := range champs {
		d.Champions[ch.ApplicationID] = append(d.Champions[ch.ApplicationID], ch)
	}
	byApp := map[int64]*consoleRow{}
	for _, a := range apps {
		if a.Eligibility != nil && a.Eligibility.Status == seedbed.Ineligible {
			d.Ineligible = append(d.Ineligible, a)
			continue
		}
		d.Rows = append(d.Rows, consoleRow{App: a})
	}
	for i := range d.Rows {
		byApp[d.Rows[i].App.ID] = &d.Rows[i]
		if p.BlindReview {
			ms, err := s.Reviews.IdentityMentions(ctx, &d.Rows[i].App)
			if err != nil {
				return err
			}
			if len(ms) > 0 {
				if d.Mentions == nil {
					d.Mentions = map[int64][]seedbed.IdentityMention{}
				}
				d.Mentions[d.Rows[i].App.ID] = ms
			}
		}
	}
	for _, as := range asg {
		switch as.State {
		case seedbed.AssignmentAssigned, seedbed.AssignmentOpen:
			d.Pending++
		case seedbed.AssignmentScored:
			d.Scored++
		case seedbed.AssignmentRecused:
			d.Recused++
		}
		if row := byApp[as.ApplicationID]; row != nil {
			row.Assignments = append(row.Assignments, as)
		}
	}
	if d.Sel != nil {
		d.Names = d.Sel.Reviewers
		for i := range d.Sel.Normalised.Apps {
			if row := byApp[seedbed.ParseAppCode(d.Sel.Normalised.Apps[i].AppID)]; row != nil {
				row.Score = &d.Sel.Normalised.Apps[i]
			}
		}
		if d.Sel.Selection != nil {
			for i := range d.Sel.Selection.Decisions {
				if row := byApp[seedbed.ParseAppCode(d.Sel.Selection.Decisions[i].AppID)]; row != nil {
					row.Decision = &d.Sel.Selection.Decisions[i]
				}
			}
		}
	}
	for i := range awards {
		if row := byApp[awards[i].ApplicationID]; row != nil {
			row.Award = &awards[i]
		}
	}
	if d.Sel != nil {
		line, hasLine := d.Sel.Line(p.SelectionMode, p.Threshold)
		if hasLine {
			r := evaluation.ReadThreshold(line)
			d.Line = &r
		}
		for i := range d.Rows {
			if sc := d.Rows[i].Score; sc != nil {
				d.Rows[i].Reading = evaluation.ReadScore(sc.Score, sc.Lower, sc.Upper, line, hasLine)
			}
		}
		d.Leniency = map[string]evaluation.Reading{}
		for _, rv := range d.Sel.Normalised.Reviewers {
			d.Leniency[rv.ReviewerID] = evaluation.ReadLeniency(rv.Mean, d.Sel.Normalised.GlobalMean)
		}
	}
	for _, row := range d.Rows {
		if row.Decision != nil && row.Decision.Outcome.Granted() && row.Award == nil {
			d.Awardable++
		}
	}
	sort.SliceStable(d.Rows, func(i, j int) bool {
		a, b := d.Rows[i].Decision, d.Rows[j].Decision
		if a != nil && b != nil {
			return a.Rank < b.Rank
		}
		return a != nil && b == nil
	})
	if d.Reopenings, err = s.Reviews.SelectionReopenings(ctx, p.ID); err != nil {
		return err
	}
	if r.Method == http.MethodPost {
		d.Reason = r.PostForm.Get("reason")
	}
	title := i18n.T(c.Lang, "console.title", p.Title)
	if actionErr != nil {
		return s.renderWithErrors(w, r, "program_review", title, d, actionErr)
	}
	return s.render(w, r, "program_review", title, d)
}

// problemsText joins assignment problems for a flash message.
func problemsText(lang string, ps []selection.Problem) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Label.In(lang))
	}
	return strings.Join(out, "；")
}

func (s *Server) assignSubmit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	run, err := s.Reviews.AssignReviewers(r.Context(), c.Actor, p.ID, uint64(p.ID))
	if err != nil {
		return s.consolePage(w, r, c, p, err)
	}
	msg := i18n.T(c.Lang, "console.assigned", len(run.Pairs))
	if len(run.Problems) > 0 {
		msg += " " + problemsText(c.Lang, run.Problems)
	}
	return s.redirect(w, r, "/programs/"+itoa(p.ID)+"/review", msg)
}

func (s *Server) normaliseSubmit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	ps, err := s.Reviews.NormaliseScores(r.Context(), c.Actor, p.ID)
	if err != nil {
		return s.consolePage(w, r, c, p, err)
	}
	return s.redirect(w, r, "/programs/"+itoa(p.ID)+"/review", i18n.T(c.Lang, "console.normalised", ps.ScoreCount))
}

func (s *Server) selectionSubmit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	ps, err := s.Reviews.RunSelection(r.Context(), c.Actor, p.ID)
	if err != nil {
		return s.consolePage(w, r, c, p, err)
	}
	msg := i18n.T(c.Lang, "console.selected", yuanText(ps.Selection.Spent))
	if ps.Plan != nil && len(ps.Plan.Entrants) > 0 {
		msg += " " + i18n.T(c.Lang, "console.draw_group", len(ps.Plan.Entrants), yuanText(ps.Plan.Remaining))
		return s.redirect(w, r, "/programs/"+itoa(p.ID)+"/lottery", msg)
	}
	return s.redirect(w, r, "/programs/"+itoa(p.ID)+"/review", msg)
}

func yuanText(v int64) string { return formatYuan(v) }

// assignInput optionally fixes the seed that breaks ties in an assignment.
type assignInput struct {
	Seed *uint64 `json:"seed"`
}

// decodeOptionalJSON decodes a JSON body when there is one.
func decodeOptionalJSON(w http.ResponseWriter, r *http.Request, v any) error {
	if r.ContentLength == 0 {
		return nil
	}
	return decodeJSON(w, r, v)
}

func (s *Server) apiAssign(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	var body assignInput
	if err := decodeOptionalJSON(w, r, &body); err != nil {
		return err
	}
	seed := uint64(p.ID)
	if body.Seed != nil {
		seed = *body.Seed
	}
	run, err := s.Reviews.AssignReviewers(r.Context(), c.Actor, p.ID, seed)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, run)
	return nil
}

func (s *Server) apiProgramAssignments(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	if err := s.requireOverseer(r, c); err != nil {
		return err
	}
	list, err := s.Reviews.FindAssignments(r.Context(), seedbed.AssignmentFilter{ProgramID: p.ID})
	if err != nil {
		return err
	}
	return writePage(w, r, list)
}

func (s *Server) apiNormalise(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	ps, err := s.Reviews.NormaliseScores(r.Context(), c.Actor, p.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ps)
	return nil
}

func (s *Server) apiSelect(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	ps, err := s.Reviews.RunSelection(r.Context(), c.Actor, p.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ps)
	return nil
}

func (s *Server) apiSelectionGet(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	if err := s.requireOverseer(r, c); err != nil {
		return err
	}
	ps, err := s.Reviews.ProgramSelection(r.Context(), p.ID)
	if err != nil {
		return err
	}
	if ps == nil {
		return seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "计划 %d 的评分尚未标准化", En: "the scores of program %d have not been normalised"}, p.ID)
	}
	writeJSON(w, http.StatusOK, ps)
	return nil
}

// reviewerName shows a reviewer id by name in the console.
func reviewerName(names map[string]string, id string) string {
	if n, ok := names[id]; ok {
		return n
	}
	return id
}

// selectionFuncs are the template functions of the review and selection pages.
var selectionFuncs = template.FuncMap{
	"progReviewer": reviewerName,
	"progOutcomeClass": func(o string) string {
		switch {
		case seedbed.OutcomeGranted(o):
			return "good"
		case o == "draw_pending":
			return "warn"
		case o == "":
			return ""
		}
		return "bad"
	},
	"progFlags": func(lang string, fs []selection.Flag) string {
		var out []string
		for _, f := range fs {
			out = append(out, f.Label.In(lang))
		}
		return strings.Join(out, "；")
	},
	"progOutcome": func(o selection.Outcome) string { return string(o) },
}
