package web

import (
	"bytes"
	"encoding/json"
	"net/http"

	"seedbed"
	"seedbed/grantdata"
	"seedbed/i18n"
)

// The open grant data: every award as a 360Giving data package and as a CSV with Chinese
// headers, and a page that explains and links both. Grants to individuals name nobody
// (seedbed.PublicGrantOf).

// apiPublicGrantsJSON serves every grant as a 360Giving data package.
func (s *Server) apiPublicGrantsJSON(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	gs, err := s.Programs.PublishedGrants(r.Context(), 0)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(grantdata.NewPackage(s.GrantPublisher, gs, s.System.Now())); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(buf.Bytes())
	return nil
}

// apiPublicGrantsCSV serves every grant as CSV with Chinese headers.
func (s *Server) apiPublicGrantsCSV(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	gs, err := s.Programs.PublishedGrants(r.Context(), 0)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := grantdata.WriteCSV(&buf, s.GrantPublisher, gs); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="grants.csv"`)
	w.Write(buf.Bytes())
	return nil
}

type publicGrantsData struct {
	Publisher             grantdata.Publisher
	Grants, ToIndividuals int
	Total                 int64
	Programs              int
	License               string
}

// publicGrantsPage is the download page of the open grant data.
func (s *Server) publicGrantsPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	g, err := s.Programs.GrantSummary(r.Context())
	if err != nil {
		return err
	}
	d := publicGrantsData{Publisher: s.GrantPublisher, Grants: g.Grants, ToIndividuals: g.ToIndividuals, Total: g.Total,
		Programs: g.Programs, License: grantdata.License}
	return s.render(w, r, "public_grants", i18n.T(c.Lang, "public.grant_data"), d)
}

// grantRoutes lists the open grant data's routes.
func (s *Server) grantRoutes() []route {
	return []route{
		ui("GET", "/public/grants", seedbed.PermPublic, s.publicGrantsPage),
		api("GET", "/api/v1/public/grants.json", seedbed.PermPublic, s.apiPublicGrantsJSON),
		api("GET", "/api/v1/public/grants.csv", seedbed.PermPublic, s.apiPublicGrantsCSV),
	}
}
