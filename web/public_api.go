package web

import (
	"net/http"

	"seedbed"
	"seedbed/policy"
)

// apiPublicLottery serves a published program's lottery: the same record a signed-in user gets.
func (s *Server) apiPublicLottery(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.publicProgram(r)
	if err != nil {
		return err
	}
	out, err := s.lotteryRecord(r.Context(), p.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiPublicPolicies lists the published policy versions in force today (or on ?as_of=DATE),
// without who uploaded and published them.
func (s *Server) apiPublicPolicies(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	q := r.URL.Query()
	for k := range q {
		if k != "as_of" && k != "lang" && k != "page" && k != "per_page" {
			return seedbed.FieldError(k, seedbed.Label{Zh: "未知的参数 %q", En: "unknown parameter %q"}, k)
		}
	}
	asOf, err := s.asOfParam(q)
	if err != nil {
		return err
	}
	day := policy.DateOf(asOf)
	vs, err := s.Policies.Versions(r.Context(), policy.VersionFilter{Status: policy.VersionPublished})
	if err != nil {
		return err
	}
	items := []apiPolicy{}
	for _, pv := range vs {
		doc, err := s.Policies.Document(r.Context(), pv)
		if err != nil {
			return err
		}
		if !doc.InForce(day) {
			continue
		}
		pv.UploadedBy, pv.PublishedBy = "", ""
		items = append(items, s.toAPIPolicy(pv, doc))
	}
	return writePage(w, r, items)
}

// eligibilityProfile is what the public eligibility check reads: an organisation's fields,
// never its name or contacts.
type eligibilityProfile struct {
	Kind           string   `json:"kind"`
	Industry       string   `json:"industry"`
	Employees      *int64   `json:"employees"`
	Revenue        *float64 `json:"revenue"` // 10,000 yuan
	InnovationType string   `json:"innovation_type"`
	Driver         string   `json:"driver"`
	Field          string   `json:"field"`
	Region         string   `json:"region"`
	FoundedYear    int      `json:"founded_year"`
	PathTags       []string `json:"path_tags"`
	AsOf           string   `json:"as_of"`
}

func (p eligibilityProfile) innovator() seedbed.Innovator {
	return seedbed.Innovator{Kind: p.Kind, Industry: p.Industry, Employees: p.Employees, Revenue: p.Revenue,
		InnovationType: p.InnovationType, Driver: p.Driver, Field: p.Field, Region: p.Region,
		FoundedYear: p.FoundedYear, PathTags: p.PathTags}
}

// publicEligibilityBody is the decision for every policy in force, each with its trace.
type publicEligibilityBody struct {
	AsOf       policy.Date          `json:"as_of"`
	Total      int                  `json:"total"`
	Eligible   int                  `json:"eligible"`
	Undecided  int                  `json:"undecided"`
	Ineligible int                  `json:"ineligible"`
	Items      []apiEligibilityItem `json:"items"`
}

// apiPublicEligibility answers "am I eligible?" for the organisation described in the body,
// against every policy in force; nothing is stored.
func (s *Server) apiPublicEligibility(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	var body eligibilityProfile
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	asOf := s.today()
	if body.AsOf != "" {
		d, err := policy.ParseDate(body.AsOf)
		if err != nil {
			return seedbed.FieldError("as_of", seedbed.Label{Zh: "日期 %q 应写作 YYYY-MM-DD", En: "date %q must be written YYYY-MM-DD"}, body.AsOf)
		}
		asOf = d.Time()
	}
	results, err := s.Policies.ProfileEligibility(r.Context(), body.innovator(), asOf)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, eligibilityBody(policy.DateOf(asOf), results))
	return nil
}

func eligibilityBody(asOf policy.Date, results []policy.Result) publicEligibilityBody {
	out := publicEligibilityBody{AsOf: asOf, Total: len(results), Items: make([]apiEligibilityItem, len(results))}
	for i, res := range results {
		out.Items[i] = apiEligibilityItem{Eligible: res.Status == policy.Eligible, Result: res}
		switch res.Status {
		case policy.Eligible:
			out.Eligible++
		case policy.Undecided:
			out.Undecided++
		default:
			out.Ineligible++
		}
	}
	return out
}
