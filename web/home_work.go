package web

import (
	"context"
	"net/url"
	"sort"
	"time"

	"seedbed"
	"seedbed/i18n"
)

// workCount is one count on a role's home page, linking to the list it counts.
type workCount struct {
	Key   string // catalogue key of the label
	N     int
	Href  string
	Alert bool // something is late or waits for this person
}

// workRow is one piece of work: what, where, and by when.
type workRow struct {
	Title string
	Href  string
	Note  string // a label already in the page's language
	Due   time.Time
	Late  bool
}

// workSection is one heading of a role's home page: counts, then the items most in need.
type workSection struct {
	Key    string // catalogue key of the heading
	Counts []workCount
	Rows   []workRow
	More   string // link to the whole list when Rows is cut short
	Empty  string // catalogue key shown when there is nothing to do
}

// homeRows is how many items a section lists before linking to the whole list.
const homeRows = 8

// cut keeps the first homeRows rows, soonest due first.
func cut(rows []workRow) []workRow {
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].Due.IsZero() != rows[j].Due.IsZero() {
			return !rows[i].Due.IsZero()
		}
		return rows[i].Due.Before(rows[j].Due)
	})
	if len(rows) > homeRows {
		return rows[:homeRows]
	}
	return rows
}

// programWork is an officer's programs: drafts to open, calls whose deadline has passed (ready
// for review), programs in review (selection to run) and decided ones (awards to make).
func (s *Server) programWork(ctx context.Context, lang string, now time.Time) (workSection, error) {
	sec := workSection{Key: "home.work.programs", Empty: "home.work.programs_none"}
	count := func(state string) (int, error) {
		_, n, err := s.Programs.FindPrograms(ctx, seedbed.ProgramFilter{State: state, Limit: 1})
		return n, err
	}
	for _, st := range []struct{ state, key string }{
		{seedbed.ProgramDraft, "home.work.drafts"},
		{seedbed.ProgramOpen, "home.work.open"},
		{seedbed.ProgramInReview, "home.work.in_review"},
		{seedbed.ProgramDecided, "home.work.decided"},
	} {
		n, err := count(st.state)
		if err != nil {
			return sec, err
		}
		sec.Counts = append(sec.Counts, workCount{Key: st.key, N: n, Href: "/programs?state=" + st.state})
	}
	open, _, err := s.Programs.FindPrograms(ctx, seedbed.ProgramFilter{State: seedbed.ProgramOpen, Limit: 200})
	if err != nil {
		return sec, err
	}
	for _, p := range open {
		if !p.Deadline.IsZero() && p.Deadline.Before(now) {
			sec.Rows = append(sec.Rows, workRow{Title: p.Title, Href: "/programs/" + itoa(p.ID),
				Note: tr(lang, "home.work.deadline_passed"), Due: p.Deadline, Late: true})
		}
	}
	review, _, err := s.Programs.FindPrograms(ctx, seedbed.ProgramFilter{State: seedbed.ProgramInReview, Limit: 200})
	if err != nil {
		return sec, err
	}
	for _, p := range review {
		sec.Rows = append(sec.Rows, workRow{Title: p.Title, Href: "/programs/" + itoa(p.ID) + "/review",
			Note: tr(lang, "home.work.to_select")})
	}
	sec.Rows = cut(sec.Rows)
	return sec, nil
}

// milestoneWork lists the milestones of active awards that wait for someone: evidence to
// review, money to release, and milestones past due without evidence; the counts are the awards'
// to-do (app.Programs.AwardTodo). An applicant (a speaks for an organisation) sees its own awards
// and the evidence it owes.
func (s *Server) milestoneWork(ctx context.Context, lang string, a seedbed.Actor) (workSection, error) {
	sec := workSection{Key: "home.work.milestones", Empty: "home.work.milestones_none"}
	todo, err := s.Programs.AwardTodo(ctx, a)
	if err != nil {
		return sec, err
	}
	innovators := seedbed.ScopeInnovators(a)
	var due int
	for page := 0; ; page++ {
		awards, total, err := s.Programs.FindAwards(ctx, seedbed.AwardFilter{Status: seedbed.AwardActive, InnovatorIDs: innovators, Offset: page * 500, Limit: 500})
		if err != nil {
			return sec, err
		}
		for _, aw := range awards {
			for _, t := range aw.Tranches {
				if t.Status != seedbed.TranchePending {
					continue
				}
				row := workRow{Title: aw.ApplicationTitle + " · " + t.StageLabel().In(lang), Href: "/awards/" + itoa(aw.ID), Due: t.DueAt, Late: t.Overdue}
				switch t.MilestoneStatus {
				case seedbed.MilestoneSubmitted:
					if innovators == nil {
						row.Note = tr(lang, "home.work.evidence_to_review")
						sec.Rows = append(sec.Rows, row)
					}
				case seedbed.MilestoneAwaiting, seedbed.MilestoneReturned:
					if !t.Overdue {
						due++
					}
					if t.Overdue || innovators != nil {
						row.Note = seedbed.MilestoneStates.Label(t.MilestoneStatus).In(lang)
						sec.Rows = append(sec.Rows, row)
					}
				}
				break // only the first pending tranche waits for anything
			}
		}
		if (page+1)*500 >= total || len(awards) == 0 {
			break
		}
	}
	if innovators == nil {
		sec.Counts = []workCount{
			{Key: "home.work.evidence_to_review", N: todo.MilestonesToReview, Href: "/awards?status=active", Alert: todo.MilestonesToReview > 0},
			{Key: "home.work.to_release", N: todo.TranchesToRelease, Href: "/awards?status=active", Alert: todo.TranchesToRelease > 0},
			{Key: "home.work.overdue", N: todo.MilestonesOverdue, Href: "/awards?status=active", Alert: todo.MilestonesOverdue > 0},
		}
	} else {
		sec.Key, sec.Empty = "home.work.reports", "home.work.reports_none"
		sec.Counts = []workCount{
			{Key: "home.work.reports_due", N: due, Href: "/awards", Alert: due > 0},
			{Key: "home.work.overdue", N: todo.MilestonesOverdue, Href: "/awards", Alert: todo.MilestonesOverdue > 0},
			{Key: "home.work.evidence_waiting", N: todo.MilestonesToReview, Href: "/awards"},
		}
	}
	sec.Rows = cut(sec.Rows)
	return sec, nil
}

// flagWork counts the complacency warnings still open.
func (s *Server) flagWork(ctx context.Context) (workSection, error) {
	sec := workSection{Key: "home.work.flags", Empty: "home.work.flags_none"}
	open, err := s.Monitoring.CountFlags(ctx, seedbed.FlagFilter{Status: seedbed.FlagOpen, ActiveOnly: true})
	if err != nil {
		return sec, err
	}
	sec.Counts = []workCount{{Key: "home.work.flags_open", N: open, Href: "/monitoring?status=" + seedbed.FlagOpen + "&active=1", Alert: open > 0}}
	return sec, nil
}

// exemptionWork counts the exemption cases not yet decided and lists them.
func (s *Server) exemptionWork(ctx context.Context, lang string) (workSection, error) {
	sec := workSection{Key: "home.work.exemptions", Empty: "home.work.exemptions_none"}
	cases, open, err := s.Exemptions.FindCases(ctx, seedbed.ExemptionFilter{State: seedbed.ExemptionDraft, Limit: homeRows})
	if err != nil {
		return sec, err
	}
	_, decided, err := s.Exemptions.FindCases(ctx, seedbed.ExemptionFilter{State: seedbed.ExemptionDecided, Limit: 1})
	if err != nil {
		return sec, err
	}
	sec.Counts = []workCount{
		{Key: "home.work.cases_open", N: open, Href: "/exemptions?state=" + seedbed.ExemptionDraft, Alert: open > 0},
		{Key: "home.work.cases_decided", N: decided, Href: "/exemptions?state=" + seedbed.ExemptionDecided},
	}
	for _, c := range cases {
		sec.Rows = append(sec.Rows, workRow{Title: c.ApplicationTitle, Href: "/exemptions/" + itoa(c.ID),
			Note: tr(lang, "home.work.draft_outcome", seedbed.ExemptionOutcomes.Label(c.DraftOutcome).In(lang))})
	}
	if open > len(cases) {
		sec.More = "/exemptions?state=" + seedbed.ExemptionDraft
	}
	return sec, nil
}

// reviewWork is a reviewer's assignments: declarations to make and applications to score.
func (s *Server) reviewWork(ctx context.Context, lang string, a seedbed.Actor) (workSection, error) {
	sec := workSection{Key: "home.work.reviews", Empty: "home.work.reviews_none"}
	list, err := s.Reviews.FindAssignments(ctx, seedbed.AssignmentFilter{ReviewerID: a.UserID})
	if err != nil {
		return sec, err
	}
	var declare, score, done int
	for _, as := range list {
		switch as.State {
		case seedbed.AssignmentAssigned:
			declare++
		case seedbed.AssignmentOpen:
			score++
		default:
			done++
			continue
		}
		sec.Rows = append(sec.Rows, workRow{Title: as.ApplicationTitle, Href: "/reviews/" + itoa(as.ID),
			Note: as.ProgramTitle + " · " + seedbed.AssignmentStates.Label(as.State).In(lang)})
	}
	sec.Counts = []workCount{
		{Key: "home.work.to_declare", N: declare, Href: "/reviews", Alert: declare > 0},
		{Key: "home.work.to_score", N: score, Href: "/reviews", Alert: score > 0},
		{Key: "home.work.reviews_done", N: done, Href: "/reviews"},
	}
	if len(sec.Rows) > homeRows {
		sec.Rows, sec.More = sec.Rows[:homeRows], "/reviews"
	}
	return sec, nil
}

// applicantWork is an organisation's calls, drafts and decisions.
func (s *Server) applicantWork(ctx context.Context, lang string, a seedbed.Actor, own *seedbed.Innovator, now time.Time) ([]workSection, error) {
	ids := seedbed.ScopeInnovators(a)
	apps, _, err := s.Programs.FindApplications(ctx, seedbed.ApplicationFilter{InnovatorIDs: ids, Limit: 500})
	if err != nil {
		return nil, err
	}
	applied := map[int64]bool{}
	mine := workSection{Key: "home.work.applications", Empty: "home.work.applications_none"}
	var drafts, submitted, decided int
	for _, ap := range apps {
		if ap.State == seedbed.AppWithdrawn {
			continue
		}
		applied[ap.ProgramID] = true
		row := workRow{Title: ap.Title, Href: "/applications/" + itoa(ap.ID), Note: ap.ProgramTitle}
		switch {
		case ap.State == seedbed.AppDraft:
			drafts++
			row.Note += " · " + seedbed.AppStates.Label(ap.State).In(lang)
			mine.Rows = append(mine.Rows, row)
		case ap.Outcome != "":
			decided++
			row.Note += " · " + seedbed.Outcomes.Label(ap.Outcome).In(lang)
			mine.Rows = append(mine.Rows, row)
		default:
			submitted++
		}
	}
	mine.Counts = []workCount{
		{Key: "home.work.app_drafts", N: drafts, Href: "/applications?state=" + seedbed.AppDraft, Alert: drafts > 0},
		{Key: "home.work.app_submitted", N: submitted, Href: "/applications?state=" + seedbed.AppSubmitted},
		{Key: "home.work.app_decided", N: decided, Href: "/applications"},
	}
	mine.Rows = cut(mine.Rows)

	calls := workSection{Key: "home.work.calls", Empty: "home.work.calls_none"}
	open, _, err := s.Programs.FindPrograms(ctx, seedbed.ProgramFilter{State: seedbed.ProgramOpen, Limit: 200})
	if err != nil {
		return nil, err
	}
	var eligible int
	for _, p := range open {
		if applied[p.ID] || (!p.Deadline.IsZero() && p.Deadline.Before(now)) {
			continue
		}
		note := ""
		if own != nil {
			el, err := s.Policies.CheckEligibility(ctx, own, p.PolicyIDs, now)
			if err != nil {
				return nil, err
			}
			if el.Status == seedbed.Ineligible {
				continue
			}
			note = optionSets["prog_eligibility"].Label(el.Status).In(lang)
		}
		eligible++
		calls.Rows = append(calls.Rows, workRow{Title: p.Title, Href: "/programs/" + itoa(p.ID), Note: note, Due: p.Deadline})
	}
	calls.Counts = []workCount{{Key: "home.work.calls_open", N: eligible, Href: "/programs?state=" + seedbed.ProgramOpen}}
	calls.Rows = cut(calls.Rows)

	reports, err := s.milestoneWork(ctx, lang, a)
	if err != nil {
		return nil, err
	}
	return []workSection{calls, mine, reports}, nil
}

// auditorWork is the ledger's state and the latest refused attempts.
func (s *Server) auditorWork(ctx context.Context, lang string) (workSection, error) {
	sec := workSection{Key: "home.work.oversight", Empty: "home.work.refusals_none"}
	st, err := s.Ledger.Status(ctx)
	if err != nil {
		return sec, err
	}
	refused, n, err := s.Audit.Find(ctx, seedbed.AuditFilter{Outcome: "denied", Limit: 5})
	if err != nil {
		return sec, err
	}
	sec.Counts = []workCount{
		{Key: "home.work.ledger_entries", N: int(st.Size), Href: "/ledger"},
		{Key: "home.work.refusals", N: n, Href: "/audit?" + url.Values{"outcome": {"denied"}}.Encode()},
	}
	for _, e := range refused {
		sec.Rows = append(sec.Rows, workRow{Title: e.Actor + " · " + seedbed.AuditActionLabel(e.Action).In(lang), Href: "/audit?" + url.Values{"actor": {e.Actor}}.Encode(), Due: e.At})
	}
	return sec, nil
}

// adminWork is the accounts by state and the system's health.
func (s *Server) adminWork(ctx context.Context, lang string) (workSection, error) {
	sec := workSection{Key: "home.work.accounts", Empty: "home.work.accounts_none"}
	users, err := s.Accounts.Users(ctx)
	if err != nil {
		return sec, err
	}
	var disabled, noFactor int
	for _, u := range users {
		if u.Disabled {
			disabled++
		} else if !u.TOTPEnabled && seedbed.NeedsSecondFactor(u.Role) {
			noFactor++
		}
	}
	sec.Counts = []workCount{
		{Key: "home.work.users", N: len(users), Href: "/users"},
		{Key: "home.work.users_disabled", N: disabled, Href: "/users?state=disabled"},
		{Key: "home.work.users_no_factor", N: noFactor, Href: "/users?state=no_factor", Alert: noFactor > 0},
	}
	sec.Rows = append(sec.Rows, workRow{Title: tr(lang, "lists.admin.manage"), Href: "/users", Note: tr(lang, "lists.admin.manage_note")})
	health := tr(lang, "home.work.health_ok")
	if err := s.System.Ping(ctx); err != nil {
		health = tr(lang, "home.work.health_down")
	}
	db := map[string]string{"sqlite": "SQLite", "postgres": "PostgreSQL"}[s.System.Database()]
	sec.Rows = append(sec.Rows, workRow{Title: tr(lang, "home.work.database", db), Note: health})
	if st, err := s.Ledger.Status(ctx); err == nil {
		sec.Rows = append(sec.Rows, workRow{Title: tr(lang, "home.work.ledger", st.Size), Href: "/ledger/verify", Note: tr(lang, "home.work.ledger_verify")})
	}
	return sec, nil
}

// tr translates a catalogue key.
func tr(lang, key string, args ...any) string { return i18n.T(lang, key, args...) }
