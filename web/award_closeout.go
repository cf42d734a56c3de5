package web

import (
	"net/http"
	"strconv"
	"strings"

	"seedbed"
	"seedbed/evaluation"
)

// awardCloseoutRoutes lists the routes that end an award's life: closeout with a final
// assessment, and early termination.
func (s *Server) awardCloseoutRoutes() []route {
	return []route{
		ui("POST", "/awards/{id}/closeout", seedbed.PermProgramManage, s.awardCloseout),
		ui("POST", "/awards/{id}/terminate", seedbed.PermProgramManage, s.awardTerminate),
		api("POST", "/api/v1/awards/{id}/closeout", seedbed.PermProgramManage, s.apiAwardCloseout),
		api("POST", "/api/v1/awards/{id}/terminate", seedbed.PermProgramManage, s.apiAwardTerminate),
	}
}

// closeoutForm reads the closeout form: the assessment and, when its kind is chosen, one outcome.
func closeoutForm(r *http.Request) (seedbed.CloseoutInput, []evaluation.OutcomeRecord, error) {
	f := r.PostForm
	in := seedbed.CloseoutInput{Rating: f.Get("rating"), Summary: f.Get("summary")}
	kind := strings.TrimSpace(f.Get("outcome_kind"))
	if kind == "" {
		return in, nil, nil
	}
	o := evaluation.OutcomeRecord{Kind: kind, Evidence: strings.TrimSpace(f.Get("outcome_evidence"))}
	var es seedbed.Errors
	v, err := strconv.ParseFloat(strings.TrimSpace(f.Get("outcome_value")), 64)
	if err != nil {
		es = append(es, seedbed.FieldError("outcome_value", seedbed.Label{Zh: "成果数值应为数字", En: "the outcome's value must be a number"}))
	}
	o.Value = v
	if o.Period, err = evaluation.ParseQuarter(strings.TrimSpace(f.Get("outcome_period"))); err != nil {
		es = append(es, seedbed.FieldError("outcome_period", "%s", err))
	}
	if len(es) > 0 {
		return in, nil, es
	}
	return in, []evaluation.OutcomeRecord{o}, nil
}

func (s *Server) awardCloseout(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	aw, _, err := s.awardFor(r, c)
	if err != nil {
		return err
	}
	return s.awardFormAction(w, r, c, aw, func() error {
		in, outs, err := closeoutForm(r)
		if err != nil {
			return err
		}
		_, err = s.Programs.CloseOut(r.Context(), c.Actor, aw.ID, in, outs)
		return err
	}, "closeout.done")
}

func (s *Server) awardTerminate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	aw, _, err := s.awardFor(r, c)
	if err != nil {
		return err
	}
	return s.awardFormAction(w, r, c, aw, func() error {
		_, err := s.Programs.Terminate(r.Context(), c.Actor, aw.ID, seedbed.TerminationInput{Reason: r.PostForm.Get("reason"), Account: r.PostForm.Get("account")})
		return err
	}, "terminate.done")
}

// closeoutBody is the API's closeout: the assessment and the outcomes it confirms.
type closeoutBody struct {
	Rating   string       `json:"rating"`
	Summary  string       `json:"summary"`
	Outcomes []apiOutcome `json:"outcomes"`
}

func (s *Server) apiAwardCloseout(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	aw, _, err := s.awardFor(r, c)
	if err != nil {
		return err
	}
	var body closeoutBody
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	var es seedbed.Errors
	outs := make([]evaluation.OutcomeRecord, len(body.Outcomes))
	for i, o := range body.Outcomes {
		v, q := o.decode(i+1, &es)
		outs[i] = evaluation.OutcomeRecord{Kind: o.Kind, Value: v, Period: q, Evidence: o.Evidence}
	}
	if len(es) > 0 {
		return es
	}
	got, err := s.Programs.CloseOut(r.Context(), c.Actor, aw.ID, seedbed.CloseoutInput{Rating: body.Rating, Summary: body.Summary}, outs)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, got)
	return nil
}

func (s *Server) apiAwardTerminate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	aw, _, err := s.awardFor(r, c)
	if err != nil {
		return err
	}
	var body seedbed.TerminationInput
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	got, err := s.Programs.Terminate(r.Context(), c.Actor, aw.ID, body)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, got)
	return nil
}
