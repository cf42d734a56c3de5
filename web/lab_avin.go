package web

import (
	"net/http"

	"seedbed"
	"seedbed/chart"
	"seedbed/i18n"
	"seedbed/sim/avin"
)

type labAvinData struct {
	Params avin.Params
	Res    *avin.Result
	Rows   []labParam
	Chart  any
}

// labAvin shows the form of Avin's funding model and, when parameters are given, runs it and
// compares the mechanisms. It computes and saves nothing.
func (s *Server) labAvin(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	q := r.URL.Query()
	p := avin.DefaultParams()
	d := labAvinData{Params: p}
	title := i18n.T(c.Lang, "lab.avin.title")
	if !q.Has("size") {
		return s.render(w, r, "lab_avin", title, d)
	}
	var es seedbed.Errors
	es = append(es, queryInts(q, map[string]*int{"size": &p.Size, "steps": &p.Steps, "runs": &p.Runs})...)
	es = append(es, queryUint64(q, "seed", &p.Seed)...)
	d.Params = p
	if len(es) > 0 {
		return s.renderWithErrors(w, r, "lab_avin", title, d, es)
	}
	res, err := s.Lab.Avin(r.Context(), p)
	if err != nil {
		return s.renderWithErrors(w, r, "lab_avin", title, d, err)
	}
	d.Res = res
	var bars []chart.Interval
	for _, m := range res.Mechanisms {
		d.Rows = append(d.Rows, labParam{Key: m.Mechanism, Value: fmtNum(m.Mean) + " ± " + fmtNum(m.SD)})
		bars = append(bars, chart.Interval{Name: m.Mechanism, Mean: m.Mean, Lo: m.Mean - m.SD, Hi: m.Mean + m.SD})
	}
	t := i18n.T(c.Lang, "lab.avin.significance")
	d.Chart = chart.IntervalChart{Title: t, Rows: bars, XLabel: t, Lang: c.Lang, ID: "avin"}.Render()
	return s.render(w, r, "lab_avin", title, d)
}
