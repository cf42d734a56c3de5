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

// awardRoutes lists the routes of award.go.
func (s *Server) awardRoutes() []route {
	return []route{
		ui("GET", "/awards", seedbed.PermProgramRead, s.awardList),
		ui("GET", "/awards/{id}", seedbed.PermProgramRead, s.awardShow),
		ui("POST", "/programs/{id}/awards", seedbed.PermProgramManage, s.awardCreate),
		ui("POST", "/tranches/{id}/evidence", seedbed.PermApply, s.trancheEvidence),
		ui("POST", "/tranches/{id}/review", seedbed.PermProgramManage, s.trancheReview),
		ui("POST", "/tranches/{id}/release", seedbed.PermProgramManage, s.trancheRelease),
	}
}

type awardListData struct {
	listView
	Items        []seedbed.Award
	Status       string
	Amount, Paid int64
	Todo         seedbed.AwardTodo
}

func (s *Server) awardList(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	title := i18n.T(c.Lang, "awards.title")
	f, pg, err := awardFilter(r, c)
	if err != nil {
		return s.renderWithErrors(w, r, "awards", title, awardListData{}, err)
	}
	items, total, err := s.Programs.FindAwards(r.Context(), f)
	if err != nil {
		return err
	}
	d := awardListData{listView: newListView(pg, f.Limit, total, f.Order), Status: f.Status}
	if d.Todo, err = s.Programs.AwardTodo(r.Context(), c.Actor); err != nil {
		return err
	}
	// The cards add up the whole filtered list, not only this page.
	sums, err := s.Programs.SumAwards(r.Context(), f)
	if err != nil {
		return err
	}
	d.Amount, d.Paid = sums.Amount, sums.Released
	for _, aw := range items {
		d.Items = append(d.Items, withoutPrivateAward(aw, overseer(c.Actor) || f.InnovatorIDs != nil))
	}
	return s.render(w, r, "awards", title, d)
}

type awardShowData struct {
	A         *seedbed.Award
	Owner     bool
	CanManage bool
	Next      int64 // the tranche whose turn it is
	// SeeApplication: the viewer may open the application (its recipient or those who oversee).
	SeeApplication bool
	// Milestone is what accepting the next tranche's milestone may do for the viewer: nothing
	// while an earlier acceptance awaits a second officer. NoRelease says, in the viewer's
	// language, why the next tranche cannot be released by the viewer ("" when it can).
	Milestone seedbed.ProposalGate
	NoRelease string
	// CanReport: the viewer may record an outcome of the award (the right the outcome form asks).
	CanReport bool
	// The program's terms that bound the award's life: its kind, the end of its period and its
	// cap on reports a year.
	Kind      string
	End       time.Time
	ReportCap int
}

func (s *Server) awardShow(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	aw, owner, err := s.awardFor(r, c)
	if err != nil {
		return err
	}
	return s.awardPage(w, r, c, aw, owner, nil)
}

func (s *Server) awardPage(w http.ResponseWriter, r *http.Request, c *reqCtx, aw *seedbed.Award, owner bool, actionErr error) error {
	d := awardShowData{A: aw, Owner: owner, CanManage: seedbed.RoleCan(c.Actor.Role, seedbed.PermProgramManage), SeeApplication: owner || overseer(c.Actor),
		CanReport: canWriteFor(c.Actor, aw.InnovatorID)}
	p, err := s.Programs.GetProgram(r.Context(), aw.ProgramID)
	if err != nil {
		return err
	}
	d.Kind, d.End, d.ReportCap = p.Kind, p.End(), p.ReportCap
	for i, t := range aw.Tranches {
		if t.Status == seedbed.TranchePending {
			d.Next = t.ID
			if d.CanManage && t.MilestoneStatus == seedbed.MilestoneAccepted {
				if err := s.Programs.Releasable(c.Actor, aw, &aw.Tranches[i]); err != nil {
					d.NoRelease = seedbed.ErrorIn(err, c.Lang)
				}
			}
			break
		}
	}
	if d.CanManage && d.Next != 0 {
		if d.Milestone, err = s.Programs.MilestoneGate(r.Context(), c.Actor, aw.ID); err != nil {
			return err
		}
	}
	title := i18n.T(c.Lang, "award.title", aw.ID)
	if actionErr != nil {
		return s.renderWithErrors(w, r, "award", title, d, actionErr)
	}
	return s.render(w, r, "award", title, d)
}

func (s *Server) awardCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	var in seedbed.AwardInput
	in.Note = strings.TrimSpace(r.PostForm.Get("note"))
	var bad error
	if in.ApplicationID, err = strconv.ParseInt(r.PostForm.Get("application_id"), 10, 64); err != nil {
		bad = seedbed.FieldError("application_id", seedbed.Label{Zh: "请选择申请", En: "choose an application"})
	}
	if v := strings.ReplaceAll(strings.TrimSpace(r.PostForm.Get("amount")), ",", ""); v != "" && bad == nil {
		if in.Amount, err = strconv.ParseInt(v, 10, 64); err != nil {
			bad = seedbed.FieldError("amount", seedbed.Label{Zh: "金额应为整数（元）", En: "the amount must be a whole number of yuan"})
		}
	}
	if bad == nil {
		_, bad = s.Programs.CreateAward(r.Context(), c.Actor, p.ID, in)
	}
	if bad != nil {
		return s.consolePage(w, r, c, p, bad)
	}
	return s.redirect(w, r, "/programs/"+itoa(p.ID)+"/review#awards", i18n.T(c.Lang, "award.created"))
}

// trancheAction runs an action on the {id} tranche and returns to its award.
func (s *Server) trancheAction(w http.ResponseWriter, r *http.Request, c *reqCtx, act func(id int64) error, flashKey string) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	aw, err := s.Programs.AwardOfTranche(r.Context(), id)
	if err != nil {
		return err
	}
	owner := c.Actor.InnovatorID != nil && *c.Actor.InnovatorID == aw.InnovatorID
	if c.Actor.Role == seedbed.RoleApplicant && !owner {
		s.denied(r, c, fmt.Sprintf("tranche %d of innovator %d", id, aw.InnovatorID))
		return seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "只能处理本单位的资助", En: "you can act only on your own organisation's awards"})
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if err := act(id); err != nil {
		return s.awardPage(w, r, c, aw, owner, err)
	}
	return s.redirect(w, r, "/awards/"+itoa(aw.ID), i18n.T(c.Lang, flashKey))
}

func (s *Server) trancheEvidence(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.trancheAction(w, r, c, func(id int64) error {
		_, err := s.Programs.SubmitEvidence(r.Context(), c.Actor, id, r.PostForm.Get("evidence"))
		return err
	}, "award.evidence_sent")
}

func (s *Server) trancheReview(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.trancheAction(w, r, c, func(id int64) error {
		review := seedbed.MilestoneReview{Decision: r.PostForm.Get("decision"), Note: r.PostForm.Get("note")}
		_, err := s.Programs.ReviewMilestone(r.Context(), c.Actor, id, review)
		return err
	}, "award.reviewed")
}

func (s *Server) trancheRelease(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.trancheAction(w, r, c, func(id int64) error {
		_, err := s.Programs.ReleaseTranche(r.Context(), c.Actor, id)
		return err
	}, "award.released")
}
