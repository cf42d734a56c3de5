package web

import (
	"math"
	"net/http"
	"strconv"
	"strings"

	"seedbed/chart"
	"seedbed/i18n"
	"seedbed/sim"
)

type labSensitivityData struct {
	YAML    string
	Res     *sim.SensitivityResult
	Morris  bool
	Outputs []labSensitivityOutput
}

// labSensitivityOutput is one output's section: its spread, a row per parameter and a chart.
type labSensitivityOutput struct {
	Name    string
	Summary string
	Rows    []labSensitivityRow
	Chart   any
}

type labSensitivityRow struct {
	Key, Range   string
	First, Total labCell // Sobol
	MuStar       string  // Morris
	Mu, Sigma    string
	Fifths       string // mean output by fifth of the range, lowest first
}

// labSensitivityPage shows the sensitivity design form with the default design.
func (s *Server) labSensitivityPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.render(w, r, "lab_sensitivity", i18n.T(c.Lang, "lab.sensitivity.title"), labSensitivityData{YAML: s.Lab.DefaultSensitivity()})
}

// labSensitivityRun runs the posted design and shows each output's indices; nothing is saved.
func (s *Server) labSensitivityRun(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	title := i18n.T(c.Lang, "lab.sensitivity.title")
	d := labSensitivityData{YAML: r.PostForm.Get("yaml")}
	res, err := s.Lab.Sensitivity(r.Context(), []byte(d.YAML))
	if err != nil {
		return s.renderWithErrors(w, r, "lab_sensitivity", title, d, err)
	}
	d.Res, d.Morris = res, res.Design.Method == sim.MethodMorris
	for n, o := range res.Outputs {
		out := labSensitivityOutput{Name: o.Output, Summary: i18n.T(c.Lang, "lab.sensitivity.summary",
			fmtNum(o.Mean), fmtNum(o.SD), fmtNum(o.Min), fmtNum(o.Max), strconv.FormatFloat(100*o.Positive, 'f', 0, 64))}
		var rows []chart.Interval
		first, total := i18n.T(c.Lang, "lab.sensitivity.first_short"), i18n.T(c.Lang, "lab.sensitivity.total_short")
		for _, p := range o.Parameters {
			short := p.Key[strings.LastIndex(p.Key, ".")+1:] // the chart's rows are narrow; the table has the key
			row := labSensitivityRow{Key: p.Key, Range: "[" + fmtNum(p.Lo) + ", " + fmtNum(p.Hi) + "]"}
			for i, f := range p.Fifths {
				if i > 0 {
					row.Fifths += " · "
				}
				row.Fifths += fmtNum(f.Mean)
			}
			if p.Morris != nil {
				m := p.Morris
				row.MuStar, row.Mu, row.Sigma = fmtNum(m.MuStar), fmtNum(m.Mu), fmtNum(m.Sigma)
				rows = append(rows, chart.Interval{Name: short, Mean: m.MuStar, Lo: math.NaN(), Hi: math.NaN()})
			} else {
				sb := p.Sobol
				row.First = labCell{Mean: fmtNum(sb.First.Value), Lo: fmtNum(sb.First.Lo), Hi: fmtNum(sb.First.Hi), Defined: true}
				row.Total = labCell{Mean: fmtNum(sb.Total.Value), Lo: fmtNum(sb.Total.Lo), Hi: fmtNum(sb.Total.Hi), Defined: true}
				rows = append(rows,
					chart.Interval{Name: short + " · " + first, Mean: sb.First.Value, Lo: sb.First.Lo, Hi: sb.First.Hi},
					chart.Interval{Name: short + " · " + total, Mean: sb.Total.Value, Lo: sb.Total.Lo, Hi: sb.Total.Hi})
			}
			out.Rows = append(out.Rows, row)
		}
		key, xlabel := "lab.sensitivity.chart_sobol", i18n.T(c.Lang, "lab.sensitivity.axis_sobol")
		if d.Morris {
			key, xlabel = "lab.sensitivity.chart_morris", i18n.T(c.Lang, "lab.sensitivity.axis_morris")
		}
		out.Chart = chart.IntervalChart{Title: i18n.T(c.Lang, key), Desc: o.Output, Rows: rows, XLabel: xlabel, Lang: c.Lang,
			ID: "sensitivity" + strconv.Itoa(n), Refs: []chart.RefLine{{Value: 0, Label: "0"}}}.Render()
		d.Outputs = append(d.Outputs, out)
	}
	return s.render(w, r, "lab_sensitivity", title, d)
}
