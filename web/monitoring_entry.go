package web

import (
	"net/http"
	"strconv"
	"strings"

	"seedbed"
	"seedbed/evaluation"
	"seedbed/i18n"
)

// sourceFor is the source of values an actor enters by hand: the awardee files a progress report,
// anyone else enters as an officer.
func sourceFor(a seedbed.Actor) string {
	if a.Role == seedbed.RoleApplicant {
		return evaluation.SourceProgressReport
	}
	return evaluation.SourceOfficer
}

// reportField is one indicator of the progress report form.
type reportField struct {
	Indicator evaluation.Indicator
	Label     string
	Unit      string
	Value     string
	Stored    *evaluation.ObservationRecord // a value already stored for the quarter: corrected, not re-entered
}

type reportGroup struct {
	Category string
	Fields   []reportField
}

type reportData struct {
	In     *seedbed.Innovator
	Period string
	Source string
	Groups []reportGroup
}

// reportForm builds the form for a quarter, showing what is already stored for it.
func (s *Server) reportForm(r *http.Request, c *reqCtx, in *seedbed.Innovator, period string, values map[string]string) (reportData, error) {
	d := reportData{In: in, Period: period, Source: evaluation.Sources.Label(sourceFor(c.Actor)).In(c.Lang)}
	stored := map[string]*evaluation.ObservationRecord{}
	if q, err := evaluation.ParseQuarter(period); err == nil {
		obs, _, err := s.Monitoring.FindObservations(r.Context(), evaluation.ObservationFilter{InnovatorID: in.ID, From: q, To: q, Limit: 100})
		if err != nil {
			return d, err
		}
		for i := range obs {
			stored[obs[i].Indicator] = &obs[i]
		}
	}
	for _, cat := range evaluation.Categories {
		g := reportGroup{Category: cat.Label.In(c.Lang)}
		for _, ind := range evaluation.Catalogue {
			if string(ind.Category) == cat.Code {
				g.Fields = append(g.Fields, reportField{Indicator: ind, Label: ind.Label.In(c.Lang),
					Unit: evaluation.Units.Label(ind.Unit).In(c.Lang), Value: values[ind.Code], Stored: stored[ind.Code]})
			}
		}
		d.Groups = append(d.Groups, g)
	}
	return d, nil
}

// reportInnovator loads the {id} innovator after checking the actor may report for it.
func (s *Server) reportInnovator(r *http.Request, c *reqCtx) (*seedbed.Innovator, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	if err := s.authorize(r, c, seedbed.PermMonitorWrite, id); err != nil {
		return nil, err
	}
	return s.Registry.Innovator(r.Context(), id)
}

func (s *Server) reportPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	in, err := s.reportInnovator(r, c)
	if err != nil {
		return err
	}
	period := r.URL.Query().Get("period")
	if period == "" {
		period = s.lastCompleteQuarter().String()
	}
	d, err := s.reportForm(r, c, in, period, nil)
	if err != nil {
		return err
	}
	return s.render(w, r, "monitoring_report", i18n.T(c.Lang, "monitoring.report.title", in.Name), d)
}

// reportSave stores a progress report (or an officer's entry): one quarter, any indicators, all
// or nothing.
func (s *Server) reportSave(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	in, err := s.reportInnovator(r, c)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	title := i18n.T(c.Lang, "monitoring.report.title", in.Name)
	period := strings.TrimSpace(r.PostForm.Get("period"))
	values := map[string]string{}
	var es seedbed.Errors
	q, perr := evaluation.ParseQuarter(period)
	if perr != nil {
		es = append(es, seedbed.FieldError("period", "%s", perr))
	}
	var obs []evaluation.Observation
	var codes []string
	for _, ind := range evaluation.Catalogue {
		v := strings.TrimSpace(r.PostForm.Get("v-" + ind.Code))
		if v == "" {
			continue
		}
		values[ind.Code] = v
		x, err := strconv.ParseFloat(strings.ReplaceAll(v, ",", ""), 64)
		if err != nil {
			es = append(es, seedbed.FieldError("v-"+ind.Code, seedbed.Label{Zh: "%s：应为数字，而不是 %q", En: "%s: must be a number, not %q"}, ind.Label, v))
			continue
		}
		obs = append(obs, evaluation.Observation{InnovatorID: in.ID, Indicator: ind.Code, Period: q, Value: x, Source: sourceFor(c.Actor)})
		codes = append(codes, ind.Code)
	}
	if len(values) == 0 {
		es = append(es, seedbed.FieldError("period", seedbed.Label{Zh: "请至少填写一项指标", En: "enter at least one value"}))
	}
	var n int
	if len(es) == 0 {
		n, err = s.Monitoring.AddObservations(r.Context(), c.Actor, obs)
		if err != nil {
			if es = asErrors(err); es == nil {
				return err
			}
			// Point each row's problem at its input: the form has no lines.
			for _, e := range es {
				if e.Line >= 1 && e.Line <= len(codes) && e.Field != "period" {
					ind, _ := evaluation.LookupIndicator(codes[e.Line-1])
					e.Field = "v-" + ind.Code
					msg := e.Messages()
					e.Text, e.Args = seedbed.Label{Zh: "%s：%s", En: "%s: %s"}, []any{ind.Label, msg}
				}
				e.Line = 0
			}
		}
	}
	if len(es) > 0 {
		d, err := s.reportForm(r, c, in, period, values)
		if err != nil {
			return err
		}
		status := es
		return s.renderWithErrors(w, r, "monitoring_report", title, d, dedupe(status))
	}
	return s.redirect(w, r, "/innovators/"+itoa(in.ID)+"/monitoring", i18n.T(c.Lang, "monitoring.report.saved", n, q.String()))
}

// dedupe drops repeated identical messages about one field (a period problem is reported once
// per row by the batch check).
func dedupe(es seedbed.Errors) seedbed.Errors {
	seen := map[string]bool{}
	var out seedbed.Errors
	for _, e := range es {
		k := e.Field + "\x00" + e.Error()
		if !seen[k] {
			seen[k] = true
			out = append(out, e)
		}
	}
	return out
}

type correctionData struct {
	Obs       *evaluation.ObservationRecord
	Indicator evaluation.Indicator
	Label     string
	Unit      string
	History   []evaluation.CorrectionRecord
	Value     string
	Reason    string
}

// correctionTarget loads the {id} observation after checking the actor may correct it.
func (s *Server) correctionTarget(r *http.Request, c *reqCtx) (*evaluation.ObservationRecord, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	o, err := s.Monitoring.GetObservation(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if err := s.authorize(r, c, seedbed.PermMonitorWrite, o.InnovatorID); err != nil {
		return nil, err
	}
	return o, nil
}

func (s *Server) correctionForm(r *http.Request, c *reqCtx, o *evaluation.ObservationRecord, value, reason string) (correctionData, error) {
	ind, _ := evaluation.LookupIndicator(o.Indicator)
	hist, err := s.Monitoring.ObservationHistory(r.Context(), o.ID)
	return correctionData{Obs: o, Indicator: ind, Label: ind.Label.In(c.Lang), Unit: evaluation.Units.Label(ind.Unit).In(c.Lang),
		History: hist, Value: value, Reason: reason}, err
}

func (s *Server) correctionPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	o, err := s.correctionTarget(r, c)
	if err != nil {
		return err
	}
	d, err := s.correctionForm(r, c, o, strconv.FormatFloat(o.Value, 'f', -1, 64), "")
	if err != nil {
		return err
	}
	return s.render(w, r, "monitoring_correct", i18n.T(c.Lang, "monitoring.correct.title"), d)
}

func (s *Server) correctionSave(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	o, err := s.correctionTarget(r, c)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	value, reason := strings.TrimSpace(f.Get("value")), f.Get("reason")
	version, verr := strconv.Atoi(f.Get("version"))
	x, xerr := strconv.ParseFloat(value, 64)
	switch {
	case xerr != nil:
		err = seedbed.FieldError("value", seedbed.Label{Zh: "应为数字，而不是 %q", En: "must be a number, not %q"}, value)
	case verr != nil:
		err = seedbed.FieldError("version", seedbed.Label{Zh: "缺少版本号", En: "the version is missing"})
	default:
		_, err = s.Monitoring.CorrectObservation(r.Context(), c.Actor, o.ID, evaluation.Correction{Value: x, Reason: reason, Version: version})
	}
	if err != nil {
		if asErrors(err) == nil || seedbed.ErrorCode(err) == seedbed.EFORBIDDEN {
			return err
		}
		d, derr := s.correctionForm(r, c, o, value, reason)
		if derr != nil {
			return derr
		}
		return s.renderWithErrors(w, r, "monitoring_correct", i18n.T(c.Lang, "monitoring.correct.title"), d, err)
	}
	return s.redirect(w, r, "/innovators/"+itoa(o.InnovatorID)+"/monitoring", i18n.T(c.Lang, "monitoring.correct.saved"))
}

// apiObservation is one value as the API takes it; the period is text so that a bad one is
// reported with its row.
type apiObservation struct {
	InnovatorID int64  `json:"innovator_id"`
	Indicator   string `json:"indicator"`
	valuePeriod
	Unit   string `json:"unit"`
	Source string `json:"source"`
}

type apiObservationBatch struct {
	Observations []apiObservation `json:"observations"`
}

// apiObservationsAdd stores a batch of values, all or nothing; problems come back with their
// 1-based row in "details".
func (s *Server) apiObservationsAdd(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	var in apiObservationBatch
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	var es seedbed.Errors
	obs := make([]evaluation.Observation, len(in.Observations))
	for i, o := range in.Observations {
		obs[i] = evaluation.Observation{InnovatorID: o.InnovatorID, Indicator: o.Indicator, Unit: o.Unit, Source: o.Source, Line: i + 1}
		if obs[i].Source == "" {
			obs[i].Source = evaluation.SourceAPI
		}
		obs[i].Value, obs[i].Period = o.decode(i+1, &es)
	}
	if len(es) > 0 {
		return es
	}
	n, err := s.Monitoring.AddObservations(r.Context(), c.Actor, obs)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]int{"stored": n})
	return nil
}

func (s *Server) apiObservationCorrect(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	o, err := s.correctionTarget(r, c)
	if err != nil {
		return err
	}
	var in evaluation.Correction
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	out, err := s.Monitoring.CorrectObservation(r.Context(), c.Actor, o.ID, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
