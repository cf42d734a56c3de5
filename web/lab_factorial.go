package web

import (
	"net/http"

	"seedbed/chart"
	"seedbed/i18n"
	"seedbed/sim"
)

type labFactorialData struct {
	YAML         string
	Res          *sim.FactorialResult
	Grand        labCell
	Cells        []labFactorRow
	Effects      []labFactorRow
	Interactions []labFactorRow
	Chart        any
}

type labFactorRow struct {
	Name, Level string
	Cell        labCell
}

func cellOf(e sim.Estimate) labCell {
	return labCell{Mean: fmtNum(e.Mean), Lo: fmtNum(e.Lo), Hi: fmtNum(e.Hi), Defined: e.Defined}
}

// labFactorialPage shows the factorial design form with the default design.
func (s *Server) labFactorialPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.render(w, r, "lab_factorial", i18n.T(c.Lang, "lab.factorial.title"), labFactorialData{YAML: s.Lab.DefaultFactorial()})
}

// labFactorialRun runs the posted design and shows its effects; nothing is saved.
func (s *Server) labFactorialRun(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	title := i18n.T(c.Lang, "lab.factorial.title")
	d := labFactorialData{YAML: r.PostForm.Get("yaml")}
	res, err := s.Lab.Factorial(r.Context(), []byte(d.YAML))
	if err != nil {
		return s.renderWithErrors(w, r, "lab_factorial", title, d, err)
	}
	d.Res, d.Grand = res, cellOf(res.GrandMean)
	var rows []chart.Interval
	for _, cr := range res.Cells {
		d.Cells = append(d.Cells, labFactorRow{Name: cr.ID, Cell: cellOf(cr.Estimate)})
	}
	for _, e := range res.MainEffects {
		d.Effects = append(d.Effects, labFactorRow{Name: e.Factor, Level: e.Level, Cell: cellOf(e.Estimate)})
		rows = append(rows, chart.Interval{Name: e.Factor + " = " + e.Level, Mean: e.Estimate.Mean, Lo: e.Estimate.Lo, Hi: e.Estimate.Hi})
	}
	for _, in := range res.Interactions {
		d.Interactions = append(d.Interactions, labFactorRow{Name: in.Factors[0] + " × " + in.Factors[1], Level: in.Levels[0] + " × " + in.Levels[1], Cell: cellOf(in.Estimate)})
	}
	t := i18n.T(c.Lang, "lab.factorial.main_effects")
	d.Chart = chart.IntervalChart{Title: t, Rows: rows, XLabel: res.Design.Metric, Lang: c.Lang, ID: "effects"}.Render()
	return s.render(w, r, "lab_factorial", title, d)
}
