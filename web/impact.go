package web

import (
	"net/http"
	"sort"
	"strconv"
	"time"

	"seedbed"
	"seedbed/chart"
	"seedbed/evaluation"
	"seedbed/i18n"
)

// awardImpactRow is one award with its impact and its best credited outcome.
type awardImpactRow struct {
	Award     seedbed.Award
	Score     evaluation.AwardScore
	Best      *evaluation.OutcomeRecord
	BestKind  string
	BestScore evaluation.OutcomeScore
	Cohort    int
}

// programImpactRow is one program's figures in the portfolio's table.
type programImpactRow struct {
	ID    int64
	Title string
	P     evaluation.Portfolio
}

type impactData struct {
	topFraction  float64 // the top share's fraction of awards, as TopPct in words
	ProgramID    int64
	ProgramTitle string
	P            evaluation.Portfolio
	Params       evaluation.ImpactParams
	Lorenz       chart.LorenzChart
	Pareto       chart.ParetoChart
	Timeline     chart.BarChart
	Top          []awardImpactRow
	Programs     []programImpactRow
	Outcomes     int
	ComputedAt   time.Time
	CanReport    bool
	TopPct       string
}

// buildImpact gathers the figures, charts and tables of a program (programID > 0) or of the
// whole portfolio.
func (s *Server) buildImpact(r *http.Request, c *reqCtx, sn *evaluation.MonitoringSnapshot, programID int64) impactData {
	d := impactData{ProgramID: programID, P: sn.Portfolio(programID), Params: sn.Params.Impact, ComputedAt: sn.ComputedAt,
		CanReport: seedbed.RoleCan(c.Actor.Role, seedbed.PermMonitorWrite), TopPct: strconv.FormatFloat(100*sn.Params.Impact.TopShare, 'f', -1, 64),
		topFraction: sn.Params.Impact.TopShare}
	var values []float64
	var labels []string
	keep := func(aw seedbed.Award) bool { return programID == 0 || aw.ProgramID == programID }
	progs := map[int64]string{}
	for j, aw := range sn.Awards {
		if !keep(aw) {
			continue
		}
		progs[aw.ProgramID] = aw.ProgramTitle
		if programID != 0 {
			d.ProgramTitle = aw.ProgramTitle
		}
		sc := sn.Impact.AwardScores[j]
		values = append(values, sc.Value)
		labels = append(labels, aw.InnovatorName)
		row := awardImpactRow{Award: aw, Score: sc, Cohort: sn.Impact.Awards[j].Cohort}
		if sc.Best >= 0 {
			o := sn.Outcomes[sc.Best]
			row.Best, row.BestScore = &o, sn.Impact.OutcomeScores[sc.Best]
			for _, k := range evaluation.OutcomeKinds {
				if k.Code == o.Kind {
					row.BestKind = k.Label.In(c.Lang)
				}
			}
		}
		d.Top = append(d.Top, row)
		d.Outcomes += sc.Outcomes
	}
	sort.SliceStable(d.Top, func(i, j int) bool {
		if d.Top[i].Score.Score != d.Top[j].Score.Score {
			return d.Top[i].Score.Score > d.Top[j].Score.Score
		}
		return d.Top[i].Award.ID < d.Top[j].Award.ID
	})
	if len(d.Top) > 25 {
		d.Top = d.Top[:25]
	}
	d.Lorenz = chart.LorenzChart{Title: i18n.T(c.Lang, "impact.lorenz"), Values: values, Lang: c.Lang, ID: "impact-lorenz"}
	d.Pareto = chart.ParetoChart{Title: i18n.T(c.Lang, "impact.pareto"), Labels: labels, Values: values,
		YLabel: i18n.T(c.Lang, "impact.value_axis"), Lang: c.Lang, ID: "impact-pareto"}
	byYear := map[int]int{}
	lo, hi := 0, 0
	for _, pc := range d.P.LandmarksByPeriod {
		y := pc.Period.Year()
		byYear[y] += pc.Landmarks
		if lo == 0 || y < lo {
			lo = y
		}
		hi = max(hi, y)
	}
	for _, aw := range sn.Awards {
		if keep(aw) {
			y := aw.AwardedAt.In(cst).Year()
			if lo == 0 || y < lo {
				lo = y
			}
		}
	}
	if hi < lo {
		hi = lo
	}
	tl := chart.BarChart{Title: i18n.T(c.Lang, "impact.timeline"), YLabel: i18n.T(c.Lang, "impact.landmarks_axis"), Lang: c.Lang, ID: "impact-timeline", Whole: true}
	for y := lo; lo > 0 && y <= hi; y++ {
		tl.Labels = append(tl.Labels, strconv.Itoa(y))
		tl.Values = append(tl.Values, float64(byYear[y]))
	}
	d.Timeline = tl
	if programID == 0 {
		ids := make([]int64, 0, len(progs))
		for id := range progs {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		for _, id := range ids {
			d.Programs = append(d.Programs, programImpactRow{ID: id, Title: progs[id], P: sn.Portfolio(id)})
		}
	}
	return d
}

// Pct formats a share as a percentage with one decimal.
// GiniReading reads the concentration of value across the awards.
func (d impactData) GiniReading() evaluation.Reading {
	top := d.P.TopShare
	if d.P.TopShareStatus != evaluation.StatusOK {
		top = 0
	}
	return evaluation.ReadConcentration(d.P.Gini, top, d.topFraction)
}

func (d impactData) Pct(x float64) string { return strconv.FormatFloat(100*x, 'f', 1, 64) + "%" }

func (s *Server) impactPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	sn, err := s.Monitoring.Snapshot(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, "impact", i18n.T(c.Lang, "impact.title"), s.buildImpact(r, c, sn, 0))
}

func (s *Server) impactProgramPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.Programs.GetProgram(r.Context(), id)
	if err != nil {
		return err
	}
	sn, err := s.Monitoring.Snapshot(r.Context())
	if err != nil {
		return err
	}
	d := s.buildImpact(r, c, sn, id)
	d.ProgramTitle = p.Title
	return s.render(w, r, "impact", i18n.T(c.Lang, "impact.program.title", p.Title), d)
}

// portfolioJSON is the API's portfolio: the evaluation's figures with the contract's names for
// the four headline numbers, and the settings they were computed with.
type portfolioJSON struct {
	ProgramID     int64  `json:"program_id,omitempty"`
	ProgramTitle  string `json:"program_title,omitempty"`
	LandmarkCount int    `json:"landmark_count"`
	// Top10Share is the share of total award value held by the top TopShareOf awards (10% by
	// default), also given as top_share.
	Top10Share  float64 `json:"top10_share"`
	TopShareOf  float64 `json:"top_share_of"`
	FundingUnit string  `json:"funding_unit"`
	evaluation.Portfolio
	Params     evaluation.ImpactParams `json:"params"`
	ComputedAt time.Time               `json:"computed_at"`
}

func newPortfolioJSON(sn *evaluation.MonitoringSnapshot, programID int64) portfolioJSON {
	pf := sn.Portfolio(programID)
	if pf.Lorenz == nil {
		pf.Lorenz = []evaluation.LorenzPoint{}
	}
	if pf.LandmarksByPeriod == nil {
		pf.LandmarksByPeriod = []evaluation.PeriodCount{}
	}
	return portfolioJSON{ProgramID: programID, LandmarkCount: pf.Landmarks, Top10Share: pf.TopShare, TopShareOf: sn.Params.Impact.TopShare,
		FundingUnit: "万元 (10,000 yuan)", Portfolio: pf, Params: sn.Params.Impact, ComputedAt: sn.ComputedAt}
}

func (s *Server) apiImpactPortfolio(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	sn, err := s.Monitoring.Snapshot(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newPortfolioJSON(sn, 0))
	return nil
}

func (s *Server) apiImpactProgram(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.Programs.GetProgram(r.Context(), id)
	if err != nil {
		return err
	}
	sn, err := s.Monitoring.Snapshot(r.Context())
	if err != nil {
		return err
	}
	out := newPortfolioJSON(sn, id)
	out.ProgramTitle = p.Title
	writeJSON(w, http.StatusOK, out)
	return nil
}
