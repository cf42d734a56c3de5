package web

import (
	"net/http"
	"time"

	"seedbed"
	"seedbed/i18n"
	"seedbed/policy"
)

// The public side of drafts open for comment: every consultation with its period, the draft's
// rules in words, the comment form during the period, and the comments answered with the
// bureau's answers (nothing about who sent them); the same in JSON.
func (s *Server) publicConsultationRoutes() []route {
	return []route{
		ui("GET", "/public/consultations", seedbed.PermPublic, s.publicConsultationsPage),
		ui("GET", "/public/consultations/{id}", seedbed.PermPublic, s.publicConsultationPage),
		ui("POST", "/public/consultations/{id}/comments", seedbed.PermPublic, s.publicCommentSubmit),
		api("GET", "/api/v1/public/consultations", seedbed.PermPublic, s.apiPublicConsultations),
		api("GET", "/api/v1/public/consultations/{id}", seedbed.PermPublic, s.apiPublicConsultation),
		api("POST", "/api/v1/public/consultations/{id}/comments", seedbed.PermPublic, s.apiPublicComment),
	}
}

// publicConsultation is a consultation as the public sees it.
type publicConsultation struct {
	ID           int64                   `json:"id"`
	PolicyID     string                  `json:"policy_id"`
	Version      int                     `json:"version"`
	Title        seedbed.Label           `json:"title"`
	StartOn      string                  `json:"start_on"`
	EndOn        string                  `json:"end_on"`
	State        string                  `json:"state"`
	Note         string                  `json:"note"`
	OpenedAt     time.Time               `json:"opened_at"`
	ConcludedAt  *time.Time              `json:"concluded_at,omitempty"`
	FinalVersion int                     `json:"final_version,omitempty"`
	Conclusion   string                  `json:"conclusion,omitempty"`
	Comments     int                     `json:"comments"`
	Answered     int                     `json:"answered"`
	Answers      []seedbed.PublicComment `json:"answers,omitempty"`
}

func (s *Server) toPublicConsultation(k seedbed.Consultation) publicConsultation {
	return publicConsultation{ID: k.ID, PolicyID: k.PolicyID, Version: k.Version, Title: k.Title, StartOn: k.StartOn, EndOn: k.EndOn,
		State: k.State(seedbed.DateCST(s.today())), Note: k.Note, OpenedAt: k.OpenedAt, ConcludedAt: k.ConcludedAt,
		FinalVersion: k.FinalVersion, Conclusion: k.Conclusion, Comments: k.Comments, Answered: k.Answered}
}

// publishedConsultations are the consultations on a policy (or all) as the public sees them, with
// their answered comments when withAnswers.
func (s *Server) publishedConsultations(r *http.Request, policyID string, withAnswers bool) ([]publicConsultation, error) {
	list, _, err := s.Consultations.Consultations(r.Context(), policyID, 0, 1000)
	if err != nil {
		return nil, err
	}
	out := make([]publicConsultation, len(list))
	for i, k := range list {
		out[i] = s.toPublicConsultation(k)
		if withAnswers {
			if out[i].Answers, err = s.Consultations.PublishedComments(r.Context(), k.ID); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func (s *Server) publicConsultationsPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	list, err := s.publishedConsultations(r, "", false)
	if err != nil {
		return err
	}
	return s.render(w, r, "public_consultations", i18n.T(c.Lang, "consult.public_title"), list)
}

type publicConsultationData struct {
	K     publicConsultation
	Doc   *policy.Document
	Rules []policy.Rule
	Form  formValues
	Sent  bool
}

// publicConsultationOf loads the {id} consultation as published, with its answered comments;
// an unknown id answers not found and nothing else.
func (s *Server) publicConsultationOf(r *http.Request) (*publicConsultation, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "征求意见不存在", En: "consultation not found"})
	}
	k, err := s.Consultations.Consultation(r.Context(), id)
	if err != nil {
		return nil, err
	}
	p := s.toPublicConsultation(*k)
	if p.Answers, err = s.Consultations.PublishedComments(r.Context(), k.ID); err != nil {
		return nil, err
	}
	return &p, nil
}

func (s *Server) renderPublicConsultation(w http.ResponseWriter, r *http.Request, c *reqCtx, k *publicConsultation, form formValues, sent bool, bad error) error {
	d := publicConsultationData{K: *k, Form: form, Sent: sent}
	pv, err := s.Policies.Version(r.Context(), k.PolicyID, k.Version)
	if err != nil {
		return err
	}
	if cp, err := s.Policies.Compile(r.Context(), pv); err == nil {
		d.Doc, d.Rules = cp.Document(), cp.Rules()
	}
	title := i18n.T(c.Lang, "consult.one", k.Title.In(c.Lang), k.Version)
	if bad != nil {
		return s.renderWithErrors(w, r, "public_consultation", title, d, bad)
	}
	return s.render(w, r, "public_consultation", title, d)
}

func (s *Server) publicConsultationPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	k, err := s.publicConsultationOf(r)
	if err != nil {
		return err
	}
	return s.renderPublicConsultation(w, r, c, k, formValues{}, r.URL.Query().Get("sent") == "1", nil)
}

func (s *Server) publicCommentSubmit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	k, err := s.publicConsultationOf(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	form := formValues{"text": r.PostForm.Get("text"), "contact": r.PostForm.Get("contact")}
	if _, err := s.Consultations.Comment(r.Context(), c.IP, k.ID, seedbed.CommentInput{Text: form["text"], Contact: form["contact"]}); err != nil {
		return s.renderPublicConsultation(w, r, c, k, form, false, err)
	}
	to := "/public/consultations/" + itoa(k.ID) + "?sent=1"
	if c.Lang == i18n.En {
		to += "&lang=en"
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// apiPublicConsultations lists the consultations, newest first (?policy_id=ID).
func (s *Server) apiPublicConsultations(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	q := r.URL.Query()
	if err := onlyParams(q, "policy_id", "lang", "page", "per_page"); err != nil {
		return err
	}
	list, err := s.publishedConsultations(r, q.Get("policy_id"), false)
	if err != nil {
		return err
	}
	return writePage(w, r, list)
}

func (s *Server) apiPublicConsultation(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	if err := onlyParams(r.URL.Query(), "lang"); err != nil {
		return err
	}
	k, err := s.publicConsultationOf(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, k)
	return nil
}

func (s *Server) apiPublicComment(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	k, err := s.publicConsultationOf(r)
	if err != nil {
		return err
	}
	var in seedbed.CommentInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := s.Consultations.Comment(r.Context(), c.IP, k.ID, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, publicReceipt{ID: x.ID, ReceivedAt: x.SubmittedAt.In(cst).Format("2006-01-02T15:04:05-07:00"),
		ReceivedFor: "/public/consultations/" + itoa(k.ID)})
	return nil
}
