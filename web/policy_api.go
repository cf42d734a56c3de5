package web

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"

	"seedbed"
	"seedbed/policy"
)

// apiPolicy is one policy version as the API lists it: the stored record with the document's
// metadata and instruments.
type apiPolicy struct {
	policy.Version
	Summary       seedbed.Label   `json:"summary"`
	Issuer        seedbed.Label   `json:"issuer"`
	Selection     string          `json:"selection"`
	Application   string          `json:"application"`
	HorizonMonths int             `json:"horizon_months,omitempty"`
	InForce       bool            `json:"in_force"` // in force today
	Instruments   []apiInstrument `json:"instruments"`
}

type apiInstrument struct {
	ID   string        `json:"id"`
	Kind string        `json:"kind"`
	Name seedbed.Label `json:"name"`
	Cap  float64       `json:"cap"`
	Unit string        `json:"unit"`
}

// apiPolicyVersion is one version in full: the source as uploaded, the parsed document, its
// rules in words and the results of its embedded tests.
type apiPolicyVersion struct {
	apiPolicy
	Document *policy.Document `json:"document"`
	Rules    []policy.Rule    `json:"rules"`
	Tests    []apiTestResult  `json:"tests"`
}

type apiTestResult struct {
	Name     string          `json:"name"`
	Line     int             `json:"line"`
	Passed   bool            `json:"passed"`
	Status   policy.Status   `json:"status"`
	Problems []seedbed.Label `json:"problems,omitempty"`
}

func (s *Server) toAPIPolicy(pv policy.Version, doc *policy.Document) apiPolicy {
	out := apiPolicy{Version: pv, Summary: doc.Summary, Issuer: doc.Issuer, Selection: doc.Selection,
		Application: doc.Application, HorizonMonths: doc.HorizonMonths, Instruments: []apiInstrument{},
		InForce: pv.Status == policy.VersionPublished && doc.InForce(policy.DateOf(s.today()))}
	for _, in := range doc.Instruments {
		out.Instruments = append(out.Instruments, apiInstrument{ID: in.ID, Kind: in.Kind, Name: in.Name, Cap: in.Cap, Unit: in.Unit})
	}
	return out
}

// apiPolicyList lists policy versions: every published version by default; ?as_of=DATE only
// the version of each policy in force that day; ?status=draft or all (writers only) drafts too;
// ?segment= one segment.
func (s *Server) apiPolicyList(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	q := r.URL.Query()
	f := policy.VersionFilter{Status: policy.VersionPublished}
	switch st := q.Get("status"); st {
	case "", policy.VersionPublished:
	case policy.VersionDraft, "all":
		if !canSeeDrafts(c) {
			return seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "只有政策管理人员可以查看草稿", En: "only policy officers may see drafts"})
		}
		f.Status = st
		if st == "all" {
			f.Status = ""
		}
	default:
		return seedbed.FieldError("status", seedbed.Label{Zh: "status 应为 published、draft 或 all", En: "status must be published, draft or all"})
	}
	seg := q.Get("segment")
	if seg != "" && !policy.Segments.Has(seg) {
		return seedbed.FieldError("segment", seedbed.Label{Zh: "未知的对象 %q", En: "unknown segment %q"}, seg)
	}
	var day *policy.Date
	if q.Get("as_of") != "" {
		t, err := s.asOfParam(q)
		if err != nil {
			return err
		}
		d := policy.DateOf(t)
		day = &d
	}
	vs, err := s.Policies.Versions(r.Context(), f)
	if err != nil {
		return err
	}
	items := []apiPolicy{}
	for _, pv := range vs {
		if seg != "" && pv.Segment != seg {
			continue
		}
		doc, err := s.Policies.Document(r.Context(), pv)
		if err != nil {
			return err
		}
		if day != nil && (pv.Status != policy.VersionPublished || !doc.InForce(*day)) {
			continue
		}
		items = append(items, s.toAPIPolicy(pv, doc))
	}
	return writePage(w, r, items)
}

type apiPolicyBody struct {
	PolicyID       string        `json:"policy_id"`
	Title          seedbed.Label `json:"title"`
	InForceVersion *int          `json:"in_force_version"` // today; null when none
	Versions       []apiPolicy   `json:"versions"`
}

func (s *Server) apiPolicyGet(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id := r.PathValue("id")
	vs, err := s.visibleVersions(r.Context(), c, id)
	if err != nil {
		return err
	}
	if len(vs) == 0 {
		return seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "政策 %s 不存在", En: "policy %s not found"}, id)
	}
	lib, err := s.Policies.Library(r.Context())
	if err != nil {
		return err
	}
	body := apiPolicyBody{PolicyID: id, Title: vs[len(vs)-1].Title, Versions: make([]apiPolicy, 0, len(vs))}
	if cur := lib.At(id, s.today()); cur != nil {
		v := cur.Version()
		body.InForceVersion, body.Title = &v, cur.Document().Title
	}
	for _, pv := range vs {
		doc, err := s.Policies.Document(r.Context(), pv)
		if err != nil {
			return err
		}
		body.Versions = append(body.Versions, s.toAPIPolicy(pv, doc))
	}
	writeJSON(w, http.StatusOK, body)
	return nil
}

func (s *Server) apiPolicyVersion(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	v, err := pathVersion(r)
	if err != nil {
		return err
	}
	pv, err := s.loadVersion(r.Context(), c, r.PathValue("id"), v)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.versionBody(pv))
	return nil
}

func (s *Server) versionBody(pv *policyVersionView) apiPolicyVersion {
	body := apiPolicyVersion{apiPolicy: s.toAPIPolicy(*pv.Meta, pv.Doc), Document: pv.Doc, Rules: pv.Compiled.Rules(), Tests: []apiTestResult{}}
	for _, t := range pv.Tests {
		body.Tests = append(body.Tests, apiTestResult{Name: t.Name, Line: t.Pos.Line, Passed: t.Passed, Status: t.Result.Status, Problems: t.Problems})
	}
	return body
}

func (s *Server) apiPolicyDiff(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	d, err := s.diffVersions(r, c)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d.Diff)
	return nil
}

// policyMediaTypes are the Content-Types a policy upload may have.
var policyMediaTypes = map[string]bool{"application/yaml": true, "application/x-yaml": true, "text/yaml": true, "text/x-yaml": true}

// apiPolicyUpload stores a YAML policy version as a draft after checking and testing it
// (?file=NAME names it in error positions); a refused upload gets every problem with its line
// and column, and nothing is stored.
func (s *Server) apiPolicyUpload(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	ct := r.Header.Get("Content-Type")
	if mt, _, _ := mime.ParseMediaType(ct); !policyMediaTypes[mt] {
		return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "Content-Type 应为 application/yaml，实际为 %q", En: "Content-Type must be application/yaml, got %q"}, ct)
	}
	r.Body = http.MaxBytesReader(w, r.Body, policy.MaxDocumentBytes)
	src, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	file := r.URL.Query().Get("file")
	if file != "" {
		file = path.Base(file)
	}
	pv, err := s.Policies.Upload(r.Context(), c.Actor, file, src)
	if err != nil {
		return err
	}
	view, err := s.loadVersion(r.Context(), c, pv.PolicyID, pv.Version)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/policies/%s/versions/%d", urlPathEscape(pv.PolicyID), pv.Version))
	writeJSON(w, http.StatusCreated, s.versionBody(view))
	return nil
}

func (s *Server) apiPolicyPublish(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	v, err := pathVersion(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	if _, err := s.Policies.Publish(r.Context(), c.Actor, id, v); err != nil {
		return err
	}
	view, err := s.loadVersion(r.Context(), c, id, v)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.versionBody(view))
	return nil
}
