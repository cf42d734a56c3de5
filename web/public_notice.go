package web

import (
	"html/template"
	"net/http"
	"net/url"

	"seedbed"
	"seedbed/i18n"
)

// The public side of funding notices: current and past notices with their periods, each
// notice's list, the objection form during the period and the answers; the same in JSON.
func (s *Server) publicNoticeRoutes() []route {
	return []route{
		ui("GET", "/public/notices", seedbed.PermPublic, s.publicNoticesPage),
		ui("GET", "/public/notices/{id}", seedbed.PermPublic, s.publicNoticePage),
		ui("POST", "/public/notices/{id}/objections", seedbed.PermPublic, s.publicObjectionSubmit),
		api("GET", "/api/v1/public/notices", seedbed.PermPublic, s.apiPublicNotices),
		api("GET", "/api/v1/public/notices/{id}", seedbed.PermPublic, s.apiPublicNoticeGet),
		api("POST", "/api/v1/public/notices/{id}/objections", seedbed.PermPublic, s.apiPublicObjection),
	}
}

// publicNoticesPerPage is the length of a page of the public list of notices.
const publicNoticesPerPage = 50

type publicNoticesData struct {
	Current, Past []seedbed.PublishedNotice
}

func (s *Server) publicNoticesPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	ns, _, err := s.Notices.PublishedNotices(r.Context(), 0, 0, 500)
	if err != nil {
		return err
	}
	var d publicNoticesData
	for _, n := range ns {
		if n.State == seedbed.NoticeOpen || n.State == seedbed.NoticeUpcoming {
			d.Current = append(d.Current, n)
		} else {
			d.Past = append(d.Past, n)
		}
	}
	return s.render(w, r, "public_notices", i18n.T(c.Lang, "notice.public_title"), d)
}

type publicNoticeData struct {
	N    *seedbed.PublishedNotice
	Form formValues
	Sent bool
}

// publicNotice loads the {id} notice as published; an unknown id answers not found and
// nothing else.
func (s *Server) publicNotice(r *http.Request) (*seedbed.PublishedNotice, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "公示不存在", En: "notice not found"})
	}
	return s.Notices.PublishedNotice(r.Context(), id)
}

func (s *Server) publicNoticePage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	n, err := s.publicNotice(r)
	if err != nil {
		return err
	}
	d := publicNoticeData{N: n, Form: formValues{}, Sent: r.URL.Query().Get("sent") == "1"}
	return s.render(w, r, "public_notice", i18n.T(c.Lang, "notice.public_one", n.ProgramTitle), d)
}

// publicObjectionSubmit takes an objection from the form; on success the browser goes back to
// the notice with a receipt (no cookie: the portal sets none).
func (s *Server) publicObjectionSubmit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	n, err := s.publicNotice(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	form := formValues{"text": r.PostForm.Get("text"), "contact": r.PostForm.Get("contact"), "application_id": r.PostForm.Get("application_id")}
	in := seedbed.CommentInput{Text: form["text"], Contact: form["contact"]}
	var bad error
	if v := form["application_id"]; v != "" {
		in.ApplicationID = int64(formInt(v, "application_id", &bad))
	}
	if bad == nil {
		_, bad = s.Notices.Objection(r.Context(), c.IP, n.ID, in)
	}
	if bad != nil {
		return s.renderWithErrors(w, r, "public_notice", i18n.T(c.Lang, "notice.public_one", n.ProgramTitle), publicNoticeData{N: n, Form: form}, bad)
	}
	to := "/public/notices/" + itoa(n.ID) + "?sent=1"
	if c.Lang == i18n.En {
		to += "&lang=en"
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// apiPublicNotices lists notices, newest first (?program_id=ID, ?page=N).
func (s *Server) apiPublicNotices(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	q := r.URL.Query()
	if err := onlyParams(q, "program_id", "page", "per_page", "lang"); err != nil {
		return err
	}
	page, _, per, err := pageParams(q, publicNoticesPerPage, 200)
	if err != nil {
		return err
	}
	program, err := queryInt(q, "program_id", 0, 1<<53)
	if err != nil {
		return err
	}
	ns, total, err := s.Notices.PublishedNotices(r.Context(), int64(program), (page-1)*per, per)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listPage[seedbed.PublishedNotice]{Total: total, Page: page, Items: ns})
	return nil
}

func (s *Server) apiPublicNoticeGet(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	if err := onlyParams(r.URL.Query(), "lang"); err != nil {
		return err
	}
	n, err := s.publicNotice(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, n)
	return nil
}

// publicReceipt is the answer to an objection or a comment: when it was received, nothing more.
type publicReceipt struct {
	ID          int64  `json:"id"`
	ReceivedAt  string `json:"received_at"`
	ReceivedFor string `json:"received_for"`
}

func (s *Server) apiPublicObjection(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	n, err := s.publicNotice(r)
	if err != nil {
		return err
	}
	var in seedbed.CommentInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	o, err := s.Notices.Objection(r.Context(), c.IP, n.ID, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, publicReceipt{ID: o.ID, ReceivedAt: o.SubmittedAt.In(cst).Format("2006-01-02T15:04:05-07:00"),
		ReceivedFor: "/public/notices/" + itoa(n.ID)})
	return nil
}

// onlyParams refuses (400, naming it) a query parameter not in allowed.
func onlyParams(q url.Values, allowed ...string) error {
	for k := range q {
		ok := false
		for _, a := range allowed {
			ok = ok || k == a
		}
		if !ok {
			return seedbed.FieldError(k, seedbed.Label{Zh: "未知的参数 %q", En: "unknown parameter %q"}, k)
		}
	}
	return nil
}

// noticeFuncs are the template functions of the notice pages.
var noticeFuncs = template.FuncMap{
	"noticeRows": func(p *page, list []seedbed.PublishedNotice) noticeRowsArgs {
		return noticeRowsArgs{Page: p, List: list}
	},
	"consultAnswers": func(p *page, list []seedbed.PublicComment) consultAnswersArgs {
		return consultAnswersArgs{Page: p, List: list}
	},
	"noticeDays": func(start, end string) int { return (&seedbed.PublicNotice{StartOn: start, EndOn: end}).Days() },
}

type noticeRowsArgs struct {
	Page *page
	List []seedbed.PublishedNotice
}

type consultAnswersArgs struct {
	Page *page
	List []seedbed.PublicComment
}
