package web

import (
	"net/http"

	"seedbed"
	"seedbed/exemption"
)

// exemptionAPIRoutes lists the routes of exemption_api.go.
func (s *Server) exemptionAPIRoutes() []route {
	return []route{
		api("GET", "/api/v1/exemptions", seedbed.PermLedgerRead, s.apiExemptionList),
		api("POST", "/api/v1/exemptions", seedbed.PermLedgerRead, s.apiExemptionOpen),
		api("GET", "/api/v1/exemptions/{id}", seedbed.PermLedgerRead, s.apiExemptionGet),
		api("GET", "/api/v1/exemptions/{id}/dossier", seedbed.PermLedgerRead, s.apiExemptionDossier),
		api("POST", "/api/v1/exemptions/{id}/decision", seedbed.PermExemption, s.apiExemptionDecide),
		api("POST", "/api/v1/exemptions/{id}/redraft", seedbed.PermExemption, s.apiExemptionRedraft),
	}
}

func (s *Server) apiExemptionList(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	f, pg, err := exemptionFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.Exemptions.FindCases(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listPage[seedbed.ExemptionCase]{Total: total, Page: pg, Items: items})
	return nil
}

func (s *Server) apiExemptionOpen(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	var in struct {
		AwardID int64 `json:"award_id"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if in.AwardID <= 0 {
		return seedbed.FieldError("award_id", seedbed.Label{Zh: "请指定失败结题的资助", En: "name the failed award"})
	}
	cs, err := s.Exemptions.OpenCase(r.Context(), c.Actor, in.AwardID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, cs)
	return nil
}

func (s *Server) apiExemptionGet(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	cs, err := s.exemptionCaseOf(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, cs)
	return nil
}

// apiExemptionDossier returns the case's evidence: every cited ledger entry with its inclusion
// proof against the latest signed head, for the reader to check.
func (s *Server) apiExemptionDossier(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	cs, err := s.exemptionCaseOf(r)
	if err != nil {
		return err
	}
	d, err := s.Exemptions.Dossier(r.Context(), cs)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, struct {
		*exemption.Dossier
		OK bool `json:"ok"`
	}{d, d.OK()})
	return nil
}

func (s *Server) apiExemptionDecide(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var dec seedbed.ExemptionDecision
	if err := decodeJSON(w, r, &dec); err != nil {
		return err
	}
	cs, err := s.Exemptions.DecideCase(r.Context(), c.Actor, id, dec)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, cs)
	return nil
}

func (s *Server) apiExemptionRedraft(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	cs, err := s.Exemptions.RedraftCase(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, cs)
	return nil
}

// exemptionCaseOf loads the {id} exemption case.
func (s *Server) exemptionCaseOf(r *http.Request) (*seedbed.ExemptionCase, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.Exemptions.Case(r.Context(), id)
}
