package web

import (
	"net/http"
	"strconv"

	"seedbed"
	"seedbed/i18n"
)

// The officers' side of funding notices (资助名单公示): a program's notices with every
// objection and its contact (for officers and auditors, each look audited), the form that
// publishes the funded list, the answers and the close.
func (s *Server) noticeRoutes() []route {
	return []route{
		ui("GET", "/programs/{id}/notices", seedbed.PermNoticeRead, s.programNoticesPage),
		ui("POST", "/programs/{id}/notices", seedbed.PermProgramManage, s.noticePublish),
		ui("POST", "/notices/{id}/objections/{oid}/answer", seedbed.PermProgramManage, s.objectionAnswer),
		ui("POST", "/notices/{id}/close", seedbed.PermProgramManage, s.noticeClose),
		api("GET", "/api/v1/programs/{id}/notices", seedbed.PermNoticeRead, s.apiProgramNotices),
		api("POST", "/api/v1/programs/{id}/notices", seedbed.PermProgramManage, s.apiNoticePublish),
		api("GET", "/api/v1/notices/{id}/objections", seedbed.PermNoticeRead, s.apiObjections),
		api("POST", "/api/v1/notices/{id}/objections/{oid}/answer", seedbed.PermProgramManage, s.apiObjectionAnswer),
		api("POST", "/api/v1/notices/{id}/close", seedbed.PermProgramManage, s.apiNoticeClose),
	}
}

// officerNotice is a notice with its objections, as officers and auditors see it.
type officerNotice struct {
	seedbed.FundingNotice
	State      string
	Comments   []seedbed.PublicComment
	CanClose   bool
	Unanswered int
}

type programNoticesData struct {
	listView
	P       *seedbed.Program
	Notices []officerNotice
	Form    formValues
	Default string // the default last day for a notice starting today
	CanEdit bool
	Today   string
}

func (s *Server) programNoticesPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	return s.renderProgramNotices(w, r, c, p, formValues{}, nil)
}

// renderProgramNotices shows a program's notices, with the publish form filled with form and
// the errors of bad (nil when none).
func (s *Server) renderProgramNotices(w http.ResponseWriter, r *http.Request, c *reqCtx, p *seedbed.Program, form formValues, bad error) error {
	title := i18n.T(c.Lang, "notice.title", p.Title)
	pg, off, lim, err := pageParams(r.URL.Query(), 20, 100)
	if err != nil {
		return s.renderWithErrors(w, r, "notices", title, programNoticesData{listView: emptyListView, P: p}, err)
	}
	ns, total, err := s.Notices.Notices(r.Context(), p.ID, off, lim)
	if err != nil {
		return err
	}
	today := seedbed.DateCST(s.today())
	d := programNoticesData{listView: newListView(pg, lim, total, seedbed.Order{}), P: p, Form: form, Today: today, Default: seedbed.DefaultNoticeEnd(today, 0),
		CanEdit: seedbed.RoleCan(c.Actor.Role, seedbed.PermProgramManage)}
	contacts := false
	for _, n := range ns {
		cs, err := s.Notices.Objections(r.Context(), n.ID)
		if err != nil {
			return err
		}
		on := officerNotice{FundingNotice: n, State: n.State(today), Comments: cs, Unanswered: n.Objections - n.Answered}
		on.CanClose = on.State == seedbed.NoticeEnded && on.Unanswered == 0
		for _, x := range cs {
			contacts = contacts || x.Contact != ""
		}
		d.Notices = append(d.Notices, on)
	}
	if contacts {
		if err := s.auditNoticeRead(r, c, p.ID); err != nil {
			return err
		}
	}
	if bad != nil {
		return s.renderWithErrors(w, r, "notices", title, d, bad)
	}
	return s.render(w, r, "notices", title, d)
}

// auditNoticeRead records that the actor saw the contacts of the objectors to a program's notices.
func (s *Server) auditNoticeRead(r *http.Request, c *reqCtx, programID int64) error {
	return s.Audit.Record(r.Context(), seedbed.AuditEntry{Actor: c.Actor.Username, Role: c.Actor.Role, Action: "personal.read",
		Entity: "program", EntityID: strconv.FormatInt(programID, 10), Detail: "objectors' contacts", IP: c.IP})
}

func noticePeriodOf(form formValues) seedbed.NoticePeriod {
	return seedbed.NoticePeriod{StartOn: form["start_on"], EndOn: form["end_on"], AllowAnonymous: form["allow_anonymous"] == "yes", Note: form["note"]}
}

func (s *Server) noticePublish(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	form := formValues{}
	for _, k := range []string{"start_on", "end_on", "allow_anonymous", "note"} {
		form[k] = r.PostForm.Get(k)
	}
	if _, err := s.Notices.PublishNotice(r.Context(), c.Actor, p.ID, noticePeriodOf(form)); err != nil {
		return s.renderProgramNotices(w, r, c, p, form, err)
	}
	return s.redirect(w, r, "/programs/"+itoa(p.ID)+"/notices", i18n.T(c.Lang, "notice.published"))
}

// noticeFor loads the {id} notice.
func (s *Server) noticeFor(r *http.Request) (*seedbed.FundingNotice, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.Notices.Notice(r.Context(), id)
}

func (s *Server) objectionAnswer(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	n, err := s.noticeFor(r)
	if err != nil {
		return err
	}
	oid, err := pathID(r, "oid")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if _, err := s.Notices.AnswerObjection(r.Context(), c.Actor, n.ID, oid, r.PostForm.Get("answer")); err != nil {
		p, perr := s.Programs.GetProgram(r.Context(), n.ProgramID)
		if perr != nil {
			return perr
		}
		return s.renderProgramNotices(w, r, c, p, formValues{}, err)
	}
	return s.redirect(w, r, "/programs/"+itoa(n.ProgramID)+"/notices#o-"+itoa(oid), i18n.T(c.Lang, "notice.answered"))
}

func (s *Server) noticeClose(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	n, err := s.noticeFor(r)
	if err != nil {
		return err
	}
	if _, err := s.Notices.CloseNotice(r.Context(), c.Actor, n.ID); err != nil {
		p, perr := s.Programs.GetProgram(r.Context(), n.ProgramID)
		if perr != nil {
			return perr
		}
		return s.renderProgramNotices(w, r, c, p, formValues{}, err)
	}
	return s.redirect(w, r, "/programs/"+itoa(n.ProgramID)+"/notices", i18n.T(c.Lang, "notice.closed_ok"))
}

func (s *Server) apiProgramNotices(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	page, offset, limit, err := pageParams(r.URL.Query(), listPerPage, listMaxPerPage)
	if err != nil {
		return err
	}
	ns, total, err := s.Notices.Notices(r.Context(), p.ID, offset, limit)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listPage[seedbed.FundingNotice]{Total: total, Page: page, Items: ns})
	return nil
}

func (s *Server) apiNoticePublish(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	var in seedbed.NoticePeriod
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	n, err := s.Notices.PublishNotice(r.Context(), c.Actor, p.ID, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, n)
	return nil
}

// apiObjections lists a notice's objections with the objectors' contacts; the read is audited.
func (s *Server) apiObjections(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	n, err := s.noticeFor(r)
	if err != nil {
		return err
	}
	cs, err := s.Notices.Objections(r.Context(), n.ID)
	if err != nil {
		return err
	}
	if err := s.auditNoticeRead(r, c, n.ProgramID); err != nil {
		return err
	}
	return writePage(w, r, cs)
}

func (s *Server) apiObjectionAnswer(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	n, err := s.noticeFor(r)
	if err != nil {
		return err
	}
	oid, err := pathID(r, "oid")
	if err != nil {
		return err
	}
	var in struct {
		Answer string `json:"answer"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	o, err := s.Notices.AnswerObjection(r.Context(), c.Actor, n.ID, oid, in.Answer)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, o)
	return nil
}

func (s *Server) apiNoticeClose(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	n, err := s.noticeFor(r)
	if err != nil {
		return err
	}
	closed, err := s.Notices.CloseNotice(r.Context(), c.Actor, n.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, closed)
	return nil
}
