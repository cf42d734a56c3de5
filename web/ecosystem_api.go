package web

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strconv"

	"seedbed"
	"seedbed/ecosystem"
	"seedbed/i18n"
)

func (s *Server) ecosystemAPIRoutes() []route {
	return []route{
		api("GET", "/api/v1/ecosystem", seedbed.PermEcosystemRead, s.apiEcosystem),
		api("GET", "/api/v1/ecosystem/awards", seedbed.PermEcosystemRead, s.apiEcosystemAwards),
		api("GET", "/api/v1/ecosystem/indicators.csv", seedbed.PermEcosystemRead, s.apiEcosystemCSV),
	}
}

// ecosystemScope reads the scope from the query: region, field, and year (a year of the data;
// "all" for every year; the current year when absent). The engine checks region and field.
func (s *Server) ecosystemScope(r *http.Request) (ecosystem.Scope, error) {
	q := r.URL.Query()
	sc := ecosystem.Scope{Region: q.Get("region"), Field: q.Get("field")}
	switch y := q.Get("year"); y {
	case "":
		dims, err := s.Ecosystem.Dimensions(r.Context())
		if err != nil {
			return sc, err
		}
		sc.Year = dims.CurrentYear
	case "all":
	default:
		n, err := strconv.Atoi(y)
		if err != nil {
			return sc, seedbed.FieldError("year", seedbed.Label{Zh: "年份应为整数或 all，收到“%s”", En: "year must be a number or all, got %q"}, y)
		}
		sc.Year = n
	}
	return sc, nil
}

// scopeQuery writes a scope back as query parameters (year "all" for every year).
func scopeQuery(sc ecosystem.Scope) url.Values {
	q := url.Values{}
	if sc.Region != "" {
		q.Set("region", sc.Region)
	}
	if sc.Field != "" {
		q.Set("field", sc.Field)
	}
	q.Set("year", sc.Period())
	return q
}

// indicatorJSON is an indicator as the API gives it: the label in the request's language beside
// both labels, and where the indicator is computed over awards, the address of those awards.
type indicatorJSON struct {
	Key    string        `json:"key"`
	Group  string        `json:"group"`
	Label  string        `json:"label"`
	Labels seedbed.Label `json:"labels"`
	Value  *float64      `json:"value"`
	Unit   string        `json:"unit"`
	Period string        `json:"period"`
	Status string        `json:"status"`
	Base   int           `json:"base"`
	Awards string        `json:"awards,omitempty"`
	// Reading is the figure in plain words, in the request's language, as the dashboard shows it.
	Reading string `json:"reading"`
}

func newIndicatorJSON(ind ecosystem.Indicator, sc ecosystem.Scope, lang string) indicatorJSON {
	out := indicatorJSON{Key: ind.Key, Group: ind.Group, Label: ind.Label.In(lang), Labels: ind.Label, Value: ind.Value,
		Unit: ind.Unit, Period: ind.Period, Status: string(ind.Status), Base: ind.Base}
	if ind.Awards {
		q := scopeQuery(sc)
		q.Set("key", ind.Key)
		out.Awards = "/api/v1/ecosystem/awards?" + q.Encode()
	}
	return out
}

func (s *Server) apiEcosystem(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	sc, err := s.ecosystemScope(r)
	if err != nil {
		return err
	}
	inds, err := s.Ecosystem.Indicators(r.Context(), sc)
	if err != nil {
		return err
	}
	out := struct {
		Scope      ecosystem.Scope `json:"scope"`
		Indicators []indicatorJSON `json:"indicators"`
	}{Scope: sc, Indicators: make([]indicatorJSON, len(inds))}
	readings := ecosystem.Readings(inds)
	for i, ind := range inds {
		out.Indicators[i] = newIndicatorJSON(ind, sc, c.Lang)
		rd := readings[ind.Key]
		out.Indicators[i].Reading = i18n.T(c.Lang, rd.Key, rd.Args...)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// ecosystemAwardJSON is one award behind an indicator.
type ecosystemAwardJSON struct {
	AwardID       int64  `json:"award_id"`
	ProgramID     int64  `json:"program_id"`
	ProgramTitle  string `json:"program_title"`
	InnovatorID   int64  `json:"innovator_id"`
	InnovatorName string `json:"innovator_name"`
	Amount        int64  `json:"amount"`
	Status        string `json:"status"`
	AwardedAt     string `json:"awarded_at"`
	Counted       bool   `json:"counted"`
}

func (s *Server) apiEcosystemAwards(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	sc, err := s.ecosystemScope(r)
	if err != nil {
		return err
	}
	key := r.URL.Query().Get("key")
	rows, err := s.Ecosystem.Behind(r.Context(), sc, key)
	if err != nil {
		return err
	}
	all := make([]ecosystemAwardJSON, len(rows))
	for i, row := range rows {
		all[i] = ecosystemAwardJSON{AwardID: row.ID, ProgramID: row.ProgramID, ProgramTitle: row.ProgramTitle,
			InnovatorID: row.InnovatorID, InnovatorName: row.InnovatorName, Amount: row.Amount, Status: row.Status,
			AwardedAt: row.Awarded.UTC().Format("2006-01-02T15:04:05Z"), Counted: row.Counted}
	}
	pg, err := pageOf(r, all)
	if err != nil {
		return err
	}
	// The awards behind a figure, paged like every list; "awards" is kept beside "items" for
	// the clients written before lists paged.
	out := struct {
		Key    string               `json:"key"`
		Scope  ecosystem.Scope      `json:"scope"`
		Total  int                  `json:"total"`
		Page   int                  `json:"page"`
		Items  []ecosystemAwardJSON `json:"items"`
		Awards []ecosystemAwardJSON `json:"awards"`
	}{Key: key, Scope: sc, Total: pg.Total, Page: pg.Page, Items: pg.Items, Awards: pg.Items}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiEcosystemCSV gives the scope's indicators as CSV (UTF-8 with a byte-order mark, so that
// spreadsheet programs read the Chinese labels), one row per indicator; an indicator without a
// value has an empty value cell and its status.
func (s *Server) apiEcosystemCSV(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	sc, err := s.ecosystemScope(r)
	if err != nil {
		return err
	}
	inds, err := s.Ecosystem.Indicators(r.Context(), sc)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="ecosystem-`+sc.Period()+`.csv"`)
	w.Write([]byte{0xEF, 0xBB, 0xBF})
	cw := csv.NewWriter(w)
	cw.Write([]string{"key", "label_zh", "label_en", "value", "unit", "period", "status", "base", "region", "field"})
	for _, ind := range inds {
		v := ""
		if ind.Value != nil {
			v = strconv.FormatFloat(*ind.Value, 'g', -1, 64)
		}
		cw.Write([]string{ind.Key, ind.Label.Zh, ind.Label.En, v, ind.Unit, ind.Period, string(ind.Status), strconv.Itoa(ind.Base), sc.Region, sc.Field})
	}
	cw.Flush()
	return cw.Error()
}
