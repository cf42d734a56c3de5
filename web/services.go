package web

// Services are the use cases the server calls. Each is an interface declared beside the handlers
// that use it (registry_service.go, program_service.go, …), listing only what they call; the
// use-case layer (package app) implements them, and cmd/seedbed wires one to the other.
type Services struct {
	Registry      RegistryService
	Accounts      AccountService
	Audit         AuditService
	Policies      PolicyService
	Programs      ProgramService
	Reviews       ReviewService
	Monitoring    MonitoringService
	Ledger        LedgerService
	Exemptions    ExemptionService
	Lab           LabService
	Ecosystem     EcosystemService
	Notices       NoticeService
	Approvals     ApprovalService
	Consultations ConsultationService
	Persons       PersonService
	Culture       CultureService
	Inbox         InboxService
	RiskFilings   RiskFilingService

	System SystemService
}
