package web

import (
	"context"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"seedbed"
	"seedbed/i18n"
)

// Risk filings (容错备案): an officer files a high-risk support decision before taking it, from
// the program's or the award's page; a second officer reviews it here (approve or decline, with
// the reason), through the two-person approvals. The exemption page shows the filings about its
// award.

// RiskFilingService keeps the risk filings.
type RiskFilingService interface {
	// File records a filing and proposes its review (EINVALID naming the field, ENOTFOUND).
	File(ctx context.Context, a seedbed.Actor, in seedbed.RiskFilingInput) (*seedbed.RiskFiling, error)
	// Review approves or declines a filing with the reason (ECONFLICT for its filer approving).
	Review(ctx context.Context, a seedbed.Actor, id int64, approve bool, note string) (*seedbed.RiskFiling, error)
	// Get returns one filing (ENOTFOUND).
	Get(ctx context.Context, id int64) (*seedbed.RiskFiling, error)
	// Find returns filings, newest first.
	Find(ctx context.Context, f seedbed.RiskFilingFilter) ([]seedbed.RiskFiling, error)
	// ForAward returns the filings an exemption case about the award reads.
	ForAward(ctx context.Context, awardID int64) ([]seedbed.RiskFiling, error)
}

func init() { optionSets["risk_filing_status"] = seedbed.RiskFilingStatuses }

// riskFilingRoutes lists the routes of risk_filing.go.
func (s *Server) riskFilingRoutes() []route {
	return []route{
		ui("GET", "/risk-filings", seedbed.PermLedgerRead, s.riskFilingList),
		ui("GET", "/risk-filings/{id}", seedbed.PermLedgerRead, s.riskFilingShow),
		ui("POST", "/risk-filings/{id}/review", seedbed.PermProgramManage, s.riskFilingReview),
		ui("GET", "/programs/{id}/risk-filings/new", seedbed.PermProgramManage, s.riskFilingNew),
		ui("POST", "/programs/{id}/risk-filings", seedbed.PermProgramManage, s.riskFilingCreate),
		api("GET", "/api/v1/risk-filings", seedbed.PermLedgerRead, s.apiRiskFilingList),
		api("POST", "/api/v1/risk-filings", seedbed.PermProgramManage, s.apiRiskFilingCreate),
		api("GET", "/api/v1/risk-filings/{id}", seedbed.PermLedgerRead, s.apiRiskFilingGet),
		api("POST", "/api/v1/risk-filings/{id}/review", seedbed.PermProgramManage, s.apiRiskFilingReview),
	}
}

// riskFormArgs carry the filing form into the shared "risk_filing_form" partial.
type riskFormArgs struct {
	Page                              *page
	ProgramID, ApplicationID, AwardID int64
	Risk, Worth, Failure              string
}

var riskFilingFuncs = template.FuncMap{
	"riskForm": func(p *page, programID, awardID int64) riskFormArgs {
		return riskFormArgs{Page: p, ProgramID: programID, AwardID: awardID}
	},
	"riskFormFull": func(p *page, f riskFormArgs) riskFormArgs {
		f.Page = p
		return f
	},
	"riskRows": func(p *page, items []seedbed.RiskFiling) riskRowsArgs {
		return riskRowsArgs{Page: p, Items: items}
	},
}

// riskRowsArgs carry filings into the shared "risk_filing_rows" partial.
type riskRowsArgs struct {
	Page  *page
	Items []seedbed.RiskFiling
}

type riskFilingListData struct {
	Items   []seedbed.RiskFiling
	Program *seedbed.Program
}

// riskFilingList lists the filings, of one program with ?program_id=.
func (s *Server) riskFilingList(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	f, err := riskFilter(r)
	if err != nil {
		return err
	}
	d := riskFilingListData{}
	if f.ProgramID != 0 {
		if d.Program, err = s.Programs.GetProgram(r.Context(), f.ProgramID); err != nil {
			return err
		}
	}
	if d.Items, err = s.RiskFilings.Find(r.Context(), f); err != nil {
		return err
	}
	return s.render(w, r, "risk_filings", i18n.T(c.Lang, "risk.list.title"), d)
}

// riskFilter reads the list's filters; a bad one is a 400 naming it.
func riskFilter(r *http.Request) (seedbed.RiskFilingFilter, error) {
	var f seedbed.RiskFilingFilter
	q := r.URL.Query()
	if v := q.Get("program_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return f, seedbed.FieldError("program_id", seedbed.Label{Zh: "program_id 应为计划编号", En: "program_id must be a program's number"})
		}
		f.ProgramID = id
	}
	if st := q.Get("status"); st != "" {
		if !seedbed.RiskFilingStatuses.Has(st) {
			return f, seedbed.FieldError("status", seedbed.Label{Zh: "status 应为 pending、approved、declined 或 withdrawn", En: "status must be pending, approved, declined or withdrawn"})
		}
		f.Status = st
	}
	return f, nil
}

type riskFilingShowData struct {
	F *seedbed.RiskFiling
	// CanReview: the actor's role may review and the filing waits; Own: the actor filed it (and
	// may only withdraw it).
	CanReview, Own bool
	Note           string
}

func (s *Server) riskFilingShow(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.riskFilingPage(w, r, c, "", nil)
}

func (s *Server) riskFilingPage(w http.ResponseWriter, r *http.Request, c *reqCtx, note string, actionErr error) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := s.RiskFilings.Get(r.Context(), id)
	if err != nil {
		return err
	}
	d := riskFilingShowData{F: f, Note: note, Own: strings.EqualFold(f.FiledBy, c.Actor.Username)}
	d.CanReview = f.Status == seedbed.RiskFilingPending && seedbed.RoleCan(c.Actor.Role, seedbed.TwoPersonPermission(seedbed.TwoPersonRiskFiling))
	title := i18n.T(c.Lang, "risk.title", f.ID)
	if actionErr != nil {
		return s.renderWithErrors(w, r, "risk_filing", title, d, actionErr)
	}
	return s.render(w, r, "risk_filing", title, d)
}

// riskDecision reads approve or decline.
func riskDecision(v string) (bool, error) {
	switch v {
	case "approve":
		return true, nil
	case "decline":
		return false, nil
	}
	return false, seedbed.FieldError("decision", seedbed.Label{Zh: "复核决定应为 approve（同意）或 decline（不同意）", En: "decision must be approve or decline"})
}

func (s *Server) riskFilingReview(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	note := r.PostForm.Get("note")
	approve, err := riskDecision(r.PostForm.Get("decision"))
	var f *seedbed.RiskFiling
	if err == nil {
		f, err = s.RiskFilings.Review(r.Context(), c.Actor, id, approve, note)
	}
	if err != nil {
		if asErrors(err) == nil || seedbed.ErrorCode(err) == seedbed.ENOTFOUND {
			return err
		}
		return s.riskFilingPage(w, r, c, note, err)
	}
	return s.redirect(w, r, "/risk-filings/"+itoa(f.ID), i18n.T(c.Lang, "risk.reviewed."+f.Status))
}

type riskFilingNewData struct {
	P    *seedbed.Program
	Form riskFormArgs
}

// riskFilingNew shows the filing form on its own page (?award_id= for an award's).
func (s *Server) riskFilingNew(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	in := seedbed.RiskFilingInput{ProgramID: p.ID}
	in.AwardID, _ = strconv.ParseInt(r.URL.Query().Get("award_id"), 10, 64)
	in.ApplicationID, _ = strconv.ParseInt(r.URL.Query().Get("application_id"), 10, 64)
	return s.riskFilingNewPage(w, r, c, p, in, nil)
}

func (s *Server) riskFilingNewPage(w http.ResponseWriter, r *http.Request, c *reqCtx, p *seedbed.Program, in seedbed.RiskFilingInput, actionErr error) error {
	d := riskFilingNewData{P: p, Form: riskFormArgs{ProgramID: p.ID, ApplicationID: in.ApplicationID, AwardID: in.AwardID,
		Risk: in.Risk, Worth: in.Worth, Failure: in.Failure}}
	title := i18n.T(c.Lang, "risk.form.title")
	if actionErr != nil {
		return s.renderWithErrors(w, r, "risk_filing_new", title, d, actionErr)
	}
	return s.render(w, r, "risk_filing_new", title, d)
}

// formID reads an optional id field of a form; a bad one is EINVALID naming it.
func formID(r *http.Request, name string) (int64, error) {
	v := strings.TrimSpace(r.PostForm.Get(name))
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, seedbed.FieldError(name, seedbed.Label{Zh: "编号无效：%q", En: "not a valid number: %q"}, v)
	}
	return id, nil
}

func (s *Server) riskFilingCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	in := seedbed.RiskFilingInput{ProgramID: p.ID, Risk: r.PostForm.Get("risk"), Worth: r.PostForm.Get("worth"), Failure: r.PostForm.Get("failure")}
	var f *seedbed.RiskFiling
	if in.AwardID, err = formID(r, "award_id"); err == nil {
		if in.ApplicationID, err = formID(r, "application_id"); err == nil {
			f, err = s.RiskFilings.File(r.Context(), c.Actor, in)
		}
	}
	if err != nil {
		if asErrors(err) == nil || seedbed.ErrorCode(err) == seedbed.ENOTFOUND {
			return err
		}
		return s.riskFilingNewPage(w, r, c, p, in, err)
	}
	return s.redirect(w, r, "/risk-filings/"+itoa(f.ID), i18n.T(c.Lang, "risk.filed"))
}

func (s *Server) apiRiskFilingList(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	f, err := riskFilter(r)
	if err != nil {
		return err
	}
	f.Limit = 1000
	items, err := s.RiskFilings.Find(r.Context(), f)
	if err != nil {
		return err
	}
	return writePage(w, r, items)
}

func (s *Server) apiRiskFilingCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	var in seedbed.RiskFilingInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	f, err := s.RiskFilings.File(r.Context(), c.Actor, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, f)
	return nil
}

func (s *Server) apiRiskFilingGet(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := s.RiskFilings.Get(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, f)
	return nil
}

func (s *Server) apiRiskFilingReview(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Decision string `json:"decision"`
		Note     string `json:"note"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	approve, err := riskDecision(in.Decision)
	if err != nil {
		return err
	}
	f, err := s.RiskFilings.Review(r.Context(), c.Actor, id, approve, in.Note)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, f)
	return nil
}
