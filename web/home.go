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
	Todo   *seedbed.AwardTodo // the awards' to-do counts, for those who see awards
}

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
	if seedbed.RoleCan(c.Actor.Role, seedbed.PermProgramManage) || c.Actor.Role == seedbed.RoleApplicant {
		t, err := s.Programs.AwardTodo(r.Context(), c.Actor)
		if err != nil {
			return err
		}
		d.Todo = &t
	}
	if c.Actor.Role == seedbed.RoleApplicant {
		if c.Actor.InnovatorID != nil {
			in, err := s.Registry.Innovator(r.Context(), *c.Actor.InnovatorID)
			if err != nil {
				return err
			}
			d.Own = in
		}
		return s.render(w, r, "home", i18n.T(c.Lang, "home.title"), d)
	}
	stats, err := s.Registry.Stats(r.Context())
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
			out = append(out, countRow{Code: o.Code, Label: o.Label.In(c.Lang), N: n, Pct: pct})
		}
		return out
	}
	d.ByKind = rows(seedbed.Kinds, stats.ByKind)
	d.BySize = rows(seedbed.SizeClasses, stats.BySize)
	return s.render(w, r, "home", i18n.T(c.Lang, "home.title"), d)
}
