package web

import (
	"fmt"
	"net/http"

	"seedbed"
)

// reviewAPIRoutes lists the routes of review_api.go.
func (s *Server) reviewAPIRoutes() []route {
	return []route{
		api("GET", "/api/v1/reviewers", seedbed.PermProgramRead, s.apiReviewerPool),
		api("PUT", "/api/v1/reviewers/{id}", seedbed.PermProgramManage, s.apiReviewerSave),
		api("GET", "/api/v1/reviewers/me", seedbed.PermReview, s.apiReviewerMe),
		api("PUT", "/api/v1/reviewers/me", seedbed.PermReview, s.apiReviewerSaveMe),
		api("GET", "/api/v1/assignments", seedbed.PermReview, s.apiMyAssignments),
		api("POST", "/api/v1/assignments/{id}/declaration", seedbed.PermReview, s.apiDeclare),
		api("POST", "/api/v1/assignments/{id}/score", seedbed.PermReview, s.apiScore),
	}
}

// reviewerInput is a reviewer's profile as the API accepts it.
type reviewerInput struct {
	OrgID         *int64   `json:"org_id"`
	Expertise     []string `json:"expertise"`
	DeclaredIDs   []int64  `json:"declared_ids"`
	DeclaredNames []string `json:"declared_names"`
}

func (s *Server) apiReviewerPool(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	if err := s.requireOverseer(r, c); err != nil {
		return err
	}
	pool, err := s.Reviews.ReviewerPool(r.Context())
	if err != nil {
		return err
	}
	return writePage(w, r, pool)
}

func (s *Server) saveReviewer(w http.ResponseWriter, r *http.Request, c *reqCtx, userID int64) error {
	var body reviewerInput
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	p := &seedbed.ReviewerProfile{UserID: userID, OrgID: body.OrgID, Expertise: body.Expertise, DeclaredIDs: body.DeclaredIDs, DeclaredNames: body.DeclaredNames}
	if err := s.Reviews.SaveReviewerProfile(r.Context(), c.Actor, p); err != nil {
		return err
	}
	saved, err := s.Reviews.ReviewerProfile(r.Context(), userID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, saved)
	return nil
}

func (s *Server) apiReviewerSave(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.saveReviewer(w, r, c, id)
}

func (s *Server) apiReviewerMe(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.Reviews.ReviewerProfile(r.Context(), c.Actor.UserID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) apiReviewerSaveMe(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.saveReviewer(w, r, c, c.Actor.UserID)
}

func (s *Server) apiMyAssignments(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	state := r.URL.Query().Get("state")
	if state != "" && !seedbed.AssignmentStates.Has(state) {
		return seedbed.FieldError("state", seedbed.Label{Zh: "未知的状态 %q", En: "unknown state %q"}, state)
	}
	list, err := s.Reviews.MyAssignments(r.Context(), c.Actor, state)
	if err != nil {
		return err
	}
	return writePage(w, r, list)
}

// ownAssignmentFor loads the {id} assignment of the acting reviewer; another's is refused and
// audited.
func (s *Server) ownAssignmentFor(r *http.Request, c *reqCtx) (*seedbed.Assignment, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	as, err := s.Reviews.GetAssignment(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if as.ReviewerID != c.Actor.UserID {
		s.denied(r, c, fmt.Sprintf("assignment %d of reviewer %d", id, as.ReviewerID))
		return nil, seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "这不是分配给您的评审任务", En: "this assignment is not yours"})
	}
	return as, nil
}

func (s *Server) apiDeclare(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	as, err := s.ownAssignmentFor(r, c)
	if err != nil {
		return err
	}
	var body seedbed.Declaration
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	as, err = s.Reviews.DeclareConflict(r.Context(), c.Actor, as.ID, body)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, as)
	return nil
}

func (s *Server) apiScore(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	as, err := s.ownAssignmentFor(r, c)
	if err != nil {
		return err
	}
	var body seedbed.ScoreSheet
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	as, err = s.Reviews.ScoreApplication(r.Context(), c.Actor, as.ID, body)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, as)
	return nil
}
