package web

import (
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"time"

	"seedbed"
	"seedbed/chart"
	"seedbed/evaluation"
	"seedbed/i18n"
)

// flagFilter reads the flag list's filters from the query string.
func flagFilter(r *http.Request) (seedbed.FlagFilter, int, error) {
	q := r.URL.Query()
	f := seedbed.FlagFilter{Status: q.Get("status"), ActiveOnly: q.Get("active") == "1"}
	var err error
	if f.InnovatorID, err = queryID(r, "innovator_id"); err != nil {
		return f, 0, err
	}
	if f.AwardID, err = queryID(r, "award_id"); err != nil {
		return f, 0, err
	}
	if f.ProgramID, err = queryID(r, "program_id"); err != nil {
		return f, 0, err
	}
	if err := f.Validate(); err != nil {
		return f, 0, err
	}
	pg, off, lim, o, err := readListParams(q, seedbed.FlagSorts, pageSize, 200)
	if err != nil {
		return f, 0, err
	}
	f.Offset, f.Limit, f.Order = off, lim, o
	return f, pg, nil
}

// assessmentOf decodes the assessment stored with a flag.
func assessmentOf(f *seedbed.Flag) evaluation.ComplacencyResult {
	var a evaluation.ComplacencyResult
	_ = json.Unmarshal(f.Assessment, &a) // written by the store from this type; a bad row shows as empty
	return a
}

type flagRow struct {
	seedbed.Flag
	Reason string
	Spark  chart.Sparkline
}

type flagListData struct {
	listView
	Items                      []flagRow
	Filter                     seedbed.FlagFilter
	Open, Assessed, NotEnough  int
	Awardees                   int
	ComputedAt                 time.Time
	Elapsed                    string
	Snapshot                   *evaluation.MonitoringSnapshot
	CanResolve, CanImport, Any bool
	// Stale is set when awards or the registry changed since the stored flags were computed:
	// the list shows them as stored, and an officer may recompute them.
	Stale bool
}

// flagList is the officers' list of the stored complacency flags. It writes nothing: the flags
// are recomputed when the data are written, or on request (flagRecompute).
func (s *Server) flagList(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	title := i18n.T(c.Lang, "monitoring.flags.title")
	f, pg, err := flagFilter(r)
	if err != nil {
		return s.renderWithErrors(w, r, "monitoring_flags", title, flagListData{listView: emptyListView}, err)
	}
	sn, err := s.Monitoring.Snapshot(r.Context())
	if err != nil {
		return err
	}
	flagsKey, err := s.Monitoring.FlagsKey(r.Context())
	if err != nil {
		return err
	}
	items, total, err := s.Monitoring.FindFlags(r.Context(), f)
	if err != nil {
		return err
	}
	open, err := s.Monitoring.CountFlags(r.Context(), seedbed.FlagFilter{Status: seedbed.FlagOpen, ActiveOnly: true})
	if err != nil {
		return err
	}
	d := flagListData{listView: newListView(pg, f.Limit, total, f.Order), Filter: f, Open: open, ComputedAt: sn.ComputedAt, Snapshot: sn, Stale: flagsKey != sn.Key,
		Elapsed:    sn.Elapsed.Round(time.Millisecond).String(),
		CanResolve: seedbed.RoleCan(c.Actor.Role, seedbed.PermProgramManage), CanImport: seedbed.RoleCan(c.Actor.Role, seedbed.PermMonitorWrite)}
	d.Assessed, d.NotEnough = sn.Assessed, sn.NotEnoughData // counted once per snapshot
	d.Awardees = d.Assessed + d.NotEnough
	for _, fl := range items {
		a := assessmentOf(&fl)
		row := flagRow{Flag: fl, Reason: fl.Reason.In(c.Lang)}
		if i, ok := sn.Population.Panel.Row(fl.InnovatorID); ok && a.PreFrom != 0 {
			row.Spark = chart.Sparkline{Title: i18n.T(c.Lang, "monitoring.spark_title", fl.InnovatorName),
				Values: categoryIndex(sn.Population.Panel, i, evaluation.Technical, a.PreFrom, a.PostTo), Lang: c.Lang,
				ID: "spark-" + itoa(fl.ID), Width: 140}
		}
		d.Items = append(d.Items, row)
	}
	return s.render(w, r, "monitoring_flags", title, d)
}

// flagView is a flag with everything its detail page shows.
type flagView struct {
	Flag       *seedbed.Flag
	A          evaluation.ComplacencyResult
	Reason     string
	Award      *seedbed.Award
	Tech       chart.LineChart
	NonTech    chart.LineChart
	Groups     []indicatorGroup
	Controls   []evaluation.MonitoredInnovator
	Current    *evaluation.ComplacencyResult // the assessment on today's data, when it differs
	CanResolve bool
	// Gate is what the resolve button may do for the viewer: nothing while a resolution
	// proposed earlier on the same award awaits a second officer.
	Gate       seedbed.ProposalGate
	Resolution string
}

// Growth formats a slope in log points per quarter as percent growth per quarter.
func (v *flagView) Growth(slope float64) string {
	x := 100 * math.Expm1(slope)
	out := strconv.FormatFloat(x, 'f', 1, 64) + "%"
	if out == "-0.0%" || out == "0.0%" {
		return "0.0%"
	}
	if x > 0 {
		out = "+" + out
	}
	return out
}

// DiDReading reads the difference-in-differences as a difference in quarterly growth.
func (v *flagView) DiDReading() evaluation.Reading { return evaluation.ReadDiD(v.A.DiD, v.A.SE) }

// NonTechRise formats the rise of non-technical activity from before to after the award.
func (v *flagView) NonTechRise() string { return signedPct(100 * v.A.NonTechRise) }

func (s *Server) buildFlagView(r *http.Request, c *reqCtx, id int64) (*flagView, error) {
	f, err := s.Monitoring.GetFlag(r.Context(), id)
	if err != nil {
		return nil, err
	}
	sn, err := s.Monitoring.Snapshot(r.Context())
	if err != nil {
		return nil, err
	}
	v := &flagView{Flag: f, A: assessmentOf(f), Reason: f.Reason.In(c.Lang),
		CanResolve: f.Status == seedbed.FlagOpen && seedbed.RoleCan(c.Actor.Role, seedbed.PermProgramManage)}
	if v.CanResolve {
		if v.Gate, err = s.Monitoring.FlagGate(r.Context(), c.Actor, f); err != nil {
			return nil, err
		}
	}
	if aw, ok := sn.FirstAward(f.InnovatorID); ok {
		v.Award = aw
	}
	if cur, ok := sn.Complacency(f.InnovatorID); ok && cur.FlagKey() != f.Key {
		v.Current = &cur
	}
	for _, cid := range v.A.ControlIDs {
		if in, ok := sn.Innovators[cid]; ok {
			v.Controls = append(v.Controls, in)
		}
	}
	p := sn.Population.Panel
	i, ok := p.Row(f.InnovatorID)
	if !ok || v.A.PreFrom == 0 {
		return v, nil
	}
	from, to := v.A.PreFrom, v.A.PostTo
	labels := quarterLabels(from, to)
	markers := awardMarkers([]evaluation.Quarter{v.A.Award}, from, to, c.Lang)
	bands := []chart.Band{{From: 0, To: int(v.A.PreTo - from), Label: i18n.T(c.Lang, "monitoring.window_pre")},
		{From: int(v.A.PostFrom - from), To: int(to - from), Label: i18n.T(c.Lang, "monitoring.window_post")}}
	series := []chart.Series{{Name: f.InnovatorName, Values: categoryIndex(p, i, evaluation.Technical, from, to)}}
	var controls [][]float64
	for _, cid := range v.A.ControlIDs {
		if j, ok := p.Row(cid); ok {
			controls = append(controls, categoryIndex(p, j, evaluation.Technical, from, to))
		}
	}
	if len(controls) > 0 {
		series = append(series, chart.Series{Name: i18n.T(c.Lang, "monitoring.controls_mean", len(controls)), Values: meanSeries(controls)})
	}
	v.Tech = chart.LineChart{Title: i18n.T(c.Lang, "monitoring.chart_tech"), XLabels: labels, Series: series, Markers: markers,
		Bands: bands, YLabel: "ln(1+x)", FitY: true, Lang: c.Lang, ID: "flag-tech"}
	v.NonTech = chart.LineChart{Title: i18n.T(c.Lang, "monitoring.chart_nontech"), XLabels: labels,
		Series:  []chart.Series{{Name: f.InnovatorName, Values: categorySum(p, i, evaluation.NonTechnical, from, to)}},
		Markers: markers, Bands: bands, YLabel: i18n.T(c.Lang, "monitoring.unit_count"), Lang: c.Lang, ID: "flag-nontech"}
	v.Groups = indicatorCharts(c.Lang, p, i, from, to, []evaluation.Quarter{v.A.Award})
	return v, nil
}

func (s *Server) flagShow(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.buildFlagView(r, c, id)
	if err != nil {
		return err
	}
	return s.render(w, r, "monitoring_flag", i18n.T(c.Lang, "monitoring.flag.title", v.Flag.InnovatorName), v)
}

func (s *Server) flagResolve(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	res := seedbed.FlagResolution{Resolution: r.PostForm.Get("resolution")}
	if _, err := s.Monitoring.ResolveFlag(r.Context(), c.Actor, id, res); err != nil {
		if asErrors(err) == nil || seedbed.ErrorCode(err) == seedbed.ENOTFOUND {
			return err
		}
		v, verr := s.buildFlagView(r, c, id)
		if verr != nil {
			return verr
		}
		v.Resolution = res.Resolution
		return s.renderWithErrors(w, r, "monitoring_flag", i18n.T(c.Lang, "monitoring.flag.title", v.Flag.InnovatorName), v, err)
	}
	return s.redirect(w, r, "/monitoring/flags/"+itoa(id), i18n.T(c.Lang, "monitoring.flag.resolved"))
}

// flagItem is a flag as the API lists it: its innovator, award and reason first.
type flagItem struct {
	ID                     int64           `json:"id"`
	Key                    string          `json:"key"`
	Innovator              flagInnovator   `json:"innovator"`
	InnovatorID            int64           `json:"innovator_id"`
	Award                  flagAward       `json:"award"`
	AwardID                int64           `json:"award_id"`
	Reason                 string          `json:"reason"` // in the request's language
	ReasonZh               string          `json:"reason_zh"`
	ReasonEn               string          `json:"reason_en"`
	Status                 string          `json:"status"`
	Active                 bool            `json:"active"`
	RelativeDecline        bool            `json:"relative_decline"`
	StallWithNonTechGrowth bool            `json:"stall_with_non_tech_growth"`
	Z                      float64         `json:"z"`
	PostTo                 string          `json:"post_to"`
	RaisedAt               time.Time       `json:"raised_at"`
	Resolution             string          `json:"resolution,omitempty"`
	ResolvedBy             string          `json:"resolved_by,omitempty"`
	ResolvedAt             *time.Time      `json:"resolved_at,omitempty"`
	Assessment             json.RawMessage `json:"assessment,omitempty"`
}

type flagInnovator struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

type flagAward struct {
	ID        int64  `json:"id"`
	ProgramID int64  `json:"program_id"`
	Quarter   string `json:"quarter"`
}

func newFlagItem(f seedbed.Flag, lang string, full bool) flagItem {
	it := flagItem{ID: f.ID, Key: f.Key, Innovator: flagInnovator{f.InnovatorID, f.InnovatorName}, InnovatorID: f.InnovatorID,
		Award: flagAward{f.AwardID, f.ProgramID, f.AwardQuarter}, AwardID: f.AwardID, Reason: f.Reason.In(lang),
		ReasonZh: f.Reason.Zh, ReasonEn: f.Reason.En, Status: f.Status, Active: f.Active, RelativeDecline: f.RelativeDecline,
		StallWithNonTechGrowth: f.StallWithNonTechGrowth, Z: f.Z, PostTo: f.PostTo, RaisedAt: f.RaisedAt,
		Resolution: f.Resolution, ResolvedBy: f.ResolvedBy, ResolvedAt: f.ResolvedAt}
	if full {
		it.Assessment = f.Assessment
	}
	return it
}

func (s *Server) apiFlagList(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	f, pg, err := flagFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.Monitoring.FindFlags(r.Context(), f)
	if err != nil {
		return err
	}
	out := listPage[flagItem]{Total: total, Page: pg, Items: make([]flagItem, 0, len(items))}
	for _, fl := range items {
		out.Items = append(out.Items, newFlagItem(fl, c.Lang, false))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiFlagGet(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := s.Monitoring.GetFlag(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newFlagItem(*f, c.Lang, true))
	return nil
}

func (s *Server) apiFlagResolve(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var res seedbed.FlagResolution
	if err := decodeJSON(w, r, &res); err != nil {
		return err
	}
	f, err := s.Monitoring.ResolveFlag(r.Context(), c.Actor, id, res)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newFlagItem(*f, c.Lang, true))
	return nil
}

// flagRecompute recomputes the complacency flags from the current data on an officer's request.
func (s *Server) flagRecompute(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	run, err := s.Monitoring.RecomputeFlags(r.Context(), c.Actor)
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/monitoring", i18n.T(c.Lang, "monitoring.flags.recomputed", run.Flagged, run.Raised, run.Cleared))
}

func (s *Server) apiFlagRecompute(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	run, err := s.Monitoring.RecomputeFlags(r.Context(), c.Actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, run)
	return nil
}
