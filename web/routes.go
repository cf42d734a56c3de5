package web

import (
	"net/http"

	"seedbed"
)

// routeTable lists every route with the permission that guards it, one feature's table at a
// time; each table lives beside the feature's handlers. Adding a route to one of these tables is
// the only way to serve one, so every route goes through guard; the access test walks this table.
func (s *Server) routeTable() []route {
	var rs []route
	for _, feature := range [][]route{
		s.foundationRoutes(), s.accountRoutes(), s.userAdminRoutes(), s.totpRoutes(), s.personRoutes(), s.cultureRoutes(),
		s.policyRoutes(),
		s.programRoutes(), s.programRubricRoutes(), s.programAPIRoutes(), s.programSelectionRoutes(), s.programLotteryRoutes(), s.fairReviewRoutes(), s.replyRoutes(), s.championRoutes(), s.panelRoutes(),
		s.applicationRoutes(), s.applicationAPIRoutes(),
		s.reviewRoutes(), s.reviewAPIRoutes(),
		s.awardRoutes(), s.awardAPIRoutes(), s.awardLifeRoutes(), s.awardLifeAPIRoutes(), s.awardCloseoutRoutes(), s.letterRoutes(), s.inboxRoutes(),
		s.monitoringRoutes(),
		s.ledgerRoutes(), s.failureRoutes(),
		s.exemptionRoutes(), s.exemptionAPIRoutes(), s.exemptionProcedureRoutes(),
		s.labRoutes(),
		s.ecosystemRoutes(), s.ecosystemAPIRoutes(),
		s.approvalRoutes(), s.eligibilityOverrideRoutes(), s.riskFilingRoutes(), s.selectionReopenRoutes(),
		s.publicRoutes(), s.publicEcosystemRoutes(), s.helpRoutes(),
		s.noticeRoutes(), s.publicNoticeRoutes(),
		s.consultationRoutes(), s.publicConsultationRoutes(),
	} {
		rs = append(rs, feature...)
	}
	return rs
}

// ui and api build routes for the UI and for the JSON API.
func ui(method, pattern string, perm seedbed.Permission, h handlerFunc) route {
	return route{method: method, pattern: pattern, perm: perm, h: h}
}

func api(method, pattern string, perm seedbed.Permission, h handlerFunc) route {
	return route{method: method, pattern: pattern, perm: perm, api: true, h: h}
}

func (s *Server) foundationRoutes() []route {
	return []route{
		ui("GET", "/{$}", "", s.home),
		ui("GET", "/login", "", s.loginPage),
		ui("POST", "/login", "", s.login),
		ui("POST", "/logout", seedbed.PermSelf, s.logout),

		ui("GET", "/innovators", seedbed.PermRegistryRead, s.innovatorList),
		ui("GET", "/innovators/new", seedbed.PermRegistryWrite, s.innovatorNew),
		ui("POST", "/innovators", seedbed.PermRegistryWrite, s.innovatorCreate),
		ui("GET", "/innovators/{id}", seedbed.PermRegistryRead, s.innovatorShow),
		ui("GET", "/innovators/{id}/edit", seedbed.PermRegistryWrite, s.innovatorEdit),
		ui("POST", "/innovators/{id}", seedbed.PermRegistryWrite, s.innovatorUpdate),
		ui("GET", "/innovators/import", seedbed.PermRegistryImport, s.importPage),
		ui("POST", "/innovators/import", seedbed.PermRegistryImport, s.importUpload),
		ui("GET", "/innovators/export.csv", seedbed.PermRegistryExport, s.exportCSV),
		ui("GET", "/audit", seedbed.PermAuditRead, s.auditPage),
		ui("GET", "/users", seedbed.PermUsersManage, s.usersPage),
		ui("POST", "/users", seedbed.PermUsersManage, s.userCreate),
		ui("GET", "/account", seedbed.PermSelf, s.accountPage),
		ui("POST", "/account/tokens", seedbed.PermSelf, s.tokenCreate),

		api("GET", "/healthz", "", s.healthz),
		api("GET", "/api/v1/openapi.json", "", s.openAPI),
		api("GET", "/api/v1/me", seedbed.PermSelf, s.apiMe),
		api("GET", "/api/v1/innovators", seedbed.PermRegistryRead, s.apiInnovatorList),
		api("POST", "/api/v1/innovators", seedbed.PermRegistryWrite, s.apiInnovatorCreate),
		api("GET", "/api/v1/innovators/{id}", seedbed.PermRegistryRead, s.apiInnovatorGet),
		api("PUT", "/api/v1/innovators/{id}", seedbed.PermRegistryWrite, s.apiInnovatorUpdate),
		api("GET", "/api/v1/innovators/{id}/history", seedbed.PermRegistryRead, s.apiInnovatorHistory),
		api("POST", "/api/v1/innovators/import", seedbed.PermRegistryImport, s.apiImport),
		api("GET", "/api/v1/innovators/export", seedbed.PermRegistryExport, s.exportCSV),
		api("GET", "/api/v1/audit", seedbed.PermAuditRead, s.apiAudit),
		api("GET", "/api/v1/users", seedbed.PermUsersManage, s.apiUsers),
		api("POST", "/api/v1/users", seedbed.PermUsersManage, s.apiUserCreate),
	}
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	if err := s.System.Ping(r.Context()); err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
		return nil
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "version": s.Version, "database": s.System.Database()})
	return nil
}
