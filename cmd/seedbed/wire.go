package main

import (
	"seedbed/app"
	"seedbed/sqlstore"
	"seedbed/web"
)

// Each use-case service satisfies the interface the web server declares for it.
var (
	_ web.RegistryService     = (*app.Registry)(nil)
	_ web.AccountService      = (*app.Accounts)(nil)
	_ web.AuditService        = (*app.Audit)(nil)
	_ web.PolicyService       = (*app.Policies)(nil)
	_ web.ProgramService      = (*app.Programs)(nil)
	_ web.ReviewService       = (*app.Reviews)(nil)
	_ web.MonitoringService   = (*app.Monitoring)(nil)
	_ web.LedgerService       = (*app.Ledger)(nil)
	_ web.ExemptionService    = (*app.Exemptions)(nil)
	_ web.LabService          = (*app.Lab)(nil)
	_ web.SystemService       = (*app.System)(nil)
	_ web.EcosystemService    = (*app.Ecosystem)(nil)
	_ web.NoticeService       = (*app.Notices)(nil)
	_ web.ApprovalService     = (*app.Approvals)(nil)
	_ web.ConsultationService = (*app.Consultations)(nil)
	_ web.PersonService       = (*app.Persons)(nil)
	_ web.CultureService      = (*app.Culture)(nil)
	_ web.InboxService        = (*app.Inbox)(nil)
	_ web.RiskFilingService   = (*app.RiskFilings)(nil)

	_ lotteryVerifier = (*app.Reviews)(nil)
)

// webServices hands the use-case layer's services to the web server.
func webServices(a *app.App) web.Services {
	return web.Services{
		Registry: a.Registry, Accounts: a.Accounts, Audit: a.Audit, Policies: a.Policies, Programs: a.Programs,
		Reviews: a.Reviews, Monitoring: a.Monitoring, Ledger: a.Ledger, Exemptions: a.Exemptions, Lab: a.Lab,
		System: a.System, Ecosystem: a.Ecosystem, Notices: a.Notices, Approvals: a.Approvals, Consultations: a.Consultations, Persons: a.Persons, Culture: a.Culture, Inbox: a.Inbox,
		RiskFilings: a.RiskFilings,
	}
}

// newApp builds the use-case layer over an open store.
func newApp(store *sqlstore.Store) *app.App { return app.New(store, app.Options{}) }
