package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"seedbed"
	"seedbed/evaluation"
	"seedbed/i18n"
)

type outcomeFormData struct {
	AwardID, Kind, Value, Period, Evidence string
	Award                                  *seedbed.Award
	Kinds                                  []option
	Measures                               []option
	Awards                                 []pickChoice // the awards c may credit, by name
}

func (s *Server) outcomeForm(ctx context.Context, c *reqCtx, award *seedbed.Award, vals map[string]string) (outcomeFormData, error) {
	d := outcomeFormData{Award: award, AwardID: vals["award_id"], Kind: vals["kind"], Value: vals["value"], Period: vals["period"],
		Evidence: vals["evidence"]}
	for _, k := range evaluation.OutcomeKinds {
		d.Kinds = append(d.Kinds, option{Code: k.Code, Label: k.Label.In(c.Lang)})
		d.Measures = append(d.Measures, option{Code: k.Label.In(c.Lang), Label: k.Measure.In(c.Lang)})
	}
	var err error
	d.Awards, err = s.awardChoices(ctx, c, d.AwardID)
	return d, err
}

// outcomeNew shows the form that attributes an outcome to an award (?award=ID fills it in).
func (s *Server) outcomeNew(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := queryID(r, "award")
	if err != nil {
		return err
	}
	vals := map[string]string{"period": s.lastCompleteQuarter().String()}
	var aw *seedbed.Award
	if id != 0 {
		if aw, err = s.Programs.GetAward(r.Context(), id); err != nil {
			return err
		}
		if err := s.authorize(r, c, seedbed.PermMonitorWrite, aw.InnovatorID); err != nil {
			return err
		}
		vals["award_id"] = itoa(id)
	}
	d, err := s.outcomeForm(r.Context(), c, aw, vals)
	if err != nil {
		return err
	}
	return s.render(w, r, "impact_outcome", i18n.T(c.Lang, "impact.outcome.title"), d)
}

// outcomeCreate stores one outcome from the form; the store checks the award and the actor's
// right to report for it.
func (s *Server) outcomeCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	vals := map[string]string{}
	for _, k := range []string{"award_id", "kind", "value", "period", "evidence"} {
		vals[k] = strings.TrimSpace(f.Get(k))
	}
	var es seedbed.Errors
	o := evaluation.OutcomeRecord{Kind: vals["kind"], Evidence: vals["evidence"]}
	var err error
	if o.AwardID, err = strconv.ParseInt(vals["award_id"], 10, 64); err != nil || o.AwardID <= 0 {
		es = append(es, seedbed.FieldError("award_id", seedbed.Label{Zh: "请选择成果所属的资助", En: "choose the award the outcome belongs to"}))
	}
	if vals["value"] == "" {
		es = append(es, seedbed.FieldError("value", seedbed.Label{Zh: "请填写数值", En: "enter the value"}))
	} else if o.Value, err = strconv.ParseFloat(vals["value"], 64); err != nil {
		es = append(es, seedbed.FieldError("value", seedbed.Label{Zh: "应为数字，而不是 %q", En: "must be a number, not %q"}, vals["value"]))
	}
	if o.Period, err = evaluation.ParseQuarter(vals["period"]); err != nil {
		es = append(es, seedbed.FieldError("period", "%s", err))
	}
	if len(es) == 0 {
		if _, err := s.Monitoring.AddOutcomes(r.Context(), c.Actor, []evaluation.OutcomeRecord{o}); err != nil {
			if es = asErrors(err); es == nil {
				return err
			}
			for _, e := range es {
				e.Line = 0
			}
		}
	}
	if len(es) > 0 {
		var aw *seedbed.Award
		if o.AwardID > 0 {
			aw, _ = s.Programs.GetAward(r.Context(), o.AwardID)
			if aw != nil && !canWriteFor(c.Actor, aw.InnovatorID) {
				aw = nil
			}
		}
		d, err := s.outcomeForm(r.Context(), c, aw, vals)
		if err != nil {
			return err
		}
		return s.renderWithErrors(w, r, "impact_outcome", i18n.T(c.Lang, "impact.outcome.title"), d, es)
	}
	aw, err := s.Programs.GetAward(r.Context(), o.AwardID)
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/innovators/"+itoa(aw.InnovatorID)+"/monitoring", i18n.T(c.Lang, "impact.outcome.saved"))
}

// apiOutcome is one outcome as the API takes it; the period is text so that a bad one is
// reported with its row.
type apiOutcome struct {
	AwardID     int64  `json:"award_id"`
	InnovatorID int64  `json:"innovator_id"`
	Kind        string `json:"kind"`
	valuePeriod
	Evidence string `json:"evidence"`
}

type apiOutcomeBatch struct {
	Outcomes []apiOutcome `json:"outcomes"`
}

func (s *Server) apiOutcomeCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	var in apiOutcomeBatch
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	var es seedbed.Errors
	outs := make([]evaluation.OutcomeRecord, len(in.Outcomes))
	for i, o := range in.Outcomes {
		outs[i] = evaluation.OutcomeRecord{AwardID: o.AwardID, InnovatorID: o.InnovatorID, Kind: o.Kind, Evidence: o.Evidence}
		outs[i].Value, outs[i].Period = o.decode(i+1, &es)
	}
	if len(es) > 0 {
		return es
	}
	n, err := s.Monitoring.AddOutcomes(r.Context(), c.Actor, outs)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]int{"stored": n})
	return nil
}

func (s *Server) apiOutcomeList(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	var f evaluation.OutcomeFilter
	var err error
	if f.AwardID, err = queryID(r, "award_id"); err != nil {
		return err
	}
	if f.InnovatorID, err = queryID(r, "innovator_id"); err != nil {
		return err
	}
	q := r.URL.Query()
	pg, err := queryInt(q, "page", 1, 100000)
	if err != nil {
		return err
	}
	per, err := queryInt(q, "per_page", 100, 1000)
	if err != nil {
		return err
	}
	f.Offset, f.Limit = (pg-1)*per, per
	items, total, err := s.Monitoring.FindOutcomes(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listPage[evaluation.OutcomeRecord]{Total: total, Page: pg, Items: items})
	return nil
}
