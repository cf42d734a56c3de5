package web

import (
	"net/http"
	"strconv"

	"seedbed"
	"seedbed/i18n"
)

func auditFilter(r *http.Request) (seedbed.AuditFilter, int, error) {
	q := r.URL.Query()
	f := seedbed.AuditFilter{Actor: q.Get("actor"), Action: q.Get("action"), Entity: q.Get("entity"), Outcome: q.Get("outcome")}
	pg, off, lim, o, err := readListParams(q, seedbed.AuditSorts, 50, 500)
	if err != nil {
		return f, 0, err
	}
	f.Offset, f.Limit, f.Order = off, lim, o
	return f, pg, nil
}

type auditData struct {
	listView
	Items []seedbed.AuditEntry
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	f, pg, err := auditFilter(r)
	if err != nil {
		return s.renderWithErrors(w, r, "audit", i18n.T(c.Lang, "audit.title"), auditData{listView: emptyListView}, err)
	}
	items, total, err := s.Audit.Find(r.Context(), f)
	if err != nil {
		return err
	}
	d := auditData{listView: newListView(pg, f.Limit, total, f.Order), Items: items}
	return s.render(w, r, "audit", i18n.T(c.Lang, "audit.title"), d)
}

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	f, pg, err := auditFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.Audit.Find(r.Context(), f)
	if err != nil {
		return err
	}
	if items == nil {
		items = []seedbed.AuditEntry{}
	}
	writeJSON(w, http.StatusOK, listPage[seedbed.AuditEntry]{Total: total, Page: pg, Items: items})
	return nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
