package web

import (
	"fmt"
	"net/http"

	"seedbed"
)

// awardAPIRoutes lists the routes of award_api.go.
func (s *Server) awardAPIRoutes() []route {
	return []route{
		api("GET", "/api/v1/awards", seedbed.PermProgramRead, s.apiAwardList),
		api("GET", "/api/v1/awards/{id}", seedbed.PermProgramRead, s.apiAwardGet),
		api("GET", "/api/v1/awards/todo", seedbed.PermProgramRead, s.apiAwardTodo),
		api("POST", "/api/v1/programs/{id}/awards", seedbed.PermProgramManage, s.apiAwardCreate),
		api("POST", "/api/v1/tranches/{id}/evidence", seedbed.PermApply, s.apiTrancheEvidence),
		api("POST", "/api/v1/tranches/{id}/review", seedbed.PermProgramManage, s.apiTrancheReview),
		api("POST", "/api/v1/tranches/{id}/release", seedbed.PermProgramManage, s.apiTrancheRelease),
	}
}

// awardFilter reads list filters; an applicant sees its own organisation's awards. Everyone else
// sees every award, as published (公示): who, which program, how much; only overseers and the
// recipient see the milestone evidence.
func awardFilter(r *http.Request, c *reqCtx) (seedbed.AwardFilter, int, error) {
	q := r.URL.Query()
	f := seedbed.AwardFilter{Status: q.Get("status"), InnovatorIDs: seedbed.ScopeInnovators(c.Actor)}
	if f.Status != "" && !seedbed.AwardStatuses.Has(f.Status) {
		return f, 0, seedbed.FieldError("status", seedbed.Label{Zh: "未知的状态 %q", En: "unknown status %q"}, f.Status)
	}
	if v := q.Get("program_id"); v != "" {
		var id int64
		if _, err := fmt.Sscan(v, &id); err != nil || id <= 0 {
			return f, 0, seedbed.FieldError("program_id", seedbed.Label{Zh: "应为计划编号", En: "must be a program id"})
		}
		f.ProgramID = id
	}
	pg, off, lim, o, err := readListParams(q, seedbed.AwardSorts, 50, 500)
	if err != nil {
		return f, 0, err
	}
	f.Offset, f.Limit, f.Order = off, lim, o
	return f, pg, nil
}

func (s *Server) apiAwardList(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	f, pg, err := awardFilter(r, c)
	if err != nil {
		return err
	}
	items, total, err := s.Programs.FindAwards(r.Context(), f)
	if err != nil {
		return err
	}
	for i := range items {
		items[i] = withoutPrivateAward(items[i], overseer(c.Actor) || f.InnovatorIDs != nil)
	}
	writeJSON(w, http.StatusOK, listPage[seedbed.Award]{Total: total, Page: pg, Items: items})
	return nil
}

// awardFor loads the {id} award: overseers and the recipient see it whole, an applicant may not
// see another organisation's, everyone else sees what is published.
func (s *Server) awardFor(r *http.Request, c *reqCtx) (*seedbed.Award, bool, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, false, err
	}
	aw, err := s.Programs.GetAward(r.Context(), id)
	if err != nil {
		return nil, false, err
	}
	owner := c.Actor.Role == seedbed.RoleApplicant && c.Actor.InnovatorID != nil && *c.Actor.InnovatorID == aw.InnovatorID
	if c.Actor.Role == seedbed.RoleApplicant && !owner {
		s.denied(r, c, fmt.Sprintf("award %d of innovator %d", id, aw.InnovatorID))
		return nil, false, seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "只能查看本单位的资助", En: "you can see only your own organisation's awards"})
	}
	full := owner || overseer(c.Actor)
	out := withoutPrivateAward(*aw, full)
	return &out, owner, nil
}

func (s *Server) apiAwardGet(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	aw, _, err := s.awardFor(r, c)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, aw)
	return nil
}

func (s *Server) apiAwardCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	var body seedbed.AwardInput
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	aw, err := s.Programs.CreateAward(r.Context(), c.Actor, p.ID, body)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/awards/"+itoa(aw.ID))
	writeJSON(w, http.StatusCreated, aw)
	return nil
}

// evidenceInput is a recipient's evidence that a milestone was reached.
type evidenceInput struct {
	Evidence string `json:"evidence"`
}

func (s *Server) apiTrancheEvidence(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	aw, err := s.Programs.AwardOfTranche(r.Context(), id)
	if err != nil {
		return err
	}
	if c.Actor.InnovatorID == nil || *c.Actor.InnovatorID != aw.InnovatorID {
		s.denied(r, c, fmt.Sprintf("tranche %d of innovator %d", id, aw.InnovatorID))
		return seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "只有受资助单位可以提交里程碑证明", En: "only the recipient may submit milestone evidence"})
	}
	var body evidenceInput
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	t, err := s.Programs.SubmitEvidence(r.Context(), c.Actor, id, body.Evidence)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

func (s *Server) apiTrancheReview(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var body seedbed.MilestoneReview
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	aw, err := s.Programs.ReviewMilestone(r.Context(), c.Actor, id, body)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, aw)
	return nil
}

func (s *Server) apiTrancheRelease(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	aw, err := s.Programs.ReleaseTranche(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, aw)
	return nil
}

func (s *Server) apiAwardTodo(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	t, err := s.Programs.AwardTodo(r.Context(), c.Actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}
