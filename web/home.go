package web

import (
	"net/http"

	"seedbed"
	"seedbed/i18n"
)

type homeData struct {
	Total  int
	ByKind []countRow
	BySize []countRow
	Own    *seedbed.Innovator
	// Work is what waits for the signed-in person, section by section.
	Work []workSection
	// Registry shows the registry's counts (officers and administrators).
	Registry bool
	Links    []workLink
}

// workLink is a plain link on a role's home page to where its work is done.
type workLink struct{ Key, Href string }

type countRow struct {
	Code, Label string
	N           int
	Pct         float64
}

func (s *Server) home(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	if c.Actor.Role == "" {
		return s.publicHome(w, r, c) // visitors who are not signed in see the public portal
	}
	d := homeData{}
	ctx, lang, now := r.Context(), c.Lang, s.System.Now()
	add := func(sec workSection, err error) error {
		if err == nil {
			d.Work = append(d.Work, sec)
		}
		return err
	}
	switch c.Actor.Role {
	case seedbed.RoleApplicant:
		if c.Actor.InnovatorID != nil {
			in, err := s.Registry.Innovator(ctx, *c.Actor.InnovatorID)
			if err != nil {
				return err
			}
			d.Own = in
		}
		secs, err := s.applicantWork(ctx, lang, c.Actor, d.Own, now)
		if err != nil {
			return err
		}
		d.Work = secs
		return s.render(w, r, "home", i18n.T(lang, "home.title"), d)
	case seedbed.RoleReviewer:
		if err := add(s.reviewWork(ctx, lang, c.Actor)); err != nil {
			return err
		}
		d.Links = []workLink{{"home.link.reviews", "/reviews"}, {"home.link.profile", "/reviews/profile"}}
		return s.render(w, r, "home", i18n.T(lang, "home.title"), d)
	case seedbed.RoleOfficer:
		for _, f := range []func() (workSection, error){
			func() (workSection, error) { return s.programWork(ctx, lang, now) },
			func() (workSection, error) { return s.milestoneWork(ctx, lang, c.Actor) },
			func() (workSection, error) { return s.flagWork(ctx) },
			func() (workSection, error) { return s.exemptionWork(ctx, lang) },
		} {
			if err := add(f()); err != nil {
				return err
			}
		}
		d.Links = []workLink{{"home.link.new_program", "/programs/new"}, {"home.link.reviewers", "/reviewers"}, {"home.link.impact", "/impact"}}
		d.Registry = true
	case seedbed.RoleAuditor:
		if err := add(s.exemptionWork(ctx, lang)); err != nil {
			return err
		}
		if err := add(s.auditorWork(ctx, lang)); err != nil {
			return err
		}
		d.Links = []workLink{{"home.link.ledger_verify", "/ledger/verify"}, {"home.link.failures", "/failures"}, {"home.link.audit", "/audit"}}
		return s.render(w, r, "home", i18n.T(lang, "home.title"), d)
	case seedbed.RoleAdmin:
		if err := add(s.adminWork(ctx, lang)); err != nil {
			return err
		}
		d.Links = []workLink{{"home.link.users", "/users"}, {"home.link.audit", "/audit"}, {"home.link.account", "/account"}}
		d.Registry = true
	case seedbed.RoleLeader:
		// the dashboard leads to the awards behind each indicator; the list has no page of its own
		d.Links = []workLink{{"home.link.ecosystem", "/ecosystem"}}
		return s.render(w, r, "home", i18n.T(lang, "home.title"), d)
	}
	stats, err := s.Registry.Stats(ctx)
	if err != nil {
		return err
	}
	d.Total = stats.Total
	rows := func(set seedbed.OptionSet, counts map[string]int) []countRow {
		var out []countRow
		for _, o := range set {
			n := counts[o.Code]
			pct := 0.0
			if stats.Total > 0 {
				pct = 100 * float64(n) / float64(stats.Total)
			}
			out = append(out, countRow{Code: o.Code, Label: o.Label.In(lang), N: n, Pct: pct})
		}
		return out
	}
	d.ByKind = rows(seedbed.Kinds, stats.ByKind)
	d.BySize = rows(seedbed.SizeClasses, stats.BySize)
	return s.render(w, r, "home", i18n.T(lang, "home.title"), d)
}
