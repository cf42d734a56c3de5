package web

import (
	"encoding/json"
	"net/http"
	"strconv"

	"seedbed"
	"seedbed/i18n"
)

// A person's rights under PIPL, exercised by an officer or administrator on the person's
// request: a copy of everything held (a JSON download, audited as a read of personal data) and
// erasure where the law allows it.
func (s *Server) personRoutes() []route {
	return []route{
		ui("GET", "/innovators/{id}/privacy", seedbed.PermPersonalRights, s.personPage),
		ui("GET", "/innovators/{id}/personal-data.json", seedbed.PermPersonalRights, s.personExport),
		ui("POST", "/innovators/{id}/erasure", seedbed.PermPersonalRights, s.personErase),
		api("GET", "/api/v1/innovators/{id}/personal-data", seedbed.PermPersonalRights, s.personExport),
		api("POST", "/api/v1/innovators/{id}/erasure", seedbed.PermPersonalRights, s.apiPersonErase),
	}
}

type personPageData struct {
	In     *seedbed.Innovator
	Person bool // an individual or a team: the whole record can be erased
	Scope  string
	Reason string
	Done   *seedbed.Erasure
}

func (s *Server) personPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	in, err := s.innovatorFor(r, c, seedbed.PermPersonalRights)
	if err != nil {
		return err
	}
	return s.render(w, r, "person", i18n.T(c.Lang, "person.title", in.Name), newPersonPage(in))
}

func newPersonPage(in *seedbed.Innovator) personPageData {
	d := personPageData{In: in, Person: in.Kind == seedbed.KindIndividual || in.Kind == seedbed.KindTeam, Scope: seedbed.EraseContact}
	if d.Person {
		d.Scope = seedbed.ErasePerson
	}
	return d
}

// personExport answers the export as a JSON download.
func (s *Server) personExport(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.Persons.Export(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="personal-data-`+strconv.FormatInt(id, 10)+`.json"`)
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(b)
	return err
}

func (s *Server) personErase(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	in, err := s.innovatorFor(r, c, seedbed.PermPersonalRights)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	d := newPersonPage(in)
	d.Scope, d.Reason = r.PostForm.Get("scope"), r.PostForm.Get("reason")
	title := i18n.T(c.Lang, "person.title", in.Name)
	if r.PostForm.Get("confirm") != "1" {
		return s.renderWithErrors(w, r, "person", title, d, seedbed.FieldError("confirm", seedbed.Label{Zh: "请勾选确认：删除不可撤销", En: "tick the box to confirm: erasure cannot be undone"}))
	}
	if _, err := s.Persons.Erase(r.Context(), c.Actor, in.ID, d.Scope, d.Reason); err != nil {
		return s.renderWithErrors(w, r, "person", title, d, err)
	}
	return s.redirect(w, r, "/innovators/"+itoa(in.ID), i18n.T(c.Lang, "person.erased"))
}

type erasureInput struct {
	Scope  string `json:"scope"`
	Reason string `json:"reason"`
}

func (s *Server) apiPersonErase(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var body erasureInput
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	out, err := s.Persons.Erase(r.Context(), c.Actor, id, body.Scope, body.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
