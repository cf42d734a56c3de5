package web

import (
	"html/template"
	"net/http"

	"seedbed"
	"seedbed/evaluation"
	"seedbed/i18n"
)

// innovatorAward is one award of an innovator with its impact.
type innovatorAward struct {
	Award   seedbed.Award
	Quarter evaluation.Quarter
	Score   evaluation.AwardScore
	Scored  bool
}

// seriesCell is one value of the observation table, with its record for corrections.
type seriesCell struct {
	ID      int64
	Value   float64
	Source  string
	Version int
	Has     bool
}

// seriesTable is the innovator's values as quarters × indicators: the accessible twin of the
// charts, and where corrections start.
type seriesTable struct {
	Indicators []evaluation.Indicator
	Rows       []seriesTableRow
}

type seriesTableRow struct {
	Period evaluation.Quarter
	Cells  []seriesCell
}

type innovatorMonitoringData struct {
	In          *seedbed.Innovator
	Momentum    template.HTML
	Complacency *evaluation.ComplacencyResult
	Reason      string
	Flags       []seedbed.Flag
	Awards      []innovatorAward
	Outcomes    []evaluation.OutcomeRecord
	Groups      []indicatorGroup
	Table       seriesTable
	From, To    evaluation.Quarter
	CanWrite    bool
	HasData     bool
}

// innovatorMonitoring is an innovator's monitoring page: momentum, the complacency assessment
// with its flags, awards with their impact, and every series with the award dates marked.
func (s *Server) innovatorMonitoring(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	in, sn, err := s.monitoredInnovator(r, c)
	if err != nil {
		return err
	}
	id, ctx := in.ID, r.Context()
	d := innovatorMonitoringData{In: in, CanWrite: canWriteFor(c.Actor, id)}
	mv, err := s.momentumFor(ctx, c.Lang, in, s.lastCompleteQuarter())
	if err != nil {
		return err
	}
	if m, ok := sn.Momentum(id); ok && m.Status == evaluation.StatusOK && m.To == mv.Result.To {
		mv.FieldPercentile, mv.FieldPeers = m.FieldPercentile, m.FieldPeers
	}
	if d.Momentum, err = renderMomentumPanel(mv); err != nil {
		return err
	}
	if cr, ok := sn.Complacency(id); ok && cr.Status != evaluation.StatusNotAwarded {
		d.Complacency, d.Reason = &cr, cr.Reason().In(c.Lang)
	}
	if d.Flags, _, err = s.Monitoring.FindFlags(ctx, seedbed.FlagFilter{InnovatorID: id, Limit: 100}); err != nil {
		return err
	}
	var awardQs []evaluation.Quarter
	for _, aw := range sn.Awards {
		if aw.InnovatorID != id {
			continue
		}
		ia := innovatorAward{Award: aw, Quarter: evaluation.QuarterOf(aw.AwardedAt.In(cst))}
		ia.Score, ia.Scored = sn.AwardScore(aw.ID)
		d.Awards = append(d.Awards, ia)
		awardQs = append(awardQs, ia.Quarter)
	}
	if d.Outcomes, _, err = s.Monitoring.FindOutcomes(ctx, evaluation.OutcomeFilter{InnovatorID: id, Limit: 200}); err != nil {
		return err
	}
	obs, err := s.Monitoring.InnovatorObservations(ctx, id)
	if err != nil {
		return err
	}
	if i, ok := sn.Population.Panel.Row(id); ok && len(obs) > 0 {
		d.HasData = true
		lo, hi := obs[0].Period, obs[0].Period
		for _, o := range obs {
			lo, hi = min(lo, o.Period), max(hi, o.Period)
		}
		d.From, d.To = max(lo, hi.Add(-39)), hi
		d.Groups = indicatorCharts(c.Lang, sn.Population.Panel, i, d.From, d.To, awardQs)
		d.Table = buildSeriesTable(obs, d.From, d.To)
	}
	return s.render(w, r, "monitoring_innovator", i18n.T(c.Lang, "monitoring.innovator.title", in.Name), d)
}

// buildSeriesTable arranges observations as quarters (newest first) × the indicators reported.
func buildSeriesTable(obs []evaluation.ObservationRecord, from, to evaluation.Quarter) seriesTable {
	used := map[string]bool{}
	for _, o := range obs {
		used[o.Indicator] = true
	}
	var t seriesTable
	col := map[string]int{}
	for _, ind := range evaluation.Catalogue {
		if used[ind.Code] {
			col[ind.Code] = len(t.Indicators)
			t.Indicators = append(t.Indicators, ind)
		}
	}
	for q := to; q >= from; q-- {
		t.Rows = append(t.Rows, seriesTableRow{Period: q, Cells: make([]seriesCell, len(t.Indicators))})
	}
	for _, o := range obs {
		if o.Period < from || o.Period > to {
			continue
		}
		t.Rows[int(to-o.Period)].Cells[col[o.Indicator]] = seriesCell{ID: o.ID, Value: o.Value, Source: o.Source, Version: o.Version, Has: true}
	}
	return t
}

// monitoringSummary is an innovator's monitoring as the API returns it.
type monitoringSummary struct {
	InnovatorID int64                         `json:"innovator_id"`
	Name        string                        `json:"name"`
	Momentum    *momentumView                 `json:"momentum"`
	Complacency *complacencyJSON              `json:"complacency"`
	Reason      *seedbed.Label                `json:"complacency_reason,omitempty"`
	Flags       []flagItem                    `json:"flags"`
	Awards      []monitoringAward             `json:"awards"`
	Series      map[string][]evaluation.Point `json:"series"`
}

type monitoringAward struct {
	ID        int64                 `json:"id"`
	ProgramID int64                 `json:"program_id"`
	Quarter   evaluation.Quarter    `json:"quarter"`
	Amount    int64                 `json:"amount"`
	Impact    evaluation.AwardScore `json:"impact"`
}

func (s *Server) apiInnovatorMonitoring(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	in, sn, err := s.monitoredInnovator(r, c)
	if err != nil {
		return err
	}
	id, ctx := in.ID, r.Context()
	out := monitoringSummary{InnovatorID: id, Name: in.Name, Flags: []flagItem{}, Awards: []monitoringAward{}, Series: map[string][]evaluation.Point{}}
	if out.Momentum, err = s.momentumFor(ctx, c.Lang, in, s.lastCompleteQuarter()); err != nil {
		return err
	}
	if cr, ok := sn.Complacency(id); ok {
		reason := cr.Reason()
		out.Complacency, out.Reason = &complacencyJSON{cr}, &reason
	}
	flags, _, err := s.Monitoring.FindFlags(ctx, seedbed.FlagFilter{InnovatorID: id, Limit: 100})
	if err != nil {
		return err
	}
	for _, f := range flags {
		out.Flags = append(out.Flags, newFlagItem(f, c.Lang, false))
	}
	for _, aw := range sn.Awards {
		if aw.InnovatorID == id {
			sc, _ := sn.AwardScore(aw.ID)
			out.Awards = append(out.Awards, monitoringAward{ID: aw.ID, ProgramID: aw.ProgramID,
				Quarter: evaluation.QuarterOf(aw.AwardedAt.In(cst)), Amount: aw.Amount, Impact: sc})
		}
	}
	obs, err := s.Monitoring.InnovatorObservations(ctx, id)
	if err != nil {
		return err
	}
	for _, o := range obs {
		out.Series[o.Indicator] = append(out.Series[o.Indicator], evaluation.Point{Period: o.Period, Value: o.Value})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiInnovatorObservations(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.mayMonitor(r, c, id); err != nil {
		return err
	}
	q := r.URL.Query()
	f := evaluation.ObservationFilter{InnovatorID: id, Indicator: q.Get("indicator")}
	if f.Indicator != "" {
		if _, ok := evaluation.LookupIndicator(f.Indicator); !ok {
			return seedbed.FieldError("indicator", seedbed.Label{Zh: "未知的指标 %q", En: "unknown indicator %q"}, f.Indicator)
		}
	}
	if f.From, err = queryQuarter(r, "from", 0); err != nil {
		return err
	}
	if f.To, err = queryQuarter(r, "to", 0); err != nil {
		return err
	}
	pg, err := queryInt(q, "page", 1, 100000)
	if err != nil {
		return err
	}
	per, err := queryInt(q, "per_page", 1000, 5000)
	if err != nil {
		return err
	}
	f.Offset, f.Limit = (pg-1)*per, per
	items, total, err := s.Monitoring.FindObservations(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listPage[evaluation.ObservationRecord]{Total: total, Page: pg, Items: items})
	return nil
}

// monitoredInnovator loads the {id} innovator, after checking the actor may see its
// monitoring, and the current monitoring snapshot.
func (s *Server) monitoredInnovator(r *http.Request, c *reqCtx) (*seedbed.Innovator, *evaluation.MonitoringSnapshot, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, nil, err
	}
	if err := s.mayMonitor(r, c, id); err != nil {
		return nil, nil, err
	}
	in, err := s.Registry.Innovator(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	sn, err := s.Monitoring.Snapshot(r.Context())
	if err != nil {
		return nil, nil, err
	}
	return in, sn, nil
}
