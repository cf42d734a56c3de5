package web

import (
	"net/http"
	"strconv"
	"strings"

	"seedbed"
	"seedbed/exemption"
	"seedbed/i18n"
	"seedbed/ledger"
	"seedbed/policy"
	"seedbed/selection"
)

// The public portal's pages: one open call in plain language, a program's funded list and
// lottery, the policies in force and their versions, the "am I eligible?" check, the procedures
// in force and the ledger's signed head.

type publicProgramData struct {
	P        *seedbed.Program
	Policies []publicPolicy // the program's policies in force today
	Missing  []string       // policy ids with no version in force today
}

func (s *Server) publicProgramPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.publicProgram(r)
	if err != nil {
		return err
	}
	lib, err := s.Policies.Library(r.Context())
	if err != nil {
		return err
	}
	d := publicProgramData{P: p}
	for _, id := range p.PolicyIDs {
		cp := lib.At(id, s.today())
		if cp == nil {
			d.Missing = append(d.Missing, id)
			continue
		}
		doc := cp.Document()
		d.Policies = append(d.Policies, publicPolicy{ID: doc.ID, Version: doc.Version, Title: doc.Title, Summary: doc.Summary,
			Issuer: doc.Issuer, EffectiveFrom: doc.EffectiveFrom, EffectiveTo: doc.EffectiveTo})
	}
	return s.render(w, r, "public_program", p.Title, d)
}

type publicAwardsData struct {
	P      *seedbed.Program
	Grants []seedbed.PublicGrant // the grants of this page
	Total  int64                 // the value of every grant on the list, not only this page's
	Count  int                   // the number of grants on the list
	From   int                   // the positions of this page's first and last grants, from 1
	To     int

	listView // the page's place; its Total (a count) is shadowed by the money Total above
}

// publicAwardsPage is a program's funded list (资助名单公示): recipient organisations and
// amounts; a grant to an individual names nobody.
func (s *Server) publicAwardsPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.publicProgram(r)
	if err != nil {
		return err
	}
	pg, off, lim, err := pageParams(r.URL.Query(), 100, 1000)
	if err != nil {
		return err
	}
	gs, err := s.Programs.PublishedGrants(r.Context(), p.ID)
	if err != nil {
		return err
	}
	// The list is paged for reading; its count and total are the whole list's.
	d := publicAwardsData{listView: newListView(pg, lim, len(gs), seedbed.Order{}), P: p, Count: len(gs), From: off + 1}
	for _, g := range gs {
		d.Total += g.Amount
	}
	if off < len(gs) {
		d.Grants = gs[off:min(off+lim, len(gs))]
		d.To = off + len(d.Grants)
	}
	return s.render(w, r, "public_awards", i18n.T(c.Lang, "public.awards_title", p.Title), d)
}

type publicLotteryData struct {
	P         *seedbed.Program
	Lottery   *lotteryOut
	SeedKinds map[string]string // seed kind → message key
	How       lotteryHow
}

// publicLotteryPage shows a program's lottery: commitment, seed source, draw, the result of a
// re-verification made now, the steps to check it and the files to download.
func (s *Server) publicLotteryPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.publicProgram(r)
	if err != nil {
		return err
	}
	d := publicLotteryData{P: p, SeedKinds: lotterySeedKinds}
	l, err := s.lotteryRecord(r.Context(), p.ID)
	switch {
	case err == nil:
		d.Lottery = l
	case seedbed.ErrorCode(err) != seedbed.ENOTFOUND:
		return err
	}
	var published *selection.Lottery
	if d.Lottery != nil {
		published = d.Lottery.Lottery
	}
	d.How = lotteryHowFor(c.Lang, p, published)
	return s.render(w, r, "public_lottery", i18n.T(c.Lang, "lottery.title", p.Title), d)
}

// apiPublicLotteryCommitment serves a published program's commitment text byte for byte.
func (s *Server) apiPublicLotteryCommitment(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.publicProgram(r)
	if err != nil {
		return err
	}
	l, err := s.Reviews.Lottery(r.Context(), p.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="commitment-`+seedbed.ProgramCode(p.ID)+`.txt"`)
	w.Write([]byte(l.Commitment))
	return nil
}

func (s *Server) publicPoliciesPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	ps, err := s.policiesInForce(r)
	if err != nil {
		return err
	}
	return s.render(w, r, "public_policies", i18n.T(c.Lang, "public.policies"), ps)
}

// publicPolicyVersion is one published version of a policy with its rules in words.
type publicPolicyVersion struct {
	Doc     *policy.Document
	Rules   []policy.Rule
	InForce bool
	Diff    *policy.VersionDiff // the changes from the version before; nil for the first
}

type publicPolicyData struct {
	ID       string
	Title    seedbed.Label
	Current  *publicPolicyVersion // in force today; nil when none
	Versions []publicPolicyVersion
	// Consultations are the drafts of the policy put out for comment, with the comments
	// answered and the answers.
	Consultations []publicConsultation
}

// publicPolicyPage shows a policy's dated versions, newest first, with the rules of each in
// plain language and what changed from the version before (the same diff signed-in users see).
func (s *Server) publicPolicyPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id := r.PathValue("id")
	lib, err := s.Policies.Library(r.Context())
	if err != nil {
		return err
	}
	vs := lib.Versions(id)
	if len(vs) == 0 {
		return seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "政策不存在", En: "policy not found"})
	}
	cur := lib.At(id, s.today())
	d := publicPolicyData{ID: id, Title: vs[len(vs)-1].Document().Title}
	for i := len(vs) - 1; i >= 0; i-- {
		v := publicPolicyVersion{Doc: vs[i].Document(), Rules: vs[i].Rules(), InForce: vs[i] == cur}
		if i > 0 {
			diff := policy.Diff(vs[i-1].Document(), v.Doc)
			v.Diff = &diff
		}
		d.Versions = append(d.Versions, v)
		if v.InForce {
			d.Current, d.Title = &d.Versions[len(d.Versions)-1], v.Doc.Title
		}
	}
	if d.Consultations, err = s.publishedConsultations(r, id, true); err != nil {
		return err
	}
	return s.render(w, r, "public_policy", d.Title.In(c.Lang), d)
}

type publicEligibilityData struct {
	Form                            formValues
	Checked                         bool
	AsOf                            policy.Date
	Eligible, Undecided, Ineligible []policy.Result
	Total                           int
}

// formValues is the submitted form, to fill the fields again.
type formValues = map[string]string

// profileFromQuery reads the eligibility form; empty fields stay empty ("unknown").
func profileFromQuery(r *http.Request) (seedbed.Innovator, formValues, error) {
	q := r.URL.Query()
	form := formValues{}
	for _, k := range []string{"kind", "industry", "employees", "revenue", "innovation_type", "driver", "field", "region", "founded_year"} {
		form[k] = strings.TrimSpace(q.Get(k))
	}
	in := seedbed.Innovator{Kind: form["kind"], Industry: form["industry"], InnovationType: form["innovation_type"],
		Driver: form["driver"], Field: form["field"], Region: form["region"]}
	var es seedbed.Errors
	if v := form["employees"]; v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			es = append(es, seedbed.FieldError("employees", seedbed.Label{Zh: "应为整数", En: "must be a whole number"}))
		}
		in.Employees = &n
	}
	if v := form["revenue"]; v != "" {
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			es = append(es, seedbed.FieldError("revenue", seedbed.Label{Zh: "应为数字（万元）", En: "must be a number (10,000 yuan)"}))
		}
		in.Revenue = &x
	}
	if v := form["founded_year"]; v != "" {
		y, err := strconv.Atoi(v)
		if err != nil {
			es = append(es, seedbed.FieldError("founded_year", seedbed.Label{Zh: "应为四位年份", En: "must be a four-digit year"}))
		}
		in.FoundedYear = y
	}
	if len(es) > 0 {
		return in, form, es
	}
	return in, form, nil
}

// publicEligibilityPage is the "am I eligible?" check: a form read with GET (nothing is stored,
// so the answer may be bookmarked) and, once filled, every policy in force with its trace.
func (s *Server) publicEligibilityPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	title := i18n.T(c.Lang, "public.am_i_eligible")
	in, form, err := profileFromQuery(r)
	d := publicEligibilityData{Form: form, AsOf: policy.DateOf(s.today())}
	if r.URL.Query().Get("check") == "" {
		return s.render(w, r, "public_eligibility", title, d)
	}
	var results []policy.Result
	if err == nil {
		results, err = s.Policies.ProfileEligibility(r.Context(), in, s.today())
	}
	if err != nil {
		return s.renderWithErrors(w, r, "public_eligibility", title, d, err)
	}
	d.Checked, d.Total = true, len(results)
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
	return s.render(w, r, "public_eligibility", title, d)
}

func (s *Server) publicProceduresPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	ps, err := s.proceduresInForce(r)
	if err != nil {
		return err
	}
	return s.render(w, r, "public_procedures", i18n.T(c.Lang, "public.procedures"), ps)
}

type publicProcedureData struct {
	Info *seedbed.ProcedureInfo
	Doc  *exemption.Procedure
}

func (s *Server) publicProcedurePage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	info, p, err := s.procedureFor(r)
	if err != nil {
		return err
	}
	info.PublishedBy = ""
	return s.render(w, r, "public_procedure", p.Title.In(c.Lang), publicProcedureData{Info: info, Doc: p})
}

type publicLedgerData struct {
	Status  *ledger.Status
	Keys    []ledger.Verifier
	Program string                 // the program looked up, as asked for
	Options []seedbed.Program      // the published programs one may look up
	Proofs  *ledger.DecisionProofs // its published decisions with their proofs
	ProgID  int64
}

// publicLedgerPage shows the decision ledger's latest signed tree head and the public keys that
// check it; with ?program=ID, the published decisions about that program with their inclusion
// proofs and the offline bundle to download.
func (s *Server) publicLedgerPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	st, err := s.Ledger.Status(r.Context())
	if err != nil {
		return err
	}
	keys, err := s.Ledger.Keys(r.Context())
	if err != nil {
		return err
	}
	d := publicLedgerData{Status: st, Keys: keys, Program: strings.TrimSpace(r.URL.Query().Get("program"))}
	if d.Options, _, err = s.Programs.FindPrograms(r.Context(), seedbed.ProgramFilter{States: publishedStates, Limit: 500}); err != nil {
		return err
	}
	if d.Program != "" {
		id, perr := strconv.ParseInt(strings.TrimPrefix(strings.ToUpper(d.Program), "P-"), 10, 64)
		if perr != nil || id < 1 {
			return s.renderWithErrors(w, r, "public_ledger", i18n.T(c.Lang, "public.ledger"), d,
				seedbed.FieldError("program", seedbed.Label{Zh: "计划编号应为正整数，如 3 或 P-3", En: "a program number is a positive whole number, such as 3 or P-3"}))
		}
		if d.Proofs, err = s.Ledger.PublishedProofs(r.Context(), id); err != nil {
			return err
		}
		d.ProgID = id
	}
	return s.render(w, r, "public_ledger", i18n.T(c.Lang, "public.ledger"), d)
}

// apiPublicProofs serves the offline bundle of a published program's decisions: the signed
// head, the keys, and each decision's ledger entry with its inclusion proof.
func (s *Server) apiPublicProofs(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	b, err := s.Ledger.PublishedProofs(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", `attachment; filename="ledger-proofs-`+seedbed.ProgramCode(id)+`.json"`)
	writeJSON(w, http.StatusOK, b)
	return nil
}

// lotterySeedKinds labels a lottery's seed kind for the public page.
var lotterySeedKinds = map[string]string{selection.SeedPublicValue: "lottery.kind_public",
	selection.SeedLedgerHead: "lottery.kind_ledger", selection.SeedCommitted: "lottery.kind_committed"}
