package web

import (
	"html/template"
	"net/http"
	"strconv"

	"seedbed"
	"seedbed/exemption"
	"seedbed/i18n"
)

// Exemption cases (容错免责认定): the list, opening a case for a failed award, the case with its
// drafted determination and dossier, the print-friendly determination a committee signs, and
// the auditor's confirmation or override with a written reason.

// exemptionFuncs are the template functions of the exemption pages.
var exemptionFuncs = template.FuncMap{"evidenceOf": evidenceOf}

// exemptionRoutes lists the routes of exemption.go.
func (s *Server) exemptionRoutes() []route {
	return []route{
		ui("GET", "/exemptions", seedbed.PermLedgerRead, s.exemptionList),
		ui("POST", "/exemptions", seedbed.PermLedgerRead, s.exemptionOpen),
		ui("GET", "/exemptions/{id}", seedbed.PermLedgerRead, s.exemptionShow),
		ui("GET", "/exemptions/{id}/print", seedbed.PermLedgerRead, s.exemptionPrint),
		ui("POST", "/exemptions/{id}/decision", seedbed.PermExemption, s.exemptionDecide),
		ui("POST", "/exemptions/{id}/redraft", seedbed.PermExemption, s.exemptionRedraft),
	}
}

// evidenceArgs carries a list of evidence and the page into the evidence template.
type evidenceArgs struct {
	Page    *page
	Entries []seedbed.Evidence
	Proofs  map[uint64]bool
}

func evidenceOf(p *page, es []seedbed.Evidence) evidenceArgs {
	a := evidenceArgs{Page: p, Entries: es}
	if d, ok := p.Data.(*exemptionData); ok {
		a.Proofs = d.Proofs
	}
	return a
}

func exemptionFilter(r *http.Request) (seedbed.ExemptionFilter, int, error) {
	q := r.URL.Query()
	f := seedbed.ExemptionFilter{State: q.Get("state"), Outcome: q.Get("outcome")}
	if f.State != "" && f.State != seedbed.ExemptionDraft && f.State != seedbed.ExemptionDecided {
		return f, 0, seedbed.FieldError("state", seedbed.Label{Zh: "状态应为 draft 或 decided", En: "state must be draft or decided"})
	}
	if f.Outcome != "" && !seedbed.ExemptionOutcomes.Has(f.Outcome) {
		return f, 0, seedbed.FieldError("outcome", seedbed.Label{Zh: "未知的结论 %q", En: "unknown outcome %q"}, f.Outcome)
	}
	pg, off, lim, o, err := readListParams(q, seedbed.ExemptionSorts, 50, 500)
	if err != nil {
		return f, 0, err
	}
	f.Offset, f.Limit, f.Order = off, lim, o
	return f, pg, nil
}

type exemptionListData struct {
	listView
	Items          []seedbed.ExemptionCase
	State, Outcome string
}

func (s *Server) exemptionList(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	title := i18n.T(c.Lang, "exemption.list.title")
	f, pg, err := exemptionFilter(r)
	if err != nil {
		return s.renderWithErrors(w, r, "exemptions", title, exemptionListData{}, err)
	}
	items, total, err := s.Exemptions.FindCases(r.Context(), f)
	if err != nil {
		return err
	}
	d := exemptionListData{listView: newListView(pg, f.Limit, total, f.Order), Items: items, State: f.State, Outcome: f.Outcome}
	return s.render(w, r, "exemptions", title, d)
}

func (s *Server) exemptionOpen(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PostForm.Get("award_id"), 10, 64)
	if err != nil || id <= 0 {
		return seedbed.FieldError("award_id", seedbed.Label{Zh: "请指定失败结题的资助", En: "name the failed award"})
	}
	cs, err := s.Exemptions.OpenCase(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/exemptions/"+itoa(cs.ID), i18n.T(c.Lang, "exemption.opened"))
}

// exemptionData is what the case page and the print page show.
type exemptionData struct {
	C         *seedbed.ExemptionCase
	Failure   *seedbed.Failure
	Dossier   *exemption.Dossier
	Proofs    map[uint64]bool // entry index → its inclusion proof verified
	CanDecide bool
	Input     seedbed.ExemptionDecision
	// RiskFilings are the risk filings (容错备案) about the award, its application or its program.
	RiskFilings []seedbed.RiskFiling
}

func (s *Server) exemptionCase(r *http.Request, c *reqCtx) (*exemptionData, error) {
	cs, err := s.exemptionCaseOf(r)
	if err != nil {
		return nil, err
	}
	d := &exemptionData{C: cs, Proofs: map[uint64]bool{},
		CanDecide: cs.State == seedbed.ExemptionDraft && seedbed.RoleCan(c.Actor.Role, seedbed.PermExemption)}
	if f, err := s.Exemptions.Failure(r.Context(), cs.AwardID); err == nil {
		d.Failure = f
	}
	if d.Dossier, err = s.Exemptions.Dossier(r.Context(), cs); err != nil {
		return nil, err
	}
	for _, e := range d.Dossier.Entries {
		d.Proofs[e.Index] = e.Verified && d.Dossier.HeadVerified
	}
	if d.RiskFilings, err = s.RiskFilings.ForAward(r.Context(), cs.AwardID); err != nil {
		return nil, err
	}
	return d, nil
}

func (s *Server) exemptionShow(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	d, err := s.exemptionCase(r, c)
	if err != nil {
		return err
	}
	return s.render(w, r, "exemption", i18n.T(c.Lang, "exemption.case_n", d.C.ID), d)
}

func (s *Server) exemptionPrint(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	d, err := s.exemptionCase(r, c)
	if err != nil {
		return err
	}
	return s.render(w, r, "exemption_print", i18n.T(c.Lang, "exemption.print.title"), d)
}

func (s *Server) exemptionDecide(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	dec := seedbed.ExemptionDecision{Decision: r.PostForm.Get("decision"), Outcome: r.PostForm.Get("outcome"),
		Reason: r.PostForm.Get("reason"), Committee: r.PostForm.Get("committee")}
	if v := r.PostForm.Get("version"); v != "" {
		if dec.Version, err = strconv.Atoi(v); err != nil {
			return seedbed.FieldError("version", seedbed.Label{Zh: "版本号无效", En: "invalid version"})
		}
	}
	if _, err := s.Exemptions.DecideCase(r.Context(), c.Actor, id, dec); err != nil {
		d, derr := s.exemptionCase(r, c)
		if derr != nil {
			return err
		}
		d.Input = dec
		return s.renderWithErrors(w, r, "exemption", i18n.T(c.Lang, "exemption.case_n", id), d, err)
	}
	return s.redirect(w, r, "/exemptions/"+itoa(id), i18n.T(c.Lang, "exemption.decided"))
}

func (s *Server) exemptionRedraft(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.Exemptions.RedraftCase(r.Context(), c.Actor, id); err != nil {
		return err
	}
	return s.redirect(w, r, "/exemptions/"+itoa(id), i18n.T(c.Lang, "exemption.redrafted"))
}
