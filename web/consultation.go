package web

import (
	"net/http"
	"strconv"
	"strings"

	"seedbed"
	"seedbed/i18n"
	"seedbed/policy"
)

// The officers' side of drafts open for comment (征求意见): every consultation, the form that
// opens a draft version for comment, each consultation's comments with their contacts (for
// officers and auditors, each look audited), the answers and the conclusion.
func (s *Server) consultationRoutes() []route {
	return []route{
		ui("GET", "/consultations", seedbed.PermNoticeRead, s.consultationsPage),
		ui("POST", "/consultations", seedbed.PermPolicyWrite, s.consultationOpen),
		ui("GET", "/consultations/{id}", seedbed.PermNoticeRead, s.consultationPage),
		ui("POST", "/consultations/{id}/comments/{cid}/answer", seedbed.PermPolicyWrite, s.commentAnswer),
		ui("POST", "/consultations/{id}/conclude", seedbed.PermPolicyWrite, s.consultationConclude),
		api("GET", "/api/v1/consultations", seedbed.PermNoticeRead, s.apiConsultations),
		api("POST", "/api/v1/consultations", seedbed.PermPolicyWrite, s.apiConsultationOpen),
		api("GET", "/api/v1/consultations/{id}/comments", seedbed.PermNoticeRead, s.apiComments),
		api("POST", "/api/v1/consultations/{id}/comments/{cid}/answer", seedbed.PermPolicyWrite, s.apiCommentAnswer),
		api("POST", "/api/v1/consultations/{id}/conclude", seedbed.PermPolicyWrite, s.apiConsultationConclude),
	}
}

type consultationsData struct {
	listView
	List    []seedbed.Consultation
	Drafts  []policy.Version
	Form    formValues
	CanEdit bool
	Today   string
	Default string
}

func (s *Server) consultationsPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.renderConsultations(w, r, c, formValues{}, nil)
}

func (s *Server) renderConsultations(w http.ResponseWriter, r *http.Request, c *reqCtx, form formValues, bad error) error {
	pg, off, lim, err := pageParams(r.URL.Query(), 50, 500)
	if err != nil {
		return s.renderWithErrors(w, r, "consultations", i18n.T(c.Lang, "consult.title"), consultationsData{listView: emptyListView}, err)
	}
	list, total, err := s.Consultations.Consultations(r.Context(), "", off, lim)
	if err != nil {
		return err
	}
	// a policy with a consultation not yet concluded cannot have another: its drafts are not offered
	drafts, err := s.Consultations.ConsultableDrafts(r.Context())
	if err != nil {
		return err
	}
	today := seedbed.DateCST(s.today())
	d := consultationsData{listView: newListView(pg, lim, total, seedbed.Order{}), List: list, Drafts: drafts, Form: form, Today: today, Default: seedbed.DefaultNoticeEnd(today, 0),
		CanEdit: seedbed.RoleCan(c.Actor.Role, seedbed.PermPolicyWrite)}
	title := i18n.T(c.Lang, "consult.title")
	if bad != nil {
		return s.renderWithErrors(w, r, "consultations", title, d, bad)
	}
	return s.render(w, r, "consultations", title, d)
}

// draftRef splits "policy-id@version" as the form's choice of draft sends it.
func draftRef(v string) (string, int, error) {
	id, ver, ok := strings.Cut(v, "@")
	n, err := strconv.Atoi(ver)
	if !ok || id == "" || err != nil || n < 1 {
		return "", 0, seedbed.FieldError("draft", seedbed.Label{Zh: "请选择一个政策草案", En: "choose a draft policy version"})
	}
	return id, n, nil
}

func (s *Server) consultationOpen(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	form := formValues{}
	for _, k := range []string{"draft", "start_on", "end_on", "note"} {
		form[k] = r.PostForm.Get(k)
	}
	id, version, err := draftRef(form["draft"])
	var k *seedbed.Consultation
	if err == nil {
		k, err = s.Consultations.OpenConsultation(r.Context(), c.Actor, id, version, noticePeriodOf(form))
	}
	if err != nil {
		return s.renderConsultations(w, r, c, form, err)
	}
	return s.redirect(w, r, "/consultations/"+itoa(k.ID), i18n.T(c.Lang, "consult.opened"))
}

type consultationData struct {
	K        *seedbed.Consultation
	State    string
	Comments []seedbed.PublicComment
	Versions []policy.Version // published versions the conclusion may name
	CanEdit  bool
	// SeeDraft: the viewer may open the draft's own page (drafts are not public; the public
	// consultation page shows its text to everyone).
	SeeDraft bool
	Form     formValues
}

// consultationFor loads the {id} consultation.
func (s *Server) consultationFor(r *http.Request) (*seedbed.Consultation, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "征求意见不存在", En: "consultation not found"})
	}
	return s.Consultations.Consultation(r.Context(), id)
}

func (s *Server) consultationPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	k, err := s.consultationFor(r)
	if err != nil {
		return err
	}
	return s.renderConsultation(w, r, c, k, formValues{}, nil)
}

func (s *Server) renderConsultation(w http.ResponseWriter, r *http.Request, c *reqCtx, k *seedbed.Consultation, form formValues, bad error) error {
	cs, err := s.Consultations.Comments(r.Context(), k.ID)
	if err != nil {
		return err
	}
	vs, err := s.Policies.Versions(r.Context(), policy.VersionFilter{PolicyID: k.PolicyID, Status: policy.VersionPublished})
	if err != nil {
		return err
	}
	d := consultationData{K: k, State: k.State(seedbed.DateCST(s.today())), Comments: cs, Versions: vs, Form: form,
		CanEdit: seedbed.RoleCan(c.Actor.Role, seedbed.PermPolicyWrite), SeeDraft: canSeeDrafts(c)}
	for _, x := range cs {
		if x.Contact != "" {
			if err := s.auditCommentRead(r, c, k.ID); err != nil {
				return err
			}
			break
		}
	}
	title := i18n.T(c.Lang, "consult.one", k.Title.In(c.Lang), k.Version)
	if bad != nil {
		return s.renderWithErrors(w, r, "consultation", title, d, bad)
	}
	return s.render(w, r, "consultation", title, d)
}

// auditCommentRead records that the actor saw the contacts of a consultation's commenters.
func (s *Server) auditCommentRead(r *http.Request, c *reqCtx, id int64) error {
	return s.Audit.Record(r.Context(), seedbed.AuditEntry{Actor: c.Actor.Username, Role: c.Actor.Role, Action: "personal.read",
		Entity: "consultation", EntityID: strconv.FormatInt(id, 10), Detail: "commenters' contacts", IP: c.IP})
}

func (s *Server) commentAnswer(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	k, err := s.consultationFor(r)
	if err != nil {
		return err
	}
	cid, err := pathID(r, "cid")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if _, err := s.Consultations.AnswerComment(r.Context(), c.Actor, k.ID, cid, r.PostForm.Get("answer")); err != nil {
		return s.renderConsultation(w, r, c, k, formValues{}, err)
	}
	return s.redirect(w, r, "/consultations/"+itoa(k.ID)+"#c-"+itoa(cid), i18n.T(c.Lang, "notice.answered"))
}

func (s *Server) consultationConclude(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	k, err := s.consultationFor(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	form := formValues{"final_version": r.PostForm.Get("final_version"), "conclusion": r.PostForm.Get("conclusion")}
	var bad error
	final := formInt(form["final_version"], "final_version", &bad)
	if bad == nil {
		_, bad = s.Consultations.ConcludeConsultation(r.Context(), c.Actor, k.ID, final, form["conclusion"])
	}
	if bad != nil {
		return s.renderConsultation(w, r, c, k, form, bad)
	}
	return s.redirect(w, r, "/consultations/"+itoa(k.ID), i18n.T(c.Lang, "consult.concluded"))
}

func (s *Server) apiConsultations(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	pg, off, lim, err := pageParams(r.URL.Query(), listPerPage, listMaxPerPage)
	if err != nil {
		return err
	}
	list, total, err := s.Consultations.Consultations(r.Context(), r.URL.Query().Get("policy_id"), off, lim)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listPage[seedbed.Consultation]{Total: total, Page: pg, Items: list})
	return nil
}

// consultationInput is what the API sends to open a consultation.
type consultationInput struct {
	PolicyID string `json:"policy_id"`
	Version  int    `json:"version"`
	seedbed.NoticePeriod
}

func (s *Server) apiConsultationOpen(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	var in consultationInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	k, err := s.Consultations.OpenConsultation(r.Context(), c.Actor, in.PolicyID, in.Version, in.NoticePeriod)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, k)
	return nil
}

// apiComments lists a consultation's comments with the commenters' contacts; the read is audited.
func (s *Server) apiComments(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	k, err := s.consultationFor(r)
	if err != nil {
		return err
	}
	cs, err := s.Consultations.Comments(r.Context(), k.ID)
	if err != nil {
		return err
	}
	if err := s.auditCommentRead(r, c, k.ID); err != nil {
		return err
	}
	return writePage(w, r, cs)
}

func (s *Server) apiCommentAnswer(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	k, err := s.consultationFor(r)
	if err != nil {
		return err
	}
	cid, err := pathID(r, "cid")
	if err != nil {
		return err
	}
	var in struct {
		Answer string `json:"answer"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := s.Consultations.AnswerComment(r.Context(), c.Actor, k.ID, cid, in.Answer)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, x)
	return nil
}

func (s *Server) apiConsultationConclude(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	k, err := s.consultationFor(r)
	if err != nil {
		return err
	}
	var in struct {
		FinalVersion int    `json:"final_version"`
		Conclusion   string `json:"conclusion"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	done, err := s.Consultations.ConcludeConsultation(r.Context(), c.Actor, k.ID, in.FinalVersion, in.Conclusion)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, done)
	return nil
}
