package web

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"seedbed"
	"seedbed/i18n"
)

// Two-person rules (双人复核): the proposals waiting for a second account, and the page where
// one approves or rejects them. A use case that proposes instead of acting answers with
// *seedbed.Proposed, which Error turns into 202 Accepted (API) or a redirect to the proposal.

// approvalRoutes lists the routes of approval.go.
func (s *Server) approvalRoutes() []route {
	return []route{
		ui("GET", "/approvals", seedbed.PermLedgerRead, s.approvalList),
		ui("GET", "/approvals/{id}", seedbed.PermLedgerRead, s.approvalShow),
		ui("POST", "/approvals/{id}/{decision}", seedbed.PermProgramManage, s.approvalDecide),
		api("GET", "/api/v1/approvals", seedbed.PermLedgerRead, s.apiApprovalList),
		api("GET", "/api/v1/approvals/{id}", seedbed.PermLedgerRead, s.apiApprovalGet),
		api("POST", "/api/v1/approvals/{id}/{decision}", seedbed.PermProgramManage, s.apiApprovalDecide),
	}
}

// approvalListData is every proposal waiting (a short work list, whole) and one page of the
// decided ones, newest first; the pager pages the decided.
type approvalListData struct {
	listView
	Pending []seedbed.Approval
	Decided []seedbed.Approval
}

func (s *Server) approvalList(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	title := i18n.T(c.Lang, "approval.list.title")
	pg, off, lim, err := pageParams(r.URL.Query(), 50, 500)
	if err != nil {
		return s.renderWithErrors(w, r, "approvals", title, approvalListData{listView: emptyListView}, err)
	}
	pending, err := s.Approvals.Pending(r.Context(), c.Actor)
	if err != nil {
		return err
	}
	decided, total, err := s.Approvals.Find(r.Context(), seedbed.ApprovalFilter{Decided: true, Offset: off, Limit: lim})
	if err != nil {
		return err
	}
	d := approvalListData{listView: newListView(pg, lim, total, seedbed.Order{}), Pending: pending, Decided: decided}
	return s.render(w, r, "approvals", title, d)
}

type approvalShowData struct {
	Approval *seedbed.Approval
	// CanApprove, CanReject: the viewer may approve it (the right role, not its proposer, still
	// pending) or reject it (its proposer withdrawing it, too), by the rules Approve and Reject run.
	CanApprove, CanReject, Own bool
	Note                       string
}

func (s *Server) approvalShow(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.approvalPage(w, r, c, "", nil)
}

func (s *Server) approvalPage(w http.ResponseWriter, r *http.Request, c *reqCtx, note string, actionErr error) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ap, err := s.Approvals.Get(r.Context(), id)
	if err != nil {
		return err
	}
	d := approvalShowData{Approval: ap, Note: note, Own: strings.EqualFold(ap.ProposedBy, c.Actor.Username)}
	d.CanApprove, d.CanReject = ap.Approvable(c.Actor) == nil, ap.Rejectable(c.Actor) == nil
	title := i18n.T(c.Lang, "approval.title", ap.ID)
	if actionErr != nil {
		return s.renderWithErrors(w, r, "approval", title, d, actionErr)
	}
	return s.render(w, r, "approval", title, d)
}

// approvalNote reads and checks the note of a decision.
func approvalNote(note string) (string, error) {
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > 2000 {
		return "", seedbed.FieldError("note", seedbed.Label{Zh: "意见不能超过 2000 字", En: "the note is longer than 2000 characters"})
	}
	return note, nil
}

// decideApproval approves or rejects by the path's decision.
func (s *Server) decideApproval(r *http.Request, c *reqCtx, note string) (*seedbed.Approval, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	if note, err = approvalNote(note); err != nil {
		return nil, err
	}
	switch r.PathValue("decision") {
	case "approve":
		return s.Approvals.Approve(r.Context(), c.Actor, id, note)
	case "reject":
		return s.Approvals.Reject(r.Context(), c.Actor, id, note)
	}
	return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "未知的复核决定 %q：应为 approve 或 reject", En: "unknown decision %q: use approve or reject"}, r.PathValue("decision"))
}

func (s *Server) approvalDecide(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	note := r.PostForm.Get("note")
	ap, err := s.decideApproval(r, c, note)
	if err != nil {
		if asErrors(err) == nil || seedbed.ErrorCode(err) == seedbed.ENOTFOUND {
			return err
		}
		return s.approvalPage(w, r, c, note, err)
	}
	return s.redirect(w, r, "/approvals/"+itoa(ap.ID), i18n.T(c.Lang, "approval.decided."+ap.Status))
}

func (s *Server) apiApprovalList(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	var items []seedbed.Approval
	var err error
	switch st := r.URL.Query().Get("status"); st {
	case "", seedbed.ApprovalPending:
		items, err = s.Approvals.Pending(r.Context(), c.Actor)
	case seedbed.ApprovalApproved, seedbed.ApprovalRejected, "all":
		if st == "all" {
			st = ""
		}
		items, _, err = s.Approvals.Find(r.Context(), seedbed.ApprovalFilter{Status: st, Limit: 200})
	default:
		return seedbed.FieldError("status", seedbed.Label{Zh: "status 应为 pending、approved、rejected 或 all", En: "status must be pending, approved, rejected or all"})
	}
	if err != nil {
		return err
	}
	return writePage(w, r, items)
}

func (s *Server) apiApprovalGet(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ap, err := s.Approvals.Get(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ap)
	return nil
}

func (s *Server) apiApprovalDecide(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	var in struct {
		Note string `json:"note"`
	}
	if err := decodeOptionalJSON(w, r, &in); err != nil {
		return err
	}
	ap, err := s.decideApproval(r, c, in.Note)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ap)
	return nil
}

// proposedAnswer answers a use case that proposed a decision under a two-person rule instead of
// taking it: 202 with the proposal for the API, a redirect to the proposal for a browser.
func (s *Server) proposedAnswer(w http.ResponseWriter, r *http.Request, p *seedbed.Proposed) {
	c := ctxOf(r)
	if isAPI(r) || wantsJSON(r) {
		writeJSON(w, http.StatusAccepted, p.Approval)
		return
	}
	s.redirect(w, r, "/approvals/"+itoa(p.Approval.ID), i18n.T(c.Lang, "approval.proposed"))
}
