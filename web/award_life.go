package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"seedbed"
	"seedbed/i18n"
)

// awardLifeRoutes lists the pages' routes of an award's life after it is made: its reporting
// schedule, extensions and variations.
func (s *Server) awardLifeRoutes() []route {
	return []route{
		ui("POST", "/awards/{id}/reports", seedbed.PermProgramManage, s.reportAdd),
		ui("POST", "/reports/{id}/submit", seedbed.PermApply, s.reportSubmit),
		ui("POST", "/reports/{id}/review", seedbed.PermProgramManage, s.reportReview),
		ui("POST", "/awards/{id}/changes", seedbed.PermProgramRead, s.changeRequest),
		ui("POST", "/changes/{id}/decide", seedbed.PermProgramManage, s.changeDecide),
	}
}

// parseDay reads a date typed in a form ("2026-09-30", the end of that day in China Standard
// Time) or an RFC 3339 time, naming field when it is neither.
func parseDay(field, v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, seedbed.FieldError(field, seedbed.Label{Zh: "请填写日期", En: "a date is required"})
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.ParseInLocation("2006-01-02", v, cst); err == nil {
		return t.Add(23*time.Hour + 59*time.Minute).UTC(), nil
	}
	return time.Time{}, seedbed.FieldError(field, seedbed.Label{Zh: "日期格式应为 2026-09-30", En: "the date must look like 2026-09-30"})
}

// awardFormAction runs act for the {id} award's page and returns to it, showing the page with
// the refusal when act refuses.
func (s *Server) awardFormAction(w http.ResponseWriter, r *http.Request, c *reqCtx, aw *seedbed.Award, act func() error, flashKey string) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	owner := c.Actor.InnovatorID != nil && *c.Actor.InnovatorID == aw.InnovatorID
	if err := act(); err != nil {
		if seedbed.ErrorCode(err) == seedbed.EINTERNAL {
			return err
		}
		return s.awardPage(w, r, c, aw, owner, err)
	}
	return s.redirect(w, r, "/awards/"+itoa(aw.ID)+"#life", i18n.T(c.Lang, flashKey))
}

func (s *Server) reportAdd(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	aw, _, err := s.awardFor(r, c)
	if err != nil {
		return err
	}
	return s.awardFormAction(w, r, c, aw, func() error {
		due, err := parseDay("due_at", r.PostForm.Get("due_at"))
		if err != nil {
			return err
		}
		_, err = s.Programs.AddReport(r.Context(), c.Actor, aw.ID, seedbed.ReportInput{Kind: r.PostForm.Get("kind"), DueAt: due})
		return err
	}, "report.added")
}

// reportAward loads the award of the {id} report, refusing an applicant another organisation's.
func (s *Server) reportAward(r *http.Request, c *reqCtx) (int64, *seedbed.Award, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	aw, err := s.Programs.AwardOfReport(r.Context(), id)
	if err != nil {
		return 0, nil, err
	}
	if c.Actor.Role == seedbed.RoleApplicant && (c.Actor.InnovatorID == nil || *c.Actor.InnovatorID != aw.InnovatorID) {
		s.denied(r, c, fmt.Sprintf("report %d of innovator %d", id, aw.InnovatorID))
		return 0, nil, seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "只能处理本单位的资助", En: "you can act only on your own organisation's awards"})
	}
	return id, aw, nil
}

func (s *Server) reportSubmit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, aw, err := s.reportAward(r, c)
	if err != nil {
		return err
	}
	return s.awardFormAction(w, r, c, aw, func() error {
		_, err := s.Programs.SubmitReport(r.Context(), c.Actor, id, r.PostForm.Get("text"))
		return err
	}, "report.submitted")
}

func (s *Server) reportReview(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, aw, err := s.reportAward(r, c)
	if err != nil {
		return err
	}
	return s.awardFormAction(w, r, c, aw, func() error {
		_, err := s.Programs.ReviewReport(r.Context(), c.Actor, id, seedbed.ReportReview{Decision: r.PostForm.Get("decision"), Note: r.PostForm.Get("note")})
		return err
	}, "report.reviewed")
}

// formChange reads an extension or variation from the award page's form: the target is
// "t-<tranche id>" or "r-<report id>".
func formChange(r *http.Request) (seedbed.AwardChangeInput, error) {
	in := seedbed.AwardChangeInput{Kind: r.PostForm.Get("kind"), NewText: r.PostForm.Get("new_text"), Reason: r.PostForm.Get("reason")}
	target := r.PostForm.Get("target")
	if k, v, ok := strings.Cut(target, "-"); ok {
		id, err := strconv.ParseInt(v, 10, 64)
		if err == nil && k == "t" {
			in.TrancheID = id
		} else if err == nil && k == "r" {
			in.ReportID = id
		}
	}
	if in.Kind == seedbed.ChangeExtension {
		due, err := parseDay("new_due_at", r.PostForm.Get("new_due_at"))
		if err != nil {
			return in, err
		}
		in.NewDueAt = due
	}
	return in, nil
}

// changeAward loads the {id} award for a change request, refusing those who may not ask.
func (s *Server) changeAward(r *http.Request, c *reqCtx) (*seedbed.Award, error) {
	aw, _, err := s.awardFor(r, c)
	if err != nil {
		return nil, err
	}
	if err := seedbed.AuthorizeAwardChange(c.Actor, aw.InnovatorID); err != nil {
		s.denied(r, c, fmt.Sprintf("change of award %d", aw.ID))
		return nil, err
	}
	return aw, nil
}

func (s *Server) changeRequest(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	aw, err := s.changeAward(r, c)
	if err != nil {
		return err
	}
	return s.awardFormAction(w, r, c, aw, func() error {
		in, err := formChange(r)
		if err != nil {
			return err
		}
		_, err = s.Programs.RequestChange(r.Context(), c.Actor, aw.ID, in)
		return err
	}, "change.requested")
}

func (s *Server) changeDecide(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	awardID, err := strconv.ParseInt(r.PostForm.Get("award_id"), 10, 64)
	if err != nil {
		return seedbed.FieldError("award_id", seedbed.Label{Zh: "缺少资助编号", En: "the award id is missing"})
	}
	aw, err := s.Programs.GetAward(r.Context(), awardID)
	if err != nil {
		return err
	}
	return s.awardFormAction(w, r, c, aw, func() error {
		_, err := s.Programs.DecideChange(r.Context(), c.Actor, id, seedbed.AwardChangeDecision{Decision: r.PostForm.Get("decision"), Note: r.PostForm.Get("note")})
		return err
	}, "change.decided")
}
