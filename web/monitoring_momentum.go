package web

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"seedbed"
	"seedbed/chart"
	"seedbed/evaluation"
	"seedbed/i18n"
)

// momentumRow is one indicator behind a momentum score: its values in the window and its trend.
type momentumRow struct {
	Code     string             `json:"indicator"`
	Label    string             `json:"label"`
	Category string             `json:"category"`
	Unit     string             `json:"unit"`
	N        int                `json:"quarters"`
	Counted  bool               `json:"counted"`       // enough values to enter the score
	Growth   *float64           `json:"annual_growth"` // percent a year, e^(4·slope) − 1; null with too few quarters
	Last     float64            `json:"last"`
	Values   []evaluation.Point `json:"values"`
	Spark    chart.Sparkline    `json:"-"`
}

// GrowthText is the annual growth as the panel shows it ("+12%"), or "" when there is none.
func (r momentumRow) GrowthText() string {
	if r.Growth == nil {
		return ""
	}
	return fmt.Sprintf("%+.0f%%", *r.Growth)
}

// momentumView is an innovator's momentum with the series behind it, for reviewers and officers.
type momentumView struct {
	Lang        string                    `json:"-"`
	InnovatorID int64                     `json:"innovator_id"`
	Name        string                    `json:"name"`
	Result      evaluation.MomentumResult `json:"momentum"`
	Reason      seedbed.Label             `json:"reason"`
	Rows        []momentumRow             `json:"series"`
	Spark       chart.Sparkline           `json:"-"`
	// The score's percentile among innovators of the same field, when the population run measured
	// it at the same quarter (the innovator's monitoring page).
	FieldPercentile float64 `json:"field_percentile,omitempty"`
	FieldPeers      int     `json:"field_peers,omitempty"`
	Link            string  `json:"-"` // the innovator's monitoring page, when the viewer may open it
}

// T translates for the panel template, which runs outside a page.
func (v *momentumView) T(key string, args ...any) string { return i18n.T(v.Lang, key, args...) }

// ReasonText is the explanation in the panel's language.
func (v *momentumView) ReasonText() string { return v.Reason.In(v.Lang) }

// Reading reads the score against the flat line of 50, with the link to how it is computed.
func (v *momentumView) Reading() template.HTML {
	return readingHTML(v.Lang, evaluation.ReadMomentum(v.Result.Score), true)
}

// OK reports whether there is a score.
func (v *momentumView) OK() bool { return v.Result.Status == evaluation.StatusOK }

// momentumFor computes an innovator's momentum as of the quarter asOf (the last complete quarter
// before it applies) from its stored series, with every indicator of the window behind it.
func (s *Server) momentumFor(ctx context.Context, lang string, in *seedbed.Innovator, asOf evaluation.Quarter) (*momentumView, error) {
	params := s.Monitoring.Params().Evaluation.Momentum
	from := asOf.Add(1 - params.Window)
	obs, err := s.Monitoring.InnovatorObservations(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	p, err := evaluation.NewPanel([]int64{in.ID}, from, asOf)
	if err != nil {
		return nil, err
	}
	for _, o := range obs {
		if k, ok := evaluation.IndicatorIndex(o.Indicator); ok {
			p.Set(0, k, o.Period, o.Value)
		}
	}
	res, err := evaluation.Momentum(p, 0, asOf, params)
	if err != nil {
		return nil, err
	}
	v := &momentumView{Lang: lang, InnovatorID: in.ID, Name: in.Name, Result: res, Reason: res.Reason()}
	fits := evaluation.WindowFits(p, 0, from, asOf)
	for k, ind := range evaluation.Catalogue {
		if ind.Category == evaluation.NonTechnical || fits[k].N == 0 {
			continue
		}
		// Public funding and R&D spending enter the own-money component with any value in the window.
		counted := fits[k].N >= params.MinQuarters || (ind.Code == evaluation.PublicFunding && fits[k].N > 0)
		row := momentumRow{Code: ind.Code, Label: ind.Label.In(lang), Category: evaluation.Categories.Label(string(ind.Category)).In(lang),
			N: fits[k].N, Counted: counted, Values: p.Points(0, ind.Code, from, asOf)}
		if ind.Unit != evaluation.UnitCount {
			row.Unit = evaluation.Units.Label(ind.Unit).In(lang)
		}
		if fits[k].N >= params.MinQuarters {
			g := 100 * math.Expm1(4*fits[k].Slope)
			row.Growth = &g
		}
		for j := range row.Values {
			row.Values[j].Value = single(row.Values[j].Value)
		}
		if len(row.Values) > 0 {
			row.Last = row.Values[len(row.Values)-1].Value
		}
		row.Spark = chart.Sparkline{Title: row.Label, Values: seriesValues(p, 0, k, from, asOf), Lang: lang, ID: "mspark-" + ind.Code}
		v.Rows = append(v.Rows, row)
	}
	v.Spark = chart.Sparkline{Title: i18n.T(lang, "monitoring.spark_title", in.Name), Values: categoryIndex(p, 0, evaluation.Technical, from, asOf),
		Lang: lang, ID: "mspark-tech", Width: 160}
	return v, nil
}

var (
	momentumPanelOnce sync.Once
	momentumPanelTmpl *template.Template
	momentumPanelErr  error
)

// renderMomentumPanel renders the "momentum_panel" template of templates/momentum_panel.html.
func renderMomentumPanel(v *momentumView) (template.HTML, error) {
	momentumPanelOnce.Do(func() {
		momentumPanelTmpl, momentumPanelErr = template.New("momentum_panel.html").Funcs(templateFuncs()).ParseFS(templateFS, "templates/momentum_panel.html")
	})
	if momentumPanelErr != nil {
		return "", momentumPanelErr
	}
	var b bytes.Buffer
	if err := momentumPanelTmpl.ExecuteTemplate(&b, "momentum_panel", v); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

// momentumPanel renders an innovator's momentum as of the last complete quarter before asOf
// (zero asOf: before now), with the series behind it, as an HTML fragment for any page: the
// programs module puts it beside an application on the review page. It reports ENOTFOUND for an
// unknown innovator; the caller decides who may see it (reviewers of the application, officers,
// auditors, the applicant itself).
func (s *Server) momentumPanel(r *http.Request, innovatorID int64, asOf time.Time) (template.HTML, error) {
	c := ctxOf(r)
	in, err := s.Registry.Innovator(r.Context(), innovatorID)
	if err != nil {
		return "", err
	}
	q := s.lastCompleteQuarter()
	if !asOf.IsZero() {
		q = evaluation.QuarterOf(asOf.In(cst)).Add(-1)
	}
	v, err := s.momentumFor(r.Context(), c.Lang, in, q)
	if err != nil {
		return "", err
	}
	if seedbed.RoleCan(c.Actor.Role, seedbed.PermMonitorRead) || canWriteFor(c.Actor, innovatorID) {
		v.Link = "/innovators/" + itoa(innovatorID) + "/monitoring"
	}
	return renderMomentumPanel(v)
}

// apiMomentum returns an innovator's momentum as of a reference quarter (as_of, default the last
// complete quarter) with every component and the series behind it.
func (s *Server) apiMomentum(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.mayMomentum(r, c, id); err != nil {
		return err
	}
	q, err := queryQuarter(r, "as_of", s.lastCompleteQuarter())
	if err != nil {
		return err
	}
	if q > s.Monitoring.CurrentQuarter() {
		return seedbed.FieldError("as_of", seedbed.Label{Zh: "参照季度 %[1]s 在未来", En: "reference quarter %[2]s is in the future"}, q.Zh(), q)
	}
	in, err := s.Registry.Innovator(r.Context(), id)
	if err != nil {
		return err
	}
	v, err := s.momentumFor(r.Context(), c.Lang, in, q)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

// Component describes one momentum component in the panel's language.
func (v *momentumView) Component(c evaluation.Component) string {
	if c.Status != evaluation.StatusOK {
		return v.T("momentum.left_out")
	}
	return v.T("momentum.component", signedPct(100*math.Expm1(c.Growth)), c.Value, c.Weight)
}

// signedPct formats a percentage with its sign and no decimals.
func signedPct(x float64) string {
	if math.Abs(x) < 0.5 {
		return "0%"
	}
	s := strconv.FormatFloat(math.Round(x), 'f', 0, 64) + "%"
	if x > 0 {
		s = "+" + s
	}
	return s
}

// single rounds a value read back from a panel (single precision) to the shortest decimal that
// gives the same single-precision number, so 0.8 shows as 0.8, not 0.800000011920929.
func single(v float64) float64 {
	x, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', -1, 32), 64)
	if err != nil {
		return v
	}
	return x
}

// PublicSharePct is the public share of R&D spending in the window, in percent.
func (v *momentumView) PublicSharePct() string {
	return strconv.FormatFloat(100*v.Result.PublicShare, 'f', 0, 64)
}
