package web

import (
	"net/http"
	"sort"

	"seedbed"
	"seedbed/i18n"
	"seedbed/ledger"
	"seedbed/policy"
)

// publicRoutes lists the public portal and the public API: no login, read only (the
// eligibility check stores nothing), the same for every visitor, rate-limited per client
// address (servePublic).
func (s *Server) publicRoutes() []route {
	return append(s.grantRoutes(),
		ui("GET", "/public", seedbed.PermPublic, s.publicHome),
		ui("GET", "/public/programs/{id}", seedbed.PermPublic, s.publicProgramPage),
		ui("GET", "/public/programs/{id}/awards", seedbed.PermPublic, s.publicAwardsPage),
		ui("GET", "/public/programs/{id}/lottery", seedbed.PermPublic, s.publicLotteryPage),
		ui("GET", "/public/policies", seedbed.PermPublic, s.publicPoliciesPage),
		ui("GET", "/public/policies/{id}", seedbed.PermPublic, s.publicPolicyPage),
		ui("GET", "/public/eligibility", seedbed.PermPublic, s.publicEligibilityPage),
		ui("GET", "/public/procedures", seedbed.PermPublic, s.publicProceduresPage),
		ui("GET", "/public/procedures/{id}/{version}", seedbed.PermPublic, s.publicProcedurePage),
		ui("GET", "/public/ledger", seedbed.PermPublic, s.publicLedgerPage),
		api("GET", "/api/v1/public/programs/{id}/lottery", seedbed.PermPublic, s.apiPublicLottery),
		api("GET", "/api/v1/public/programs/{id}/lottery/commitment.txt", seedbed.PermPublic, s.apiPublicLotteryCommitment),
		api("GET", "/api/v1/public/ledger/head", seedbed.PermPublic, s.apiLedgerHead),
		api("GET", "/api/v1/public/ledger/keys", seedbed.PermPublic, s.apiLedgerKeys),
		api("GET", "/api/v1/public/ledger/programs/{id}/proofs", seedbed.PermPublic, s.apiPublicProofs),
		api("GET", "/api/v1/public/policies", seedbed.PermPublic, s.apiPublicPolicies),
		api("POST", "/api/v1/public/eligibility", seedbed.PermPublic, s.apiPublicEligibility),
	)
}

// publishedStates are the program states the public sees: everything past draft.
var publishedStates = []string{seedbed.ProgramOpen, seedbed.ProgramInReview, seedbed.ProgramDecided, seedbed.ProgramClosed}

// publicProgram loads the {id} program for the public: an unknown id and a draft both answer
// not found, so that nothing about unpublished programs is revealed.
func (s *Server) publicProgram(r *http.Request) (*seedbed.Program, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	p, err := s.Programs.GetProgram(r.Context(), id)
	if err != nil || p.State == seedbed.ProgramDraft {
		if err == nil || seedbed.ErrorCode(err) == seedbed.ENOTFOUND {
			return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "计划不存在", En: "program not found"})
		}
		return nil, err
	}
	return p, nil
}

// publicPolicy is a policy in force as the portal lists it.
type publicPolicy struct {
	ID            string
	Version       int
	Title         seedbed.Label
	Summary       seedbed.Label
	Issuer        seedbed.Label
	EffectiveFrom policy.Date
	EffectiveTo   policy.Date
}

// policiesInForce lists the policies in force today, ordered by id.
func (s *Server) policiesInForce(r *http.Request) ([]publicPolicy, error) {
	lib, err := s.Policies.Library(r.Context())
	if err != nil {
		return nil, err
	}
	var out []publicPolicy
	for _, c := range lib.InForce(s.today()) {
		d := c.Document()
		out = append(out, publicPolicy{ID: d.ID, Version: d.Version, Title: d.Title, Summary: d.Summary, Issuer: d.Issuer,
			EffectiveFrom: d.EffectiveFrom, EffectiveTo: d.EffectiveTo})
	}
	return out, nil
}

// proceduresInForce lists the latest published version of each standard procedure in force today.
func (s *Server) proceduresInForce(r *http.Request) ([]seedbed.ProcedureInfo, error) {
	all, err := s.Exemptions.Procedures(r.Context())
	if err != nil {
		return nil, err
	}
	today := s.today().Format(seedbed.DateLayout)
	latest := map[string]seedbed.ProcedureInfo{}
	for _, p := range all {
		if p.EffectiveFrom > today || (p.EffectiveTo != "" && p.EffectiveTo < today) {
			continue
		}
		if cur, ok := latest[p.ID]; !ok || p.Version > cur.Version {
			latest[p.ID] = p
		}
	}
	out := make([]seedbed.ProcedureInfo, 0, len(latest))
	for _, p := range latest {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// publicHomeData is the portal's home: what is open, what rules are in force, what was decided.
type publicHomeData struct {
	Open       []seedbed.Program
	Decided    []seedbed.Program // in review, decided or closed: funded lists and lotteries
	Policies   []publicPolicy
	Procedures []seedbed.ProcedureInfo
	Ledger     *ledger.Status
	Notices    []seedbed.PublishedNotice // on notice now or about to be
}

func (s *Server) publicHome(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	ctx := r.Context()
	var d publicHomeData
	var err error
	if d.Open, _, err = s.Programs.FindPrograms(ctx, seedbed.ProgramFilter{State: seedbed.ProgramOpen, Limit: 100}); err != nil {
		return err
	}
	if d.Decided, _, err = s.Programs.FindPrograms(ctx, seedbed.ProgramFilter{States: publishedStates[1:], Limit: 100}); err != nil {
		return err
	}
	if d.Policies, err = s.policiesInForce(r); err != nil {
		return err
	}
	if d.Procedures, err = s.proceduresInForce(r); err != nil {
		return err
	}
	if d.Ledger, err = s.Ledger.Status(ctx); err != nil {
		return err
	}
	ns, _, err := s.Notices.PublishedNotices(ctx, 0, 0, 20)
	if err != nil {
		return err
	}
	for _, n := range ns {
		if n.State == seedbed.NoticeOpen || n.State == seedbed.NoticeUpcoming {
			d.Notices = append(d.Notices, n)
		}
	}
	return s.render(w, r, "public_home", i18n.T(c.Lang, "public.title"), d)
}
