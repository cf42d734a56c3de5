package web

import (
	"net/http"
	"strings"

	"seedbed"
)

// innovatorInput is what the API accepts to create or replace an innovator: the registry's
// fields, without the derived and bookkeeping ones.
type innovatorInput struct {
	Name           string   `json:"name"`
	Kind           string   `json:"kind"`
	CreditCode     string   `json:"credit_code"`
	Industry       string   `json:"industry"`
	Employees      *int64   `json:"employees"`
	Revenue        *float64 `json:"revenue"`
	InnovationType string   `json:"innovation_type"`
	Driver         string   `json:"driver"`
	Field          string   `json:"field"`
	PathTags       []string `json:"path_tags"`
	Region         string   `json:"region"`
	FoundedYear    int      `json:"founded_year"`
	Description    string   `json:"description"`
	ContactName    string   `json:"contact_name"`
	ContactPhone   string   `json:"contact_phone"`
	ContactEmail   string   `json:"contact_email"`
	Version        int      `json:"version,omitempty"` // required to replace: the version being replaced
}

func (in innovatorInput) innovator() *seedbed.Innovator {
	return &seedbed.Innovator{Name: in.Name, Kind: in.Kind, CreditCode: in.CreditCode, Industry: in.Industry,
		Employees: in.Employees, Revenue: in.Revenue, InnovationType: in.InnovationType, Driver: in.Driver,
		Field: in.Field, PathTags: in.PathTags, Region: in.Region, FoundedYear: in.FoundedYear, Description: in.Description,
		ContactName: in.ContactName, ContactPhone: in.ContactPhone, ContactEmail: in.ContactEmail}
}

// withoutPersonal blanks contact details, which lists never carry.
func withoutPersonal(in seedbed.Innovator) seedbed.Innovator {
	in.ContactName, in.ContactPhone, in.ContactEmail = "", "", ""
	return in
}

func (s *Server) apiInnovatorList(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	f, pg, err := innovatorFilter(r, c)
	if err != nil {
		return err
	}
	items, total, err := s.Registry.FindInnovators(r.Context(), f)
	if err != nil {
		return err
	}
	for i := range items {
		items[i] = withoutPersonal(items[i])
	}
	writeJSON(w, http.StatusOK, listPage[seedbed.Innovator]{Total: total, Page: pg, Items: items})
	return nil
}

func (s *Server) apiInnovatorGet(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	in, err := s.innovatorFor(r, c, seedbed.PermRegistryRead)
	if err != nil {
		return err
	}
	out := withoutPersonal(*in)
	if r.URL.Query().Get("personal") == "1" {
		if err := s.authorize(r, c, seedbed.PermPersonalRead, in.ID); err != nil {
			return err
		}
		if err := s.auditPersonalRead(r, c, in.ID); err != nil {
			return err
		}
		out = *in
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiInnovatorCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	var body innovatorInput
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	in := body.innovator()
	if err := s.Registry.CreateInnovator(r.Context(), c.Actor, in); err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/innovators/"+itoa(in.ID))
	writeJSON(w, http.StatusCreated, in)
	return nil
}

func (s *Server) apiInnovatorUpdate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	old, err := s.innovatorFor(r, c, seedbed.PermRegistryWrite)
	if err != nil {
		return err
	}
	var body innovatorInput
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	if body.Version == 0 {
		return seedbed.FieldError("version", seedbed.Label{Zh: "需要提供被替换记录的版本号", En: "the version being replaced is required"})
	}
	in := body.innovator()
	in.ID = old.ID
	if err := s.Registry.UpdateInnovator(r.Context(), c.Actor, in, body.Version); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, in)
	return nil
}

func (s *Server) apiInnovatorHistory(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	in, err := s.innovatorFor(r, c, seedbed.PermRegistryRead)
	if err != nil {
		return err
	}
	hist, err := s.Registry.InnovatorHistory(r.Context(), in.ID)
	if err != nil {
		return err
	}
	if hist == nil {
		hist = []seedbed.Change{}
	}
	// Old and new contact details are personal data: masked unless asked for, allowed and audited.
	showPersonal := false
	if r.URL.Query().Get("personal") == "1" {
		if err := s.authorize(r, c, seedbed.PermPersonalRead, in.ID); err != nil {
			return err
		}
		if err := s.auditPersonalRead(r, c, in.ID); err != nil {
			return err
		}
		showPersonal = true
	}
	for i := range hist {
		if !showPersonal && strings.HasPrefix(hist[i].Field, "contact_") {
			hist[i].OldValue, hist[i].NewValue = maskPersonal(hist[i].OldValue), maskPersonal(hist[i].NewValue)
		}
	}
	return writePage(w, r, hist)
}

// maskPersonal hides a personal value, keeping only whether there was one.
func maskPersonal(v string) string {
	if v == "" {
		return ""
	}
	return "***"
}
