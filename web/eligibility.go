package web

import (
	"net/http"
	"time"

	"seedbed"
	"seedbed/i18n"
	"seedbed/policy"
)

// evaluateInnovator answers "which policies apply" for the {id} innovator: every policy in
// force on as_of (today by default), with explanations. Applicants may ask only for their own
// organisation.
func (s *Server) evaluateInnovator(r *http.Request, c *reqCtx) (*seedbed.Innovator, time.Time, []policy.Result, error) {
	in, err := s.innovatorFor(r, c, seedbed.PermRegistryRead)
	if err != nil {
		return nil, time.Time{}, nil, err
	}
	asOf, err := s.asOfParam(r.URL.Query())
	if err != nil {
		return nil, time.Time{}, nil, err
	}
	results, err := s.Policies.PoliciesFor(r.Context(), in, asOf)
	if err != nil {
		return nil, time.Time{}, nil, err
	}
	return in, asOf, results, nil
}

// eligibilityData groups the results: what the innovator qualifies for first, then what
// cannot be decided yet (a field is empty), then what it misses and why.
type eligibilityData struct {
	In                              *seedbed.Innovator
	AsOf                            policy.Date
	Eligible, Undecided, Ineligible []policy.Result
	Total                           int
}

func (s *Server) eligibilityPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	in, asOf, results, err := s.evaluateInnovator(r, c)
	if err != nil {
		if seedbed.ErrorCode(err) == seedbed.EINVALID {
			return s.renderWithErrors(w, r, "eligibility", i18n.T(c.Lang, "eligibility.title"), eligibilityData{}, err)
		}
		return err
	}
	d := eligibilityData{In: in, AsOf: policy.DateOf(asOf), Total: len(results)}
	for _, res := range results {
		switch res.Status {
		case policy.Eligible:
			d.Eligible = append(d.Eligible, res)
		case policy.Ineligible:
			d.Ineligible = append(d.Ineligible, res)
		default:
			d.Undecided = append(d.Undecided, res)
		}
	}
	return s.render(w, r, "eligibility", i18n.T(c.Lang, "eligibility.title_of", in.Name), d)
}

// apiEligibilityItem is one policy's decision with a plain eligible flag beside the trace.
type apiEligibilityItem struct {
	Eligible bool `json:"eligible"`
	policy.Result
}

type apiEligibilityBody struct {
	InnovatorID int64                `json:"innovator_id"`
	AsOf        policy.Date          `json:"as_of"`
	Total       int                  `json:"total"`
	Page        int                  `json:"page"`
	Eligible    int                  `json:"eligible"`
	Undecided   int                  `json:"undecided"`
	Items       []apiEligibilityItem `json:"items"`
}

func (s *Server) apiEligibility(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	in, asOf, results, err := s.evaluateInnovator(r, c)
	if err != nil {
		return err
	}
	body := apiEligibilityBody{InnovatorID: in.ID, AsOf: policy.DateOf(asOf), Total: len(results), Items: make([]apiEligibilityItem, len(results))}
	for i, res := range results {
		body.Items[i] = apiEligibilityItem{Eligible: res.Status == policy.Eligible, Result: res}
		switch res.Status {
		case policy.Eligible:
			body.Eligible++
		case policy.Undecided:
			body.Undecided++
		}
	}
	pg, err := pageOf(r, body.Items)
	if err != nil {
		return err
	}
	body.Page, body.Items = pg.Page, pg.Items
	writeJSON(w, http.StatusOK, body)
	return nil
}
