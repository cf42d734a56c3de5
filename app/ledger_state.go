package app

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"

	"seedbed"
	"seedbed/ledger"
	"seedbed/sqlstore"
)

// The state a verification reconciles: the rows that carry money or a decision, recomputed from
// the ledgered decision events (the hashed entries themselves, not the event rows beside them)
// and compared field by field with the stored rows.
//
// What each kind of event sets:
//
//	award                 awards (amount, status active, innovator, program, released 0), its
//	                      tranches (award, seq, amount, status pending); the program's committed
//	tranche_release       the tranche released; the award's released total and status
//	award_status          the award stopped: pending tranches cancelled, unpaid amount returned
//	award_failed          the award failed: an active award's pending tranches cancelled, returned
//	assignment            review_assignments (application, reviewer, state assigned)
//	conflict_declaration  the assignment open or recused, with its note
//	score                 the assignment scored, with its total
//	withdrawal            the application's unfinished assignments recused
//	selection, funding_decision, rejection
//	                      applications (outcome, granted, rank); program_selections (mode)
//	lottery_commitment, draw
//	                      program_lotteries (commitment and its hash, the seed drawn with)
//	policy.published      policy_versions (published, sha256 of the source, effective dates)
//	procedure_published   procedures (sha256 of the source, effective dates)
//	program_terms, program_published
//	                      programs (title, budget, maximum request, deadline, policies,
//	                      selection mode and rules, reviewers per application, rubric, stages)
//	user_role             users (role)
//	reviewer_relations    reviewer_profiles (organisation, declared innovators and names,
//	                      expertise)
//
// The fields of the first groups are in their events since those were first recorded, so older
// ledgers are checked in full. Program terms, roles and relations were ledgered later: a
// program is checked once its call opened (program_published has always held its terms) or
// once created or edited since, a user or a reviewer's profile once an event names them.
// Not checked: the free text around decisions (award and tranche notes, evidence, review
// comments and individual rubric scores), the stored selection and normalisation documents
// beyond the mode.

// withdrawnNote is the declaration stored on the unfinished assignments of a withdrawn
// application (stored text, the same in every ledger, so the reconciliation can expect it).
const withdrawnNote = "申请已撤回"

// stateKinds are the event kinds the reconciliation reads.
var stateKinds = map[string]bool{
	seedbed.EventAward: true, seedbed.EventTrancheRelease: true, seedbed.EventAwardStatus: true, seedbed.EventAwardFailed: true,
	seedbed.EventAssignment: true, seedbed.EventConflictDeclared: true, seedbed.EventScore: true, seedbed.EventWithdrawal: true,
	seedbed.EventSelection: true, seedbed.EventFundingDecision: true, seedbed.EventRejection: true,
	policyPublishedEvent: true, policySucceededEvent: true, seedbed.EventProcedurePublished: true,
	seedbed.EventProgramTerms: true, seedbed.EventProgramPublished: true, seedbed.EventUserRole: true, seedbed.EventReviewerRelations: true,
	seedbed.EventAuditAnchor: true, seedbed.EventLotteryCommitment: true, seedbed.EventDraw: true,
	seedbed.EventReviewerReplaced: true, seedbed.EventInvitationDeclined: true,
}

// stateOptional are the tables whose rows are checked only once an event names them: users and
// reviewers made before their roles and relations were ledgered have no event to check against.
var stateOptional = map[string]bool{"users": true, "reviewer_profiles": true}

// programTermColumns are the columns of programs that the terms in program_terms and
// program_published events set.
var programTermColumns = []string{"title", "budget", "max_request", "deadline", "policy_ids", "selection_mode", "threshold",
	"quality_bar", "fill_gaps", "reviewers_per_app", "rubric", "stages", "blind_review", "reply_days"}

// jsonColumns hold JSON text, compared by meaning; boolColumns hold booleans (1 and 0 on SQLite).
var (
	jsonColumns = map[string]bool{"policy_ids": true, "rubric": true, "stages": true, "declared_ids": true, "declared_names": true,
		"expertise": true}
	boolColumns = map[string]bool{"fill_gaps": true, "blind_review": true}
)

// normal writes a column's value in one spelling for both sides of a comparison.
func normal(column, v string) string {
	switch {
	case boolColumns[column]:
		switch v {
		case "1", "true":
			return "true"
		case "0", "false":
			return "false"
		}
	case jsonColumns[column]:
		var x any
		if json.Unmarshal([]byte(v), &x) == nil {
			if b, err := json.Marshal(x); err == nil {
				return string(b)
			}
		}
	}
	return v
}

// stateDefaults are the values of a stored row no event names: such a row must still hold them
// (an application without an outcome, a program that committed nothing); a table without
// defaults has no row that no event made.
var stateDefaults = map[string]map[string]string{
	"programs":           {"committed": "0"},
	"applications":       {"outcome": "", "granted": "0", "rank_no": "0"},
	"program_selections": {"mode": ""},
	"policy_versions":    {"status": "draft"},
}

// ledgerState is the state the events make: table → key → field → value.
type ledgerState struct {
	rows        map[string]map[string]map[string]string
	tranches    map[string][]string // award id → its tranche ids
	assignments map[string][]string // application id → its assignment keys
	committed   map[string]int64    // program id → committed amount
	awardProg   map[string]string   // award id → program id
	archives    map[string]*archive // program id → the archive its program_terms event imported
	anchor      payload             // the latest audit_anchor event, or nil
	anchorIndex uint64              // its ledger entry
}

func newLedgerState() *ledgerState {
	s := &ledgerState{rows: map[string]map[string]map[string]string{}, tranches: map[string][]string{},
		assignments: map[string][]string{}, committed: map[string]int64{}, awardProg: map[string]string{}, archives: map[string]*archive{}}
	for _, t := range sqlstore.StateTables() {
		s.rows[t] = map[string]map[string]string{}
	}
	return s
}

// row returns the expected row of a table under key, made on first use.
func (s *ledgerState) row(table, key string) map[string]string {
	r := s.rows[table][key]
	if r == nil {
		r = map[string]string{}
		for f, v := range stateDefaults[table] {
			r[f] = v
		}
		s.rows[table][key] = r
	}
	return r
}

// payload is an event's data, numbers kept as written.
type payload map[string]any

func (p payload) str(k string) string { return text(p[k]) }

func (p payload) num(k string) int64 {
	n, _ := strconv.ParseInt(text(p[k]), 10, 64)
	return n
}

// text writes a payload value as the stored column holds it: numbers in Go's shortest form.
func text(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case json.Number:
		if n, err := v.Int64(); err == nil {
			return strconv.FormatInt(n, 10)
		}
		if f, err := v.Float64(); err == nil {
			return strconv.FormatFloat(f, 'g', -1, 64)
		}
		return v.String()
	default:
		b, _ := json.Marshal(v)
		return string(b)
	}
}

func (p payload) list(k string) []payload {
	items, _ := p[k].([]any)
	out := make([]payload, 0, len(items))
	for _, it := range items {
		if m, ok := it.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// apply changes the state by one event.
func (s *ledgerState) apply(kind string, p payload) {
	switch kind {
	case seedbed.EventAward:
		id, prog := p.str("award_id"), p.str("program_id")
		s.awardProg[id] = prog
		s.committed[prog] += p.num("amount")
		aw := s.row("awards", id)
		aw["amount"], aw["status"], aw["innovator_id"], aw["program_id"], aw["released"] =
			p.str("amount"), seedbed.AwardActive, p.str("innovator_id"), prog, "0"
		for _, t := range p.list("tranches") {
			tid := t.str("id")
			r := s.row("award_tranches", tid)
			r["award_id"], r["seq"], r["amount"], r["status"] = id, t.str("seq"), t.str("amount"), seedbed.TranchePending
			s.tranches[id] = append(s.tranches[id], tid)
		}
	case seedbed.EventTrancheRelease:
		id := p.str("award_id")
		s.row("award_tranches", p.str("tranche_id"))["status"] = seedbed.TrancheReleased
		aw := s.row("awards", id)
		aw["released"], aw["status"] = p.str("released_total"), p.str("award_status")
	case seedbed.EventAwardStatus:
		id := p.str("award_id")
		s.row("awards", id)["status"] = p.str("status")
		if st := p.str("status"); st == seedbed.AwardStopped || st == seedbed.AwardTerminated {
			s.cancelPending(id)
			s.committed[s.awardProg[id]] -= p.num("returned_to_budget")
		}
	case seedbed.EventAwardFailed:
		id := p.str("award_id")
		s.row("awards", id)["status"] = seedbed.AwardFailed
		if p.str("previous_status") == seedbed.AwardActive {
			s.cancelPending(id)
		}
		s.committed[s.awardProg[id]] -= p.num("returned_to_budget_now")
	case seedbed.EventAssignment, seedbed.EventReviewerReplaced:
		if kind == seedbed.EventReviewerReplaced {
			s.row("review_assignments", p.str("application_id")+"/"+p.str("reviewer"))["state"] = seedbed.AssignmentReplaced
		}
		for _, pair := range p.list("pairs") {
			app := strconv.FormatInt(seedbed.ParseAppCode(pair.str("app_id")), 10)
			key := app + "/" + pair.str("reviewer_id")
			r := s.row("review_assignments", key)
			r["application_id"], r["reviewer"], r["state"], r["declaration_note"], r["total"] =
				app, pair.str("reviewer_id"), seedbed.AssignmentAssigned, "", ""
			s.assignments[app] = append(s.assignments[app], key)
		}
	case seedbed.EventConflictDeclared:
		r := s.row("review_assignments", p.str("application_id")+"/"+p.str("reviewer"))
		r["state"], r["declaration_note"] = seedbed.AssignmentOpen, p.str("note")
		if p["conflict"] == true {
			r["state"] = seedbed.AssignmentRecused
		}
	case seedbed.EventInvitationDeclined:
		r := s.row("review_assignments", p.str("application_id")+"/"+p.str("reviewer"))
		r["state"], r["declaration_note"] = seedbed.AssignmentDeclined, p.str("reason")
	case seedbed.EventScore:
		r := s.row("review_assignments", p.str("application_id")+"/"+p.str("reviewer"))
		r["state"], r["total"] = seedbed.AssignmentScored, p.str("total")
	case seedbed.EventWithdrawal:
		for _, key := range s.assignments[p.str("application_id")] {
			r := s.rows["review_assignments"][key]
			if r["state"] == seedbed.AssignmentAssigned || r["state"] == seedbed.AssignmentOpen {
				r["state"], r["declaration_note"] = seedbed.AssignmentRecused, withdrawnNote
			}
		}
	case seedbed.EventSelection:
		s.row("program_selections", p.str("program_id"))["mode"] = p.str("mode")
		for _, d := range p.list("decisions") {
			r := s.row("applications", strconv.FormatInt(seedbed.ParseAppCode(d.str("app_id")), 10))
			r["outcome"], r["granted"], r["rank_no"] = d.str("outcome"), d.str("granted"), d.str("rank")
		}
	case seedbed.EventLotteryCommitment:
		r := s.row("program_lotteries", p.str("program_id"))
		r["commitment_hash"], r["commitment"], r["seed"] = p.str("commitment_hash"), p.str("commitment"), ""
	case seedbed.EventDraw:
		s.row("program_lotteries", p.str("program_id"))["seed"] = p.str("seed")
	case seedbed.EventFundingDecision, seedbed.EventRejection:
		r := s.row("applications", p.str("application_id"))
		r["outcome"] = p.str("outcome")
		if _, ranked := p["rank"]; ranked {
			r["granted"], r["rank_no"] = p.str("granted"), p.str("rank")
		}
	case policyPublishedEvent:
		r := s.row("policy_versions", p.str("policy_id")+"/"+p.str("version"))
		r["status"], r["sha256"], r["source"] = "published", p.str("sha256"), p.str("sha256")
		r["effective_from"], r["effective_to"] = p.str("effective_from"), p.str("effective_to")
	case policySucceededEvent:
		// a successor ended the open-ended version the day before its own start
		s.row("policy_versions", p.str("policy_id")+"/"+p.str("version"))["effective_to"] = p.str("effective_to")
	case seedbed.EventProgramTerms:
		s.setTerms(p.str("program_id"), p["new"])
		if _, ok := p["archive_awards"]; ok {
			// a program run before the platform, imported whole: one event for all its awards
			s.archives[p.str("program_id")] = &archive{awards: p.num("archive_awards"), total: p.num("archive_total")}
			s.committed[p.str("program_id")] += p.num("archive_total")
		}
	case seedbed.EventProgramPublished:
		s.setTerms(p.str("program_id"), p["terms"])
	case seedbed.EventUserRole:
		s.row("users", p.str("user_id"))["role"] = p.str("new_role")
	case seedbed.EventReviewerRelations:
		rel, _ := p["new"].(map[string]any)
		r := s.row("reviewer_profiles", p.str("user_id"))
		for _, c := range []string{"org_id", "declared_ids", "declared_names", "expertise"} {
			r[c] = normal(c, text(rel[c]))
		}
	case seedbed.EventProcedurePublished:
		r := s.row("procedures", p.str("id")+"/"+p.str("version"))
		r["sha256"], r["source"] = p.str("sha256"), p.str("sha256")
		r["effective_from"], r["effective_to"] = p.str("effective_from"), p.str("effective_to")
	}
}

// setTerms sets the program's terms a program_terms or program_published event gives.
func (s *ledgerState) setTerms(programID string, terms any) {
	t, ok := terms.(map[string]any)
	if !ok {
		return
	}
	r := s.row("programs", programID)
	for _, c := range programTermColumns {
		if v, ok := t[c]; ok {
			r[c] = normal(c, text(v))
		}
	}
}

// cancelPending cancels an award's tranches that were not paid.
func (s *ledgerState) cancelPending(awardID string) {
	for _, tid := range s.tranches[awardID] {
		if r := s.rows["award_tranches"][tid]; r["status"] == seedbed.TranchePending {
			r["status"] = seedbed.TrancheCancelled
		}
	}
}

// replay applies the decision event one entry records; an entry that cannot be parsed is
// skipped.
func (s *ledgerState) replay(entry []byte) {
	e, err := ledger.ParseEntry(entry)
	if err != nil || !stateKinds[e.Kind] {
		return
	}
	ev, err := ledger.EntryEvent(e)
	if err != nil {
		return
	}
	var p payload
	dec := json.NewDecoder(bytes.NewReader(ev.Payload))
	dec.UseNumber()
	if dec.Decode(&p) != nil {
		return
	}
	if e.Kind == seedbed.EventAuditAnchor {
		s.anchor, s.anchorIndex = p, e.Index
		return
	}
	s.apply(e.Kind, p)
}

// replayState reads every entry of the snapshot in order and applies the decision events it
// reads. An entry that cannot be parsed is skipped: the log's own verification reports it.
func replayState(snap *sqlstore.LedgerSnapshot) (*ledgerState, error) {
	s := newLedgerState()
	for rec, err := range snap.Records() {
		if err != nil {
			return nil, err
		}
		s.replay(rec.Entry)
	}
	// Decisions committed but not yet appended by the ledger's sequencer (PostgreSQL) are
	// part of the state too: they are replayed after the log, in the order they will enter it.
	queued, err := snap.QueuedRecords()
	if err != nil {
		return nil, err
	}
	for _, rec := range queued {
		s.replay(rec.Entry)
	}
	for prog, amount := range s.committed {
		s.row("programs", prog)["committed"] = strconv.FormatInt(amount, 10)
	}
	return s, nil
}

// reconcileState compares every stored row of the state tables with the state the ledger
// makes, and checks the audit log's chain and its latest anchor in the ledger; it returns the
// rows that differ, the audit log's check and how many rows were compared.
func reconcileState(snap *sqlstore.LedgerSnapshot) ([]ledger.StateMismatch, auditCheck, int, error) {
	want, err := replayState(snap)
	if err != nil {
		return nil, auditCheck{}, 0, err
	}
	audit, err := checkAuditChain(snap, want.anchor, want.anchorIndex)
	if err != nil {
		return nil, auditCheck{}, 0, err
	}
	var out []ledger.StateMismatch
	n := 0
	for _, table := range sqlstore.StateTables() {
		stored, err := snap.StateRows(table)
		if err != nil {
			return nil, auditCheck{}, 0, err
		}
		n += len(stored)
		expected := want.rows[table]
		seen := make(map[string]bool, len(stored))
		for _, row := range stored {
			seen[row.Key] = true
			for c, v := range row.Fields {
				row.Fields[c] = normal(c, v)
			}
			if src, ok := row.Fields["source"]; ok {
				row.Fields["source"] = sourceDigest([]byte(src))
			}
			exp, ok := expected[row.Key]
			if problem, archived := want.archived(table, row, ok); archived {
				if problem != nil {
					out = append(out, *problem)
				}
				continue
			}
			if !ok {
				if stateOptional[table] {
					continue
				}
				if exp = stateDefaults[table]; exp == nil {
					out = append(out, ledger.StateMismatch{Table: table, Row: row.ID})
					continue
				}
			}
			for _, field := range sqlstore.StateColumns(table) {
				if v, checked := exp[field]; checked && v != row.Fields[field] {
					out = append(out, ledger.StateMismatch{Table: table, Row: row.ID, Field: field, Ledger: v, Stored: row.Fields[field]})
				}
			}
		}
		var gone []string
		for key := range expected {
			if !seen[key] {
				gone = append(gone, key)
			}
		}
		sort.Strings(gone)
		for _, key := range gone {
			out = append(out, ledger.StateMismatch{Table: table, Row: key, Ledger: "present"})
		}
	}
	return append(out, want.archiveTotals()...), audit, n, nil
}
