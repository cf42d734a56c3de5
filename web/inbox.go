package web

import (
	"net/http"
	"strings"

	"seedbed"
	"seedbed/i18n"
)

// inboxRoutes lists the routes of the inbox: every signed-in account has one, and sees only its
// own messages.
func (s *Server) inboxRoutes() []route {
	return []route{
		ui("GET", "/inbox", seedbed.PermSelf, s.inboxPage),
		ui("POST", "/inbox/{id}/read", seedbed.PermSelf, s.inboxRead),
		ui("POST", "/inbox/read", seedbed.PermSelf, s.inboxReadAll),
		ui("POST", "/inbox/email", seedbed.PermSelf, s.inboxEmail),
		api("GET", "/api/v1/inbox", seedbed.PermSelf, s.apiInbox),
		api("POST", "/api/v1/inbox/{id}/read", seedbed.PermSelf, s.apiInboxRead),
		api("POST", "/api/v1/inbox/read", seedbed.PermSelf, s.apiInboxReadAll),
		api("PUT", "/api/v1/inbox/email", seedbed.PermSelf, s.apiInboxEmail),
	}
}

// inboxPageData is one page of the actor's messages.
type inboxPageData struct {
	listView
	Items      []seedbed.Message
	Unread     int
	UnreadOnly bool
	Email      string
}

func inboxFilter(r *http.Request) (seedbed.MessageFilter, int, error) {
	q := r.URL.Query()
	pg, offset, limit, o, err := readListParams(q, seedbed.MessageSorts, 50, listMaxPerPage)
	if err != nil {
		return seedbed.MessageFilter{}, 0, err
	}
	f := seedbed.MessageFilter{Unread: q.Get("unread") == "1", Offset: offset, Limit: limit, Order: o}
	return f, pg, nil
}

func (s *Server) inboxPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.inboxView(w, r, c, nil)
}

func (s *Server) inboxView(w http.ResponseWriter, r *http.Request, c *reqCtx, bad error) error {
	title := i18n.T(c.Lang, "inbox.title")
	f, pg, err := inboxFilter(r)
	if err != nil {
		return s.renderWithErrors(w, r, "inbox", title, inboxPageData{}, err)
	}
	items, total, unread, err := s.Inbox.Messages(r.Context(), c.Actor, f)
	if err != nil {
		return err
	}
	email, err := s.Inbox.Email(r.Context(), c.Actor)
	if err != nil {
		return err
	}
	d := inboxPageData{listView: newListView(pg, f.Limit, total, f.Order), Items: items, Unread: unread, UnreadOnly: f.Unread, Email: email}
	if bad != nil {
		return s.renderWithErrors(w, r, "inbox", title, d, bad)
	}
	return s.render(w, r, "inbox", title, d)
}

func (s *Server) inboxRead(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if _, err := s.Inbox.MarkRead(r.Context(), c.Actor, id); err != nil {
		return err
	}
	// Going on to the message's link is what reading it means; only paths inside seedbed.
	if next := r.PostForm.Get("next"); strings.HasPrefix(next, "/") && !strings.HasPrefix(next, "//") {
		return s.redirect(w, r, next, "")
	}
	return s.redirect(w, r, "/inbox", i18n.T(c.Lang, "inbox.marked"))
}

func (s *Server) inboxReadAll(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	if _, err := s.Inbox.MarkRead(r.Context(), c.Actor, 0); err != nil {
		return err
	}
	return s.redirect(w, r, "/inbox", i18n.T(c.Lang, "inbox.marked_all"))
}

func (s *Server) inboxEmail(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	if err := s.Inbox.SetEmail(r.Context(), c.Actor, r.PostForm.Get("email")); err != nil {
		if seedbed.ErrorCode(err) == seedbed.EINVALID {
			return s.inboxView(w, r, c, err)
		}
		return err
	}
	return s.redirect(w, r, "/inbox", i18n.T(c.Lang, "inbox.email_saved"))
}

// inboxList is the API's page of messages with the unread count.
type inboxList struct {
	Total  int               `json:"total"`
	Unread int               `json:"unread"`
	Page   int               `json:"page"`
	Items  []seedbed.Message `json:"items"`
}

func (s *Server) apiInbox(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	f, pg, err := inboxFilter(r)
	if err != nil {
		return err
	}
	items, total, unread, err := s.Inbox.Messages(r.Context(), c.Actor, f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, inboxList{Total: total, Unread: unread, Page: pg, Items: items})
	return nil
}

func (s *Server) apiInboxRead(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	n, err := s.Inbox.MarkRead(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]int{"marked": n})
	return nil
}

func (s *Server) apiInboxReadAll(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	n, err := s.Inbox.MarkRead(r.Context(), c.Actor, 0)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]int{"marked": n})
	return nil
}

// emailInput sets the address one's messages are sent to.
type emailInput struct {
	Email string `json:"email"`
}

func (s *Server) apiInboxEmail(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	var body emailInput
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	if err := s.Inbox.SetEmail(r.Context(), c.Actor, body.Email); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, body)
	return nil
}
