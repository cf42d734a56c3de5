package web

import (
	"fmt"
	"net/http"
	"strconv"

	"seedbed"
	"seedbed/evaluation"
)

// The monitoring and impact module: indicator series entered by awardees and officers or
// imported, momentum shown to reviewers, the complacency early warning (死于安乐) with its flags,
// and the percentile-based impact of awards and programs.

// monitoringRoutes lists the routes of monitoring.go.
func (s *Server) monitoringRoutes() []route {
	return []route{
		ui("GET", "/monitoring", seedbed.PermMonitorRead, s.flagList),
		ui("GET", "/monitoring/flags/{id}", seedbed.PermMonitorRead, s.flagShow),
		ui("POST", "/monitoring/flags/{id}/resolve", seedbed.PermProgramManage, s.flagResolve),
		ui("POST", "/monitoring/recompute", seedbed.PermProgramManage, s.flagRecompute),
		ui("GET", "/monitoring/import", seedbed.PermMonitorWrite, s.observationImportPage),
		ui("POST", "/monitoring/import", seedbed.PermMonitorWrite, s.observationImportUpload),
		ui("GET", "/monitoring/observations/{id}/correct", seedbed.PermMonitorWrite, s.correctionPage),
		ui("POST", "/monitoring/observations/{id}/correct", seedbed.PermMonitorWrite, s.correctionSave),
		ui("GET", "/innovators/{id}/monitoring", seedbed.PermRegistryRead, s.innovatorMonitoring),
		ui("GET", "/innovators/{id}/report", seedbed.PermMonitorWrite, s.reportPage),
		ui("POST", "/innovators/{id}/report", seedbed.PermMonitorWrite, s.reportSave),
		ui("GET", "/impact", seedbed.PermMonitorRead, s.impactPage),
		ui("GET", "/impact/programs/{id}", seedbed.PermMonitorRead, s.impactProgramPage),
		ui("GET", "/impact/outcomes/new", seedbed.PermMonitorWrite, s.outcomeNew),
		ui("POST", "/impact/outcomes", seedbed.PermMonitorWrite, s.outcomeCreate),

		api("GET", "/api/v1/monitoring/flags", seedbed.PermMonitorRead, s.apiFlagList),
		api("GET", "/api/v1/monitoring/flags/{id}", seedbed.PermMonitorRead, s.apiFlagGet),
		api("POST", "/api/v1/monitoring/flags/{id}/resolve", seedbed.PermProgramManage, s.apiFlagResolve),
		api("POST", "/api/v1/monitoring/flags/recompute", seedbed.PermProgramManage, s.apiFlagRecompute),
		api("POST", "/api/v1/observations", seedbed.PermMonitorWrite, s.apiObservationsAdd),
		api("POST", "/api/v1/observations/import", seedbed.PermMonitorWrite, s.apiObservationsImport),
		api("PUT", "/api/v1/observations/{id}", seedbed.PermMonitorWrite, s.apiObservationCorrect),
		api("GET", "/api/v1/innovators/{id}/observations", seedbed.PermRegistryRead, s.apiInnovatorObservations),
		api("GET", "/api/v1/innovators/{id}/momentum", seedbed.PermRegistryRead, s.apiMomentum),
		api("GET", "/api/v1/innovators/{id}/monitoring", seedbed.PermRegistryRead, s.apiInnovatorMonitoring),
		api("GET", "/api/v1/impact/portfolio", seedbed.PermMonitorRead, s.apiImpactPortfolio),
		api("GET", "/api/v1/impact/programs/{id}", seedbed.PermMonitorRead, s.apiImpactProgram),
		api("GET", "/api/v1/outcomes", seedbed.PermMonitorRead, s.apiOutcomeList),
		api("POST", "/api/v1/outcomes", seedbed.PermMonitorWrite, s.apiOutcomeCreate),
	}
}

// mayMonitor decides who may see an innovator's series and assessments: officers, admins and
// auditors (PermMonitorRead) for anyone, an applicant for its own organisation (it reports
// them). A refusal is audited.
func (s *Server) mayMonitor(r *http.Request, c *reqCtx, innovatorID int64) error {
	if seedbed.RoleCan(c.Actor.Role, seedbed.PermMonitorRead) {
		return nil
	}
	return s.authorize(r, c, seedbed.PermMonitorWrite, innovatorID)
}

// mayMomentum adds reviewers to mayMonitor: momentum is shown to them beside the applications
// they review.
func (s *Server) mayMomentum(r *http.Request, c *reqCtx, innovatorID int64) error {
	if c.Actor.Role == seedbed.RoleReviewer {
		// A reviewer sees momentum only beside an application assigned to them and opened
		// after declaring no conflict, never for any innovator it names.
		as, err := s.Reviews.FindAssignments(r.Context(), seedbed.AssignmentFilter{ReviewerID: c.Actor.UserID})
		if err != nil {
			return err
		}
		for _, a := range as {
			if a.State != seedbed.AssignmentOpen && a.State != seedbed.AssignmentScored {
				continue
			}
			app, err := s.Programs.GetApplication(r.Context(), a.ApplicationID)
			if err == nil && app.InnovatorID == innovatorID {
				return nil
			}
		}
		s.denied(r, c, fmt.Sprintf("momentum of innovator %d (not an opened assignment)", innovatorID))
		return seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "只能查看分配给您并已声明无利益冲突的申请人的发展势头", En: "you can see momentum only for applicants of applications assigned to you and opened after your declaration"})
	}
	return s.mayMonitor(r, c, innovatorID)
}

// canWriteFor reports whether the actor may enter values for an innovator (to show links).
func canWriteFor(a seedbed.Actor, innovatorID int64) bool {
	return seedbed.Authorize(a, seedbed.PermMonitorWrite, &innovatorID) == nil
}

// lastCompleteQuarter is the quarter before the one the server's clock is in: the reference
// quarter of a momentum score shown now.
func (s *Server) lastCompleteQuarter() evaluation.Quarter {
	return s.Monitoring.CurrentQuarter().Add(-1)
}

// queryQuarter reads an optional quarter query parameter ("2024Q2" or "2024年第2季度").
func queryQuarter(r *http.Request, name string, def evaluation.Quarter) (evaluation.Quarter, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	q, err := evaluation.ParseQuarter(v)
	if err != nil {
		return 0, seedbed.FieldError(name, "%s", err)
	}
	return q, nil
}

// queryID reads an optional positive id query parameter.
func queryID(r *http.Request, name string) (int64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, seedbed.FieldError(name, seedbed.Label{Zh: "应为正整数，而不是 %q", En: "must be a positive whole number, not %q"}, v)
	}
	return id, nil
}

// labelIn returns a label in the page's language.
func labelIn(l seedbed.Label, lang string) string { return l.In(lang) }
