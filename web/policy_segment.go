package web

import (
	"net/http"
	"time"

	"seedbed"
	"seedbed/i18n"
	"seedbed/policy"
)

// policySegmentData is the bulk evaluation page: the policy version, the segment's filter and
// what the policy decides for it.
type policySegmentData struct {
	Doc    *policy.Document
	Filter seedbed.InnovatorFilter
	AsOf   policy.Date
	Result *policy.SegmentResult
}

// segmentRequest reads a bulk evaluation: the policy version (the one in force on as_of, or
// ?version=), the registry filter, the day and the number of explained samples. It covers the
// whole registry, so actors limited to their own organisation may not run it.
func (s *Server) segmentRequest(r *http.Request, c *reqCtx) (*policy.Compiled, seedbed.InnovatorFilter, time.Time, int, error) {
	var none seedbed.InnovatorFilter
	if seedbed.ScopeInnovators(c.Actor) != nil {
		s.denied(r, c, "policy segment evaluation")
		return nil, none, time.Time{}, 0, seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "批量评估涉及全部创新主体，您无权执行", En: "bulk evaluation covers the whole registry; you may not run it"})
	}
	f, _, err := innovatorFilter(r, c)
	if err != nil {
		return nil, none, time.Time{}, 0, err
	}
	if f.Query != "" {
		return nil, none, time.Time{}, 0, seedbed.FieldError("q", seedbed.Label{Zh: "批量评估不支持文本搜索，请用分类筛选", En: "bulk evaluation takes the category filters, not a text search"})
	}
	q := r.URL.Query()
	asOf, err := s.asOfParam(q)
	if err != nil {
		return nil, none, time.Time{}, 0, err
	}
	sample, err := queryInt(q, "sample", 10, 100)
	if err != nil {
		return nil, none, time.Time{}, 0, err
	}
	id := r.PathValue("id")
	lib, err := s.Policies.Library(r.Context())
	if err != nil {
		return nil, none, time.Time{}, 0, err
	}
	var comp *policy.Compiled
	if q.Get("version") != "" {
		v, err := queryInt(q, "version", 0, 1_000_000)
		if err != nil {
			return nil, none, time.Time{}, 0, err
		}
		comp = lib.Version(id, v)
	} else {
		comp = lib.At(id, asOf)
	}
	if comp == nil {
		d := policy.DateOf(asOf).String()
		return nil, none, time.Time{}, 0, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "政策 %s 在 %s 没有有效的已发布版本", En: "policy %s has no published version in force on %s"}, id, d)
	}
	return comp, f, asOf, sample, nil
}

func (s *Server) policySegmentPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	comp, f, asOf, sample, err := s.segmentRequest(r, c)
	if err != nil {
		return err
	}
	res, err := s.Policies.EvaluateSegment(r.Context(), comp, f, asOf, sample)
	if err != nil {
		return err
	}
	d := policySegmentData{Doc: comp.Document(), Filter: f, AsOf: policy.DateOf(asOf), Result: res}
	return s.render(w, r, "policy_segment", i18n.T(c.Lang, "policy.segment_title", d.Doc.Title.In(c.Lang)), d)
}

func (s *Server) apiPolicySegment(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	comp, f, asOf, sample, err := s.segmentRequest(r, c)
	if err != nil {
		return err
	}
	res, err := s.Policies.EvaluateSegment(r.Context(), comp, f, asOf, sample)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}
