package web

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"

	"seedbed"
)

// applicationAPIRoutes lists the routes of application_api.go.
func (s *Server) applicationAPIRoutes() []route {
	return []route{
		api("GET", "/api/v1/applications", seedbed.PermProgramRead, s.apiApplicationList),
		api("POST", "/api/v1/programs/{id}/applications", seedbed.PermApply, s.apiApplicationCreate),
		api("GET", "/api/v1/applications/{id}", seedbed.PermProgramRead, s.apiApplicationGet),
		api("PUT", "/api/v1/applications/{id}", seedbed.PermApply, s.apiApplicationUpdate),
		api("POST", "/api/v1/applications/{id}/submit", seedbed.PermApply, s.apiApplicationSubmit),
		api("POST", "/api/v1/applications/{id}/withdraw", seedbed.PermApply, s.apiApplicationWithdraw),
		api("POST", "/api/v1/applications/{id}/attachments", seedbed.PermApply, s.apiAttachmentAdd),
		api("GET", "/api/v1/applications/{id}/attachments/{aid}", seedbed.PermProgramRead, s.attachmentDownload),
		api("DELETE", "/api/v1/applications/{id}/attachments/{aid}", seedbed.PermApply, s.apiAttachmentDelete),
	}
}

// applicationInput is the light form: what the API accepts to start or replace a draft.
type applicationInput struct {
	Title          string            `json:"title"`
	Direction      string            `json:"direction"`
	Team           string            `json:"team"`
	Unlocks        string            `json:"unlocks"`
	Amount         int64             `json:"amount"`
	Field          string            `json:"field"`
	Tags           []string          `json:"tags"`
	People         []string          `json:"people"`
	CoApplicantIDs []int64           `json:"coapplicant_ids"`
	Extra          map[string]string `json:"extra"`
	Version        int               `json:"version,omitempty"`
}

func (in applicationInput) application() *seedbed.Application {
	return &seedbed.Application{Title: in.Title, Direction: in.Direction, Team: in.Team, Unlocks: in.Unlocks, Amount: in.Amount,
		Field: in.Field, Tags: in.Tags, People: in.People, CoApplicantIDs: in.CoApplicantIDs, Extra: in.Extra}
}

// applicationScope returns the filter limiting the actor's application listings: overseers see
// every application, an applicant its organisation's, a reviewer those opened to them.
func (s *Server) applicationScope(r *http.Request, c *reqCtx) (seedbed.ApplicationFilter, error) {
	var f seedbed.ApplicationFilter
	q := r.URL.Query()
	if v := q.Get("program_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return f, seedbed.FieldError("program_id", seedbed.Label{Zh: "应为计划编号", En: "must be a program id"})
		}
		f.ProgramID = id
	}
	if f.State = q.Get("state"); f.State != "" && !seedbed.AppStates.Has(f.State) {
		return f, seedbed.FieldError("state", seedbed.Label{Zh: "未知的状态 %q", En: "unknown state %q"}, f.State)
	}
	if f.Outcome = q.Get("outcome"); f.Outcome != "" && !seedbed.Outcomes.Has(f.Outcome) {
		return f, seedbed.FieldError("outcome", seedbed.Label{Zh: "未知的结果 %q", En: "unknown outcome %q"}, f.Outcome)
	}
	_, off, lim, o, err := readListParams(q, seedbed.ApplicationSorts, 50, 500)
	if err != nil {
		return f, err
	}
	f.Offset, f.Limit, f.Order = off, lim, o
	switch {
	case overseer(c.Actor):
	case c.Actor.Role == seedbed.RoleApplicant:
		f.InnovatorIDs = seedbed.ScopeInnovators(c.Actor)
	case c.Actor.Role == seedbed.RoleReviewer:
		list, err := s.Reviews.FindAssignments(r.Context(), seedbed.AssignmentFilter{ReviewerID: c.Actor.UserID})
		if err != nil {
			return f, err
		}
		f.IDs = []int64{}
		for _, as := range list {
			if as.State == seedbed.AssignmentOpen || as.State == seedbed.AssignmentScored {
				f.IDs = append(f.IDs, as.ApplicationID)
			}
		}
	default:
		s.denied(r, c, "application list")
		return f, seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "无权查看申请", En: "you may not see applications"})
	}
	return f, nil
}

func (s *Server) apiApplicationList(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	f, err := s.applicationScope(r, c)
	if err != nil {
		return err
	}
	items, total, err := s.Programs.FindApplications(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listPage[seedbed.Application]{Total: total, Page: f.Offset/max(f.Limit, 1) + 1, Items: items})
	return nil
}

// newApplication starts a draft for the actor's organisation.
func (s *Server) newApplication(r *http.Request, c *reqCtx, programID int64, app *seedbed.Application) error {
	if c.Actor.InnovatorID == nil {
		s.denied(r, c, "apply without an organisation")
		return seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "账号未关联创新主体，不能申报", En: "your account belongs to no organisation and cannot apply"})
	}
	app.ProgramID, app.InnovatorID = programID, *c.Actor.InnovatorID
	return s.Programs.CreateApplication(r.Context(), c.Actor, app)
}

func (s *Server) apiApplicationCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	var body applicationInput
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	app := body.application()
	if err := s.newApplication(r, c, p.ID, app); err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/applications/"+itoa(app.ID))
	writeJSON(w, http.StatusCreated, app)
	return nil
}

func (s *Server) apiApplicationGet(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	app, _, err := s.applicationFor(r, c)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, app)
	return nil
}

func (s *Server) apiApplicationUpdate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	old, err := s.ownApplication(r, c)
	if err != nil {
		return err
	}
	var body applicationInput
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	if body.Version == 0 {
		return seedbed.FieldError("version", seedbed.Label{Zh: "需要提供被替换申请的版本号", En: "the version being replaced is required"})
	}
	app := body.application()
	app.ID = old.ID
	if err := s.Programs.UpdateApplication(r.Context(), c.Actor, app, body.Version); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, app)
	return nil
}

func (s *Server) apiApplicationSubmit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	app, err := s.ownApplication(r, c)
	if err != nil {
		return err
	}
	app, err = s.Programs.SubmitApplication(r.Context(), c.Actor, app.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, app)
	return nil
}

// withdrawInput gives the reason for a withdrawal.
type withdrawInput struct {
	Reason string `json:"reason"`
}

func (s *Server) apiApplicationWithdraw(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	app, err := s.ownApplication(r, c)
	if err != nil {
		return err
	}
	var body withdrawInput
	if err := decodeOptionalJSON(w, r, &body); err != nil {
		return err
	}
	app, err = s.Programs.WithdrawApplication(r.Context(), c.Actor, app.ID, body.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, app)
	return nil
}

// readUpload reads the "file" part of a multipart request, within the attachment size limit,
// and sniffs its type from the bytes.
func readUpload(w http.ResponseWriter, r *http.Request) (name, contentType string, data []byte, err error) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		return "", "", nil, seedbed.FieldError("file", seedbed.Label{Zh: "请以 multipart/form-data 上传 file 字段", En: `upload the file as the "file" part of multipart/form-data`})
	}
	r.Body = http.MaxBytesReader(w, r.Body, seedbed.MaxAttachmentSize+64<<10)
	f, hdr, err := r.FormFile("file")
	if err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return "", "", nil, &seedbed.Error{Code: seedbed.ETOOLARGE, Field: "file", Text: seedbed.Label{Zh: "文件超过 5 MiB", En: "the file is larger than 5 MiB"}}
		}
		return "", "", nil, seedbed.FieldError("file", seedbed.Label{Zh: "请选择要上传的文件", En: "choose a file to upload"})
	}
	defer f.Close()
	data, err = io.ReadAll(io.LimitReader(f, seedbed.MaxAttachmentSize+1))
	if err != nil {
		return "", "", nil, seedbed.FieldError("file", seedbed.Label{Zh: "无法读取文件", En: "the file could not be read"})
	}
	if len(data) > seedbed.MaxAttachmentSize {
		return "", "", nil, &seedbed.Error{Code: seedbed.ETOOLARGE, Field: "file", Text: seedbed.Label{Zh: "文件超过 5 MiB", En: "the file is larger than 5 MiB"}}
	}
	return hdr.Filename, http.DetectContentType(data), data, nil
}

func (s *Server) apiAttachmentAdd(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	app, err := s.ownApplication(r, c)
	if err != nil {
		return err
	}
	name, ct, data, err := readUpload(w, r)
	if err != nil {
		return err
	}
	att, err := s.Programs.AddAttachment(r.Context(), c.Actor, app.ID, name, ct, data)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, att)
	return nil
}

// attachmentDownload serves an attachment as a download, never rendered in the page.
func (s *Server) attachmentDownload(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	app, _, err := s.applicationFor(r, c)
	if err != nil {
		return err
	}
	aid, err := pathID(r, "aid")
	if err != nil {
		return err
	}
	if app.InnovatorID == 0 { // anonymised for a reviewer of a blind program
		return seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "匿名评审期间不提供附件", En: "attachments are withheld during blind review"})
	}
	att, data, err := s.Programs.Attachment(r.Context(), app.ID, aid)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", att.ContentType)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(att.Filename))
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(data)
	return nil
}

func (s *Server) apiAttachmentDelete(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	app, err := s.ownApplication(r, c)
	if err != nil {
		return err
	}
	aid, err := pathID(r, "aid")
	if err != nil {
		return err
	}
	if err := s.Programs.DeleteAttachment(r.Context(), c.Actor, app.ID, aid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
