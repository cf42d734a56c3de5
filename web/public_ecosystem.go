package web

import (
	"net/http"

	"seedbed"
	"seedbed/ecosystem"
	"seedbed/i18n"
)

// publicEcosystemRoutes list the portal's view of the innovation environment: the dashboard's
// indicators for a region, field and year, without drill-down, with small bases withheld.
func (s *Server) publicEcosystemRoutes() []route {
	return []route{
		ui("GET", "/public/ecosystem", seedbed.PermPublic, s.publicEcosystemPage),
		api("GET", "/api/v1/public/ecosystem", seedbed.PermPublic, s.apiPublicEcosystem),
	}
}

type publicEcoItem struct {
	Key, Label, Value, Reading, Base string
	OK                               bool
}

// publicEcoGroup is one group of indicators on the public page, in the page's language.
type publicEcoGroup struct {
	Code, Label string
	Items       []publicEcoItem
}

type publicEcoData struct {
	Scope      ecosystem.Scope
	Dims       ecosystem.Dimensions
	Year       string
	ScopeLabel string
	MinBase    int
	JSON       string // the same figures from the public API
	Groups     []publicEcoGroup
}

// publicIndicators reads the scope from the query, allowing only the scope's own parameters.
func (s *Server) publicIndicators(r *http.Request) (ecosystem.Scope, []ecosystem.Indicator, error) {
	if err := onlyParams(r.URL.Query(), "region", "field", "year", "lang"); err != nil {
		return ecosystem.Scope{}, nil, err
	}
	sc, err := s.ecosystemScope(r)
	if err != nil {
		return sc, nil, err
	}
	inds, err := s.Ecosystem.PublicIndicators(r.Context(), sc)
	return sc, inds, err
}

func (s *Server) publicEcosystemPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	sc, inds, err := s.publicIndicators(r)
	if err != nil {
		return err
	}
	dims, err := s.Ecosystem.Dimensions(r.Context())
	if err != nil {
		return err
	}
	d := publicEcoData{Scope: sc, Dims: dims, Year: sc.Period(), ScopeLabel: scopeLabel(sc, c.Lang), MinBase: ecosystem.PublicMinBase,
		JSON: "/api/v1/public/ecosystem?" + scopeQuery(sc).Encode()}
	readings := ecosystem.Readings(inds)
	for _, g := range ecosystem.Groups {
		group := publicEcoGroup{Code: g.Code, Label: g.Label.In(c.Lang)}
		for _, ind := range inds {
			if ind.Group != g.Code {
				continue
			}
			rd := readings[ind.Key]
			item := publicEcoItem{Key: ind.Key, Label: ind.Label.In(c.Lang), Value: ecoValue(ind, c.Lang), OK: ind.Value != nil,
				Reading: i18n.T(c.Lang, rd.Key, rd.Args...)}
			if ind.Base > 0 {
				item.Base = i18n.T(c.Lang, "eco.base", ind.Base)
			}
			group.Items = append(group.Items, item)
		}
		d.Groups = append(d.Groups, group)
	}
	return s.render(w, r, "public_ecosystem", i18n.T(c.Lang, "public.eco_title"), d)
}

func (s *Server) apiPublicEcosystem(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	sc, inds, err := s.publicIndicators(r)
	if err != nil {
		return err
	}
	out := struct {
		Scope      ecosystem.Scope `json:"scope"`
		MinBase    int             `json:"min_base"`
		Indicators []indicatorJSON `json:"indicators"`
	}{Scope: sc, MinBase: ecosystem.PublicMinBase, Indicators: make([]indicatorJSON, len(inds))}
	readings := ecosystem.Readings(inds)
	for i, ind := range inds {
		ind.Awards = false // no drill-down to named awards from the portal
		out.Indicators[i] = newIndicatorJSON(ind, sc, c.Lang)
		rd := readings[ind.Key]
		out.Indicators[i].Reading = i18n.T(c.Lang, rd.Key, rd.Args...)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
