package web

import (
	"fmt"
	"html/template"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"seedbed"
)

// assignmentRows carries a list of assignments into the shared table template.
type assignmentRows struct {
	Page *page
	List []seedbed.Assignment
}

// The program module's navigation, option sets and template helpers.
// programFuncs are the template functions of the program pages.
var programFuncs = template.FuncMap{
	"progLabel": func(lang string, l seedbed.Label) string { return l.In(lang) },
	"progYuan":  formatYuan,
	"progFixed": func(digits int, x float64) string { return strconv.FormatFloat(x, 'f', digits, 64) },
	"progSqrt":  func(x float64) string { return strconv.FormatFloat(math.Sqrt(x), 'f', 1, 64) },
	"progPct": func(part, whole int64) string {
		if whole <= 0 {
			return "0"
		}
		return strconv.FormatFloat(100*float64(part)/float64(whole), 'f', 0, 64)
	},
	"progCode": seedbed.AppCode,
	"progTime": func(t *time.Time) time.Time {
		if t == nil {
			return time.Time{}
		}
		return *t
	},
	// blindField names the kind of field an identity mention is in (extra.<key> → extra).
	"blindField": func(field string) string {
		if strings.HasPrefix(field, "extra.") {
			return "extra"
		}
		return field
	},
	"progRows": func(p *page, list []seedbed.Assignment) assignmentRows { return assignmentRows{Page: p, List: list} },
}

// formatYuan writes an amount of yuan with thousands separators: 1,250,000.
func formatYuan(v int64) string {
	s := strconv.FormatInt(v, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// overseer reports whether the actor may read everything about programs: officers and admins,
// who manage them, and auditors, who check them.
func overseer(a seedbed.Actor) bool {
	return seedbed.RoleCan(a.Role, seedbed.PermProgramManage) || seedbed.RoleCan(a.Role, seedbed.PermAuditRead)
}

// requireOverseer refuses (and audits) a request from anyone who may not read everything.
func (s *Server) requireOverseer(r *http.Request, c *reqCtx) error {
	if overseer(c.Actor) {
		return nil
	}
	s.denied(r, c, "program oversight")
	return seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "只有项目主管和审计人员可以查看", En: "only program officers and auditors may see this"})
}

// programFor loads the {id} program; drafts are shown only to overseers.
func (s *Server) programFor(r *http.Request, c *reqCtx) (*seedbed.Program, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	p, err := s.Programs.GetProgram(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if p.State == seedbed.ProgramDraft && !overseer(c.Actor) {
		s.denied(r, c, fmt.Sprintf("draft program %d", id))
		return nil, seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "计划尚未发布", En: "the program has not been published"})
	}
	return p, nil
}

// programStatesFor lists the program states an actor's listings show: all for overseers, the
// published ones for everyone else.
func programStatesFor(a seedbed.Actor) []string {
	if overseer(a) {
		return nil
	}
	return []string{seedbed.ProgramOpen, seedbed.ProgramInReview, seedbed.ProgramDecided, seedbed.ProgramClosed}
}

// ownsApplication reports whether the actor is the applicant organisation of app.
func ownsApplication(a seedbed.Actor, app *seedbed.Application) bool {
	return a.Role == seedbed.RoleApplicant && a.InnovatorID != nil && *a.InnovatorID == app.InnovatorID
}

// applicationFor loads the {id} application and decides whether the actor may read it: overseers
// always, the applicant organisation its own, a reviewer one assigned to them after declaring
// no conflict. Refusals are audited. asReviewer is true when the actor reads as a reviewer.
func (s *Server) applicationFor(r *http.Request, c *reqCtx) (app *seedbed.Application, asReviewer bool, err error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, false, err
	}
	app, err = s.Programs.GetApplication(r.Context(), id)
	if err != nil {
		return nil, false, err
	}
	switch {
	case overseer(c.Actor), ownsApplication(c.Actor, app):
		return app, false, nil
	case c.Actor.Role == seedbed.RoleReviewer:
		app, _, err := s.Reviews.ReviewerApplication(r.Context(), c.Actor, id)
		if err != nil {
			s.denied(r, c, seedbed.LabelDetail(seedbed.Label{Zh: fmt.Sprintf("申请 %d：%s", id, seedbed.ErrorIn(err, "zh")),
				En: fmt.Sprintf("application %d: %s", id, seedbed.ErrorIn(err, "en"))}))
			return nil, false, err
		}
		return app, true, nil
	}
	s.denied(r, c, fmt.Sprintf("application %d of innovator %d", id, app.InnovatorID))
	return nil, false, seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "只能查看本单位的申请", En: "you can see only your own organisation's applications"})
}

// ownApplication loads the {id} application for a change by its applicant organisation.
func (s *Server) ownApplication(r *http.Request, c *reqCtx) (*seedbed.Application, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	app, err := s.Programs.GetApplication(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if !ownsApplication(c.Actor, app) {
		s.denied(r, c, fmt.Sprintf("change application %d of innovator %d", id, app.InnovatorID))
		return nil, seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "只能修改本单位的申请", En: "you can change only your own organisation's applications"})
	}
	return app, nil
}

// withoutPrivateAward blanks what only overseers and the recipient see of an award (full): the
// milestone evidence and the officers' notes.
func withoutPrivateAward(aw seedbed.Award, full bool) seedbed.Award {
	if full {
		return aw
	}
	ts := make([]seedbed.Tranche, len(aw.Tranches))
	for i, t := range aw.Tranches {
		t.Evidence, t.ReviewNote, t.ReviewedBy, t.ReleasedBy = "", "", "", ""
		ts[i] = t
	}
	aw.Tranches, aw.StatusNote, aw.AwardedBy = ts, "", ""
	rs := make([]seedbed.Report, len(aw.Reports))
	for i, r := range aw.Reports {
		r.Text, r.ReviewNote, r.SubmittedBy, r.ReviewedBy = "", "", "", ""
		rs[i] = r
	}
	cs := make([]seedbed.AwardChange, len(aw.Changes))
	for i, c := range aw.Changes {
		c.Reason, c.DecisionNote, c.RequestedBy, c.DecidedBy = "", "", "", ""
		cs[i] = c
	}
	aw.Reports, aw.Changes = rs, cs
	return aw
}
