package web

import (
	"net/http"

	"seedbed/i18n"
	"seedbed/policy"
)

// The reform comparison: before a new version is published (and after), who in the registry
// gains or loses eligibility or money under it, against the version in force before it.

// reformLimit is how many changed innovators a comparison lists.
const reformLimit = 500

type policyReformData struct {
	Version *policyVersionView
	R       *policy.ReformComparison
}

// reformFor loads the comparison of the path's version, if the actor may see the version.
func (s *Server) reformFor(r *http.Request, c *reqCtx) (*policyReformData, error) {
	v, err := pathVersion(r)
	if err != nil {
		return nil, err
	}
	pv, err := s.loadVersion(r.Context(), c, r.PathValue("id"), v)
	if err != nil {
		return nil, err
	}
	res, err := s.Policies.Reform(r.Context(), pv.Meta.PolicyID, v, reformLimit)
	if err != nil {
		return nil, err
	}
	return &policyReformData{Version: pv, R: res}, nil
}

func (s *Server) policyReformPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	d, err := s.reformFor(r, c)
	if err != nil {
		return err
	}
	return s.render(w, r, "policy_reform", i18n.T(c.Lang, "policy.reform.title", d.Version.Doc.Title.In(c.Lang), d.R.Version), d)
}

func (s *Server) apiPolicyReform(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	d, err := s.reformFor(r, c)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d.R)
	return nil
}
