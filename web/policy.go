package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"seedbed"
	"seedbed/i18n"
	"seedbed/policy"
)

// Policies (rules as code): the library of published support policies with their rules in
// words, version history and diffs, the officers' upload-check-test-publish flow, "which
// policies apply to me" for an innovator, and bulk evaluation of a registry segment. There is
// deliberately no route that changes or deletes a published version.
// policyFuncs are the template functions of the policy pages.
var policyFuncs = template.FuncMap{
	"num":          formatNum,
	"statusClass":  statusClass,
	"outcomeClass": outcomeClass,
	"outcomeMark":  outcomeMark,
	"resultArgs":   func(p *page, r policy.Result) resultArgs { return resultArgs{Page: p, Result: r} },
	"timeOf": func(t *time.Time) time.Time {
		if t == nil {
			return time.Time{}
		}
		return *t
	},
}

// policyRoutes lists the routes of policy.go.
func (s *Server) policyRoutes() []route {
	return []route{
		ui("GET", "/policies", seedbed.PermPolicyRead, s.policyList),
		ui("GET", "/policies/new", seedbed.PermPolicyWrite, s.policyNew),
		ui("POST", "/policies", seedbed.PermPolicyWrite, s.policyUpload),
		ui("GET", "/policies/{id}", seedbed.PermPolicyRead, s.policyShow),
		ui("GET", "/policies/{id}/versions/{v}", seedbed.PermPolicyRead, s.policyVersionPage),
		ui("POST", "/policies/{id}/versions/{v}/publish", seedbed.PermPolicyWrite, s.policyPublish),
		ui("GET", "/policies/{id}/diff", seedbed.PermPolicyRead, s.policyDiffPage),
		ui("GET", "/policies/{id}/versions/{v}/reform", seedbed.PermPolicyRead, s.policyReformPage),
		ui("GET", "/policies/{id}/segment", seedbed.PermPolicyRead, s.policySegmentPage),
		ui("GET", "/innovators/{id}/eligibility", seedbed.PermPolicyRead, s.eligibilityPage),

		api("GET", "/api/v1/policies", seedbed.PermPolicyRead, s.apiPolicyList),
		api("POST", "/api/v1/policies", seedbed.PermPolicyWrite, s.apiPolicyUpload),
		api("GET", "/api/v1/policies/{id}", seedbed.PermPolicyRead, s.apiPolicyGet),
		api("GET", "/api/v1/policies/{id}/versions/{v}", seedbed.PermPolicyRead, s.apiPolicyVersion),
		api("POST", "/api/v1/policies/{id}/versions/{v}/publish", seedbed.PermPolicyWrite, s.apiPolicyPublish),
		api("GET", "/api/v1/policies/{id}/diff", seedbed.PermPolicyRead, s.apiPolicyDiff),
		api("GET", "/api/v1/policies/{id}/versions/{v}/reform", seedbed.PermPolicyRead, s.apiPolicyReform),
		api("GET", "/api/v1/policies/{id}/segment", seedbed.PermPolicyRead, s.apiPolicySegment),
		api("GET", "/api/v1/innovators/{id}/eligibility", seedbed.PermPolicyRead, s.apiEligibility),
	}
}

// resultArgs carries one policy result and the page into the shared result template.
type resultArgs struct {
	Page   *page
	Result policy.Result
}

// formatNum writes a number without trailing zeros, to at most four decimals.
func formatNum(f float64) string {
	return strings.TrimSuffix(strings.TrimRight(strconv.FormatFloat(f, 'f', 4, 64), "0"), ".")
}

// statusClass maps a decision to the stylesheet's status colours.
func statusClass(s policy.Status) string {
	switch s {
	case policy.Eligible:
		return "good"
	case policy.Ineligible:
		return "bad"
	}
	return "warn"
}

func outcomeClass(o policy.Outcome) string {
	switch o {
	case policy.Pass:
		return "good"
	case policy.Fail:
		return "bad"
	case policy.Unknown:
		return "warn"
	}
	return ""
}

// outcomeMark is the sign a trace ends with: ✓ holds, ✗ fails, ? cannot be decided.
func outcomeMark(o policy.Outcome) string {
	switch o {
	case policy.Pass:
		return "✓"
	case policy.Fail:
		return "✗"
	case policy.Unknown:
		return "?"
	}
	return "–"
}

// today is the evaluation day when none is given: the calendar day in China.
func (s *Server) today() time.Time { return s.System.Now().In(cst) }

// asOfParam reads the optional as_of=YYYY-MM-DD parameter; today when absent.
func (s *Server) asOfParam(q url.Values) (time.Time, error) {
	v := q.Get("as_of")
	if v == "" {
		return s.today(), nil
	}
	d, err := policy.ParseDate(v)
	if err != nil {
		return time.Time{}, seedbed.FieldError("as_of", seedbed.Label{Zh: "日期 %q 应写作 YYYY-MM-DD", En: "date %q must be written YYYY-MM-DD"}, v)
	}
	return d.Time(), nil
}

// pathVersion parses the {v} path value.
func pathVersion(r *http.Request) (int, error) {
	v, err := strconv.Atoi(r.PathValue("v"))
	if err != nil || v < 1 {
		return 0, &seedbed.Error{Code: seedbed.ENOTFOUND, Field: "v", Text: seedbed.Label{Zh: "无效的版本号", En: "invalid version number"}}
	}
	return v, nil
}

// canSeeDrafts reports whether the actor may see drafts, which are not public until published.
func canSeeDrafts(c *reqCtx) bool { return seedbed.RoleCan(c.Actor.Role, seedbed.PermPolicyWrite) }

// visibleVersions lists a policy's versions the actor may see (drafts only for writers).
func (s *Server) visibleVersions(ctx context.Context, c *reqCtx, id string) ([]policy.Version, error) {
	f := policy.VersionFilter{PolicyID: id}
	if !canSeeDrafts(c) {
		f.Status = policy.VersionPublished
	}
	return s.Policies.Versions(ctx, f)
}

// policyVersionView is one version with everything its page and the API show.
type policyVersionView struct {
	Meta        *policy.Version
	Compiled    *policy.Compiled
	Doc         *policy.Document
	Conditions  []policy.Rule
	Instruments []instrumentView
	Tests       []policy.TestResult
	Passed      int
	History     []policy.Version
	InForce     bool
	Previous    int // the version before this one, for a diff link (0: none)
	// Gate is what the publish button of a draft may do for the viewer who may publish:
	// nothing while an earlier proposal of the policy's publication awaits a second person.
	Gate seedbed.ProposalGate
	// GateHere: the proposal waiting publishes this version.
	GateHere bool
}

// instrumentView is an instrument with its formulas in words.
type instrumentView struct {
	policy.Instrument
	Rules []policy.Rule
}

// loadVersion loads one version the actor may see, compiled: a published one from the
// library, a draft from its stored source.
func (s *Server) loadVersion(ctx context.Context, c *reqCtx, id string, v int) (*policyVersionView, error) {
	meta, err := s.Policies.Version(ctx, id, v)
	if err != nil {
		return nil, err
	}
	if meta.Status != policy.VersionPublished && !canSeeDrafts(c) {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "政策 %s 第 %d 版不存在", En: "policy %s version %d not found"}, id, v)
	}
	comp, err := s.Policies.Compile(ctx, meta)
	if err != nil {
		return nil, err
	}
	hist, err := s.visibleVersions(ctx, c, id)
	if err != nil {
		return nil, err
	}
	pv := &policyVersionView{Meta: meta, Compiled: comp, Doc: comp.Document(), History: hist, Tests: comp.RunTests(),
		InForce: meta.Status == policy.VersionPublished && comp.Document().InForce(policy.DateOf(s.today()))}
	if meta.Status == policy.VersionDraft && seedbed.RoleCan(c.Actor.Role, seedbed.PermPolicyWrite) {
		if pv.Gate, err = s.Policies.PublishGate(ctx, c.Actor, id); err != nil {
			return nil, err
		}
		pv.GateHere = pv.Gate.Waiting != nil && pv.Gate.Waiting.Link == "/policies/"+id+"/versions/"+strconv.Itoa(v)
	}
	for i, h := range hist {
		if h.Version == v && i > 0 {
			pv.Previous = hist[i-1].Version
		}
	}
	for _, t := range pv.Tests {
		if t.Passed {
			pv.Passed++
		}
	}
	rules := comp.Rules()
	for _, r := range rules {
		if r.Kind == "condition" {
			pv.Conditions = append(pv.Conditions, r)
		}
	}
	for _, in := range pv.Doc.Instruments {
		iv := instrumentView{Instrument: in}
		for _, r := range rules {
			if r.Instrument == in.ID {
				iv.Rules = append(iv.Rules, r)
			}
		}
		pv.Instruments = append(pv.Instruments, iv)
	}
	return pv, nil
}

// policyRow is one policy of the list: the version in force today, or the latest.
type policyRow struct {
	ID       string
	Shown    *policy.Document // in force today, else the latest published, else the latest draft
	InForce  bool
	Versions int
	Drafts   int
}

type policyListData struct {
	Rows  []policyRow
	Today policy.Date
	OwnID int64 // the applicant's organisation, for its eligibility link
}

func (s *Server) policyList(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	ctx := r.Context()
	lib, err := s.Policies.Library(ctx)
	if err != nil {
		return err
	}
	today := s.today()
	d := policyListData{Today: policy.DateOf(today)}
	if c.Actor.InnovatorID != nil {
		d.OwnID = *c.Actor.InnovatorID
	}
	index := map[string]int{}
	for _, id := range lib.IDs() {
		vs := lib.Versions(id)
		row := policyRow{ID: id, Versions: len(vs), Shown: vs[len(vs)-1].Document()}
		if cur := lib.At(id, today); cur != nil {
			row.Shown, row.InForce = cur.Document(), true
		}
		index[id] = len(d.Rows)
		d.Rows = append(d.Rows, row)
	}
	if canSeeDrafts(c) {
		drafts, err := s.Policies.Versions(ctx, policy.VersionFilter{Status: policy.VersionDraft})
		if err != nil {
			return err
		}
		for _, dv := range drafts {
			i, ok := index[dv.PolicyID]
			if !ok {
				doc, err := s.Policies.Document(ctx, dv)
				if err != nil {
					return err
				}
				i = len(d.Rows)
				index[dv.PolicyID] = i
				d.Rows = append(d.Rows, policyRow{ID: dv.PolicyID, Shown: doc})
			}
			d.Rows[i].Drafts++
		}
	}
	return s.render(w, r, "policy_list", i18n.T(c.Lang, "policy.title"), d)
}

// policyShow shows the version in force today, or else the latest one the actor may see.
func (s *Server) policyShow(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id := r.PathValue("id")
	lib, err := s.Policies.Library(r.Context())
	if err != nil {
		return err
	}
	v := 0
	if cur := lib.At(id, s.today()); cur != nil {
		v = cur.Version()
	} else {
		vs, err := s.visibleVersions(r.Context(), c, id)
		if err != nil {
			return err
		}
		if len(vs) > 0 {
			v = vs[len(vs)-1].Version
		}
	}
	if v == 0 {
		return seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "政策 %s 不存在", En: "policy %s not found"}, id)
	}
	return s.renderVersion(w, r, c, id, v, nil)
}

func (s *Server) policyVersionPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	v, err := pathVersion(r)
	if err != nil {
		return err
	}
	return s.renderVersion(w, r, c, r.PathValue("id"), v, nil)
}

// renderVersion renders a version's page, with errors (of a refused publication) if any.
func (s *Server) renderVersion(w http.ResponseWriter, r *http.Request, c *reqCtx, id string, v int, pageErr error) error {
	pv, err := s.loadVersion(r.Context(), c, id, v)
	if err != nil {
		return err
	}
	title := pv.Doc.Title.In(c.Lang)
	if pageErr != nil {
		return s.renderWithErrors(w, r, "policy", title, pv, pageErr)
	}
	return s.render(w, r, "policy", title, pv)
}

type policyDiffData struct {
	ID       string
	From, To *policy.Version
	Diff     policy.VersionDiff
	Versions []policy.Version
}

// diffVersions compares two versions the actor may see; from and to default to the last two.
func (s *Server) diffVersions(r *http.Request, c *reqCtx) (*policyDiffData, error) {
	id := r.PathValue("id")
	vs, err := s.visibleVersions(r.Context(), c, id)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "政策 %s 不存在", En: "policy %s not found"}, id)
	}
	q := r.URL.Query()
	pick := func(name string, def int) (int, error) {
		if q.Get(name) == "" {
			return def, nil
		}
		return queryInt(q, name, 0, 1_000_000)
	}
	to, err := pick("to", vs[len(vs)-1].Version)
	if err != nil {
		return nil, err
	}
	from, err := pick("from", vs[max(len(vs)-2, 0)].Version)
	if err != nil {
		return nil, err
	}
	d := &policyDiffData{ID: id, Versions: vs}
	var docs [2]*policy.Document
	for i, v := range []int{from, to} {
		pv, err := s.loadVersion(r.Context(), c, id, v)
		if err != nil {
			return nil, err
		}
		docs[i] = pv.Doc
		if i == 0 {
			d.From = pv.Meta
		} else {
			d.To = pv.Meta
		}
	}
	d.Diff = policy.Diff(docs[0], docs[1])
	return d, nil
}

func (s *Server) policyDiffPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	d, err := s.diffVersions(r, c)
	if err != nil {
		return err
	}
	return s.render(w, r, "policy_diff", i18n.T(c.Lang, "policy.diff_title", d.ID), d)
}
