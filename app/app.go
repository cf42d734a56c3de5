package app

import (
	"log/slog"
	"time"

	"seedbed"
	"seedbed/sqlstore"
)

// App holds every service of the use-case layer over one store. Build it with New.
type App struct {
	Registry      *Registry
	Accounts      *Accounts
	Audit         *Audit
	Policies      *Policies
	Programs      *Programs
	Reviews       *Reviews
	Monitoring    *Monitoring
	Ledger        *Ledger
	Exemptions    *Exemptions
	Lab           *Lab
	System        *System
	Ecosystem     *Ecosystem
	Notices       *Notices
	Approvals     *Approvals
	Consultations *Consultations
	Persons       *Persons
	Culture       *Culture
	Inbox         *Inbox
	RiskFilings   *RiskFilings

	store *sqlstore.Store
}

// Options configure the use-case layer.
type Options struct {
	// LabConcurrency is how many lab simulations may run at once; 0 means one per core.
	LabConcurrency int
	// TwoPerson switches two-person rules off; the zero value keeps every rule on.
	TwoPerson seedbed.TwoPersonRules
	// LotteryMinDelay is how long after its commitment a lottery's seed may at the earliest
	// become known; 0 means DefaultLotteryMinDelay.
	LotteryMinDelay time.Duration
	// CultureK is the least number of respondents a published culture-survey group may have;
	// 0 means seedbed.DefaultCultureK.
	CultureK int
}

// DefaultLotteryMinDelay is the least time between a lottery's commitment and the public event
// that gives its seed, unless Options say otherwise: long enough for the commitment to be seen
// in public before anyone can know the seed.
const DefaultLotteryMinDelay = time.Hour

// New builds the services over store and wires the ones that call each other.
func New(store *sqlstore.Store, opts Options) *App {
	a := &App{store: store}
	a.Approvals = &Approvals{store: store, rules: opts.TwoPerson}
	a.Registry = &Registry{store: store}
	a.Accounts = &Accounts{store: store}
	a.Audit = &Audit{store: store}
	a.Policies = &Policies{store: store, approvals: a.Approvals}
	a.Reviews = &Reviews{store: store, lotteryMinDelay: opts.LotteryMinDelay, approvals: a.Approvals}
	if a.Reviews.lotteryMinDelay <= 0 {
		a.Reviews.lotteryMinDelay = DefaultLotteryMinDelay
	}
	a.Monitoring = newMonitoring(store)
	a.Monitoring.approvals = a.Approvals
	a.Inbox = newInbox(store)
	a.Reviews.Inbox = a.Inbox
	a.Programs = &Programs{store: store, log: slog.Default(), CheckEligibility: a.Policies.CheckEligibility,
		OpenFlags: a.Monitoring.OpenFlagsForAward, TwoPerson: opts.TwoPerson, approvals: a.Approvals, Inbox: a.Inbox}
	a.Ledger = &Ledger{store: store}
	a.Exemptions = &Exemptions{store: store, approvals: a.Approvals}
	a.Programs.CloseAsFailed = a.Exemptions.CloseAwardAsFailed
	a.Lab = &Lab{store: store, concurrency: opts.LabConcurrency}
	a.System = &System{store: store}
	a.Ecosystem = &Ecosystem{store: store, monitoring: a.Monitoring}
	a.Lab.ecosystem = a.Ecosystem
	a.Notices = &Notices{store: store, Inbox: a.Inbox}
	a.Consultations = &Consultations{store: store}
	a.RiskFilings = &RiskFilings{store: store, approvals: a.Approvals, inbox: a.Inbox}
	a.Approvals.effects = map[string]approvalEffect{
		seedbed.TwoPersonMilestone:   {before: a.Programs.milestoneGate, apply: a.Programs.approveMilestone},
		seedbed.TwoPersonFlag:        {apply: a.Monitoring.approveFlag},
		seedbed.TwoPersonPolicy:      {apply: a.Policies.approvePublish, after: a.Policies.invalidate},
		seedbed.TwoPersonProcedure:   {apply: a.Exemptions.approveProcedure},
		seedbed.TwoPersonSelection:   {apply: a.Reviews.approveSelection},
		seedbed.TwoPersonEligibility: {apply: a.Programs.approveEligibility},
		seedbed.TwoPersonRiskFiling:  {decided: a.RiskFilings.reviewed},
		seedbed.TwoPersonReopen:      {apply: a.Reviews.approveReopen},
	}
	a.Persons = &Persons{store: store}
	a.Culture = &Culture{store: store, K: opts.CultureK}
	return a
}

// Store is the store the services run over, for the command line's maintenance commands
// (backup, migrations) that are not use cases.
func (a *App) Store() *sqlstore.Store { return a.store }
