package web

import (
	"net/http"
	"strconv"

	"seedbed"
	"seedbed/chart"
	"seedbed/i18n"
	"seedbed/sim/epistemic"
)

// epistemicCell is how many patches of the landscape one cell of the coverage map shows per side.
const epistemicCell = 3

type labEpistemicData struct {
	Study    epistemic.Study
	Res      *epistemic.StudyResult
	Progress string
	Follower string
	Both     string
	Coverage any
	OverTime any
}

// labEpistemic shows the Weisberg–Muldoon model's form and, when parameters are given, runs it
// and draws where the agents went. It computes and saves nothing.
func (s *Server) labEpistemic(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	q := r.URL.Query()
	st := epistemic.DefaultStudy()
	d := labEpistemicData{Study: st}
	title := i18n.T(c.Lang, "lab.epistemic.title")
	if !q.Has("followers") {
		return s.render(w, r, "lab_epistemic", title, d)
	}
	var es seedbed.Errors
	es = append(es, queryInts(q, map[string]*int{"controls": &st.Controls, "followers": &st.Followers, "mavericks": &st.Mavericks, "ticks": &st.Ticks, "seeds": &st.Seeds})...)
	es = append(es, queryUint64(q, "seed", &st.Seed)...)
	if v := q.Get("tie_break"); v != "" {
		st.TieBreak = v
	}
	d.Study = st
	if len(es) > 0 {
		return s.renderWithErrors(w, r, "lab_epistemic", title, d, es)
	}
	res, err := s.Lab.Epistemic(r.Context(), st)
	if err != nil {
		return s.renderWithErrors(w, r, "lab_epistemic", title, d, err)
	}
	d.Res = res
	d.Progress, d.Follower, d.Both = fmtNum(res.Progress), fmtNum(res.FollowerProgress), fmtNum(res.BothPeaksShare)
	d.Coverage = coverageChart(s.Lab.EpistemicLandscape(), res, c.Lang, i18n.T(c.Lang, "lab.epistemic.coverage")).Render()
	d.OverTime = progressChart(res, c.Lang, i18n.T(c.Lang, "lab.epistemic.over_time"), i18n.T(c.Lang, "lab.epistemic.progress")).Render()
	return s.render(w, r, "lab_epistemic", title, d)
}

// coverageChart draws the landscape in blocks of epistemicCell × epistemicCell patches: a block is
// shaded where the landscape is significant and coloured by the mean share of seeds in which its
// patches were visited.
func coverageChart(land *epistemic.Landscape, res *epistemic.StudyResult, lang, title string) chart.GridChart {
	n := (epistemic.Size + epistemicCell - 1) / epistemicCell
	g := chart.GridChart{Title: title, Cols: n, Rows: n, Values: make([]float64, n*n), Back: make([]float64, n*n),
		Cell: 3 * epistemicCell, Lang: lang, ID: "coverage"}
	counts := make([]float64, n*n)
	for p, sig := range land.Sig {
		row, col := p/epistemic.Size/epistemicCell, p%epistemic.Size/epistemicCell
		i := row*n + col
		counts[i]++
		g.Values[i] += res.Coverage[p]
		g.Back[i] = max(g.Back[i], sig)
	}
	for i := range g.Values {
		g.Values[i] /= counts[i]
	}
	return g
}

// progressChart draws coverage over time: the mean share of significant patches visited by the end
// of each tick, at no more than 100 points (every k-th tick, and always the last).
func progressChart(res *epistemic.StudyResult, lang, title, ylabel string) chart.LineChart {
	n := len(res.ProgressByTick)
	step := max(1, (n+99)/100)
	var labels []string
	var values []float64
	for t := step; ; t += step {
		t = min(t, n)
		labels = append(labels, strconv.Itoa(t))
		values = append(values, res.ProgressByTick[t-1])
		if t == n {
			break
		}
	}
	return chart.LineChart{Title: title, XLabels: labels, Series: []chart.Series{{Name: ylabel, Values: values}},
		YLabel: ylabel, Lang: lang, ID: "over-time"}
}
