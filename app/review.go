package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"
	"unicode/utf8"

	"seedbed"
	"seedbed/selection"
	"seedbed/sqlstore"
)

// Reviews assigns reviewers, records declarations and scores, normalises them, and selects
// (ranking, threshold, partial lottery with its public draw). Each write is one transaction;
// a refused one writes nothing but its audit entry.
type Reviews struct {
	store           *sqlstore.Store
	lotteryMinDelay time.Duration // see Options.LotteryMinDelay
	approvals       *Approvals
	// Inbox tells reviewers of the applications assigned to them; nil sends nothing.
	Inbox *Inbox
}

// ReviewerPool returns every enabled reviewer with profile and open load.
func (r *Reviews) ReviewerPool(ctx context.Context) ([]seedbed.ReviewerProfile, error) {
	return r.store.ReviewerPool(ctx)
}

// ReviewerProfile returns one reviewer's profile, or ENOTFOUND when the user is not an enabled
// reviewer.
func (r *Reviews) ReviewerProfile(ctx context.Context, userID int64) (*seedbed.ReviewerProfile, error) {
	return r.store.ReviewerProfile(ctx, userID)
}

// SaveReviewerProfile stores a reviewer's expertise, organisation and declared relations
// (EINVALID for bad input, ENOTFOUND for an unknown reviewer). A reviewer keeps their own;
// officers keep everyone's.
func (r *Reviews) SaveReviewerProfile(ctx context.Context, a seedbed.Actor, p *seedbed.ReviewerProfile) error {
	p.Normalize()
	return decide(ctx, r.store, a, "reviewer.profile", "user", p.UserID, func(tx *sqlstore.Tx) error {
		if err := p.Validate(); err != nil {
			return err
		}
		old, err := tx.ReviewerProfile(ctx, p.UserID)
		if err != nil {
			return err
		}
		if err := tx.SaveReviewerProfile(ctx, p); err != nil {
			return err
		}
		if before, after := reviewerRelations(old), reviewerRelations(p); !sameJSON(before, after) {
			if _, err := tx.RecordEvent(ctx, a, seedbed.EventReviewerRelations, seedbed.UserSubject(p.UserID), map[string]any{
				"user_id": p.UserID, "reviewer": old.Username, "old": before, "new": after}); err != nil {
				return err
			}
		}
		detail, err := json.Marshal(map[string]any{
			"org_id": p.OrgID, "expertise": p.Expertise, "declared_ids": p.DeclaredIDs, "declared_names": p.DeclaredNames})
		if err != nil {
			return err
		}
		return tx.Audit(ctx, a, "reviewer.profile", "user", p.UserID, string(detail))
	})
}

// reviewerRelations are the parts of a reviewer's profile the conflict rules read, as the
// ledger records them (lists never null).
func reviewerRelations(p *seedbed.ReviewerProfile) map[string]any {
	ids, names, expertise := p.DeclaredIDs, p.DeclaredNames, p.Expertise
	if ids == nil {
		ids = []int64{}
	}
	if names == nil {
		names = []string{}
	}
	if expertise == nil {
		expertise = []string{}
	}
	return map[string]any{"org_id": p.OrgID, "declared_ids": ids, "declared_names": names, "expertise": expertise}
}

// sameJSON reports whether a and b encode to the same JSON.
func sameJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}

// AppConflicts returns the conflicts of interest the automatic rules find between a reviewer
// and an application (for the officer's view and the reviewer's declaration page).
func (r *Reviews) AppConflicts(ctx context.Context, reviewerID, appID int64) ([]selection.Reason, error) {
	ri, ai, err := r.store.ConflictInfo(ctx, reviewerID, appID)
	if err != nil {
		return nil, err
	}
	return selection.Conflicts(ri, ai), nil
}

// FindAssignments returns the assignments matching f.
func (r *Reviews) FindAssignments(ctx context.Context, f seedbed.AssignmentFilter) ([]seedbed.Assignment, error) {
	return r.store.FindAssignments(ctx, f)
}

// GetAssignment returns one assignment, or ENOTFOUND.
func (r *Reviews) GetAssignment(ctx context.Context, id int64) (*seedbed.Assignment, error) {
	return r.store.GetAssignment(ctx, id)
}

// AssignReviewers gives every eligible submitted application of a program in review its k
// reviewers (k = ReviewersPerApp), avoiding every conflict of interest and balancing the load.
// Run again, it fills only the places left open (for example after a reviewer recused), never
// picking a reviewer who was already assigned to the application. ECONFLICT when the program
// is not in review or every application has its reviewers.
func (r *Reviews) AssignReviewers(ctx context.Context, a seedbed.Actor, programID int64, seed uint64) (*selection.AssignmentRun, error) {
	run := &selection.AssignmentRun{Pairs: []selection.Pair{}, Problems: []selection.Problem{}}
	err := decide(ctx, r.store, a, "review.assign", "program", programID, func(tx *sqlstore.Tx) error {
		p, err := tx.Program(ctx, programID)
		if err != nil {
			return err
		}
		if err := checkReviewOpen(ctx, tx, p); err != nil {
			return err
		}
		if err := fillAssignments(ctx, tx, p, seed, run); err != nil {
			return err
		}
		if len(run.Pairs) == 0 && len(run.Problems) == 0 {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "每份申请都已有 %d 位评审专家", En: "every application already has %d reviewers"}, p.ReviewersPerApp)
		}
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventAssignment, seedbed.ProgramSubject(programID), map[string]any{
			"program_id": programID, "k": p.ReviewersPerApp, "seed": seed, "expertise_weight": p.ExpertiseWeight, "pairs": run.Pairs, "problems": run.Problems}); err != nil {
			return err
		}
		if err := r.tellReviewers(ctx, tx, p, run.Pairs); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "review.assign", "program", programID, fmt.Sprintf("%d pairs, %d problems", len(run.Pairs), len(run.Problems)))
	})
	if err != nil {
		return nil, err
	}
	return run, nil
}

// fillAssignments gives every reviewable application of p the reviewers it still lacks (those
// recused, replaced or who declined no longer count, and are never picked again for it), adding to run.
func fillAssignments(ctx context.Context, tx *sqlstore.Tx, p *seedbed.Program, seed uint64, run *selection.AssignmentRun) error {
	programID := p.ID
	apps, err := tx.ReviewableApplications(ctx, programID)
	if err != nil {
		return err
	}
	if len(apps) == 0 {
		return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "没有需要评审的申请", En: "there are no applications to review"})
	}
	pool, err := tx.ReviewerPool(ctx)
	if err != nil {
		return err
	}
	existing, err := tx.ProgramAssignments(ctx, programID)
	if err != nil {
		return err
	}
	assigned := map[int64][]string{} // reviewer user id → application codes already assigned
	active := map[int64]int{}        // application → reviewers still counting
	for _, as := range existing {
		assigned[as.ReviewerID] = append(assigned[as.ReviewerID], seedbed.AppCode(as.ApplicationID))
		if as.State != seedbed.AssignmentRecused && as.State != seedbed.AssignmentReplaced && as.State != seedbed.AssignmentDeclined {
			active[as.ApplicationID]++
		}
	}
	byName := map[string]int64{}
	var infos []selection.ReviewerInfo
	for i := range pool {
		ri, err := tx.ReviewerInfo(ctx, &pool[i])
		if err != nil {
			return err
		}
		ri.Recused = append(ri.Recused, assigned[pool[i].UserID]...)
		infos = append(infos, ri)
		byName[pool[i].Username] = pool[i].UserID
	}
	groups := map[int][]selection.AppInfo{}
	for i := range apps {
		need := p.ReviewersPerApp - active[apps[i].ID]
		if need <= 0 {
			continue
		}
		ai, err := tx.AppInfo(ctx, &apps[i])
		if err != nil {
			return err
		}
		groups[need] = append(groups[need], ai)
	}
	needs := make([]int, 0, len(groups))
	for k := range groups {
		needs = append(needs, k)
	}
	sort.Ints(needs)
	for _, k := range needs {
		as, problems := selection.AssignWeighted(groups[k], infos, k, seed, p.ExpertiseWeight)
		run.Problems = append(run.Problems, problems...)
		for _, pair := range as.Pairs {
			if err := tx.InsertAssignment(ctx, programID, seedbed.ParseAppCode(pair.AppID), byName[pair.ReviewerID], pair.Expertise); err != nil {
				return err
			}
			run.Pairs = append(run.Pairs, pair)
		}
	}
	return nil
}

// checkReviewOpen refuses review work unless the program is in review and not yet selected.
func checkReviewOpen(ctx context.Context, tx *sqlstore.Tx, p *seedbed.Program) error {
	if p.State != seedbed.ProgramInReview {
		return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "计划当前%s，不在评审阶段", En: "the program is %s, not in review"}, p.StateLabel())
	}
	sel, err := tx.ProgramSelection(ctx, p.ID)
	if err != nil {
		return err
	}
	if sel != nil && sel.Selection != nil {
		return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "遴选已完成，评审已结束", En: "the selection has been made; review is over"})
	}
	return nil
}

// ownAssignment loads an assignment of the acting reviewer in a program under review.
func ownAssignment(ctx context.Context, tx *sqlstore.Tx, a seedbed.Actor, id int64) (*seedbed.Assignment, *seedbed.Program, error) {
	as, err := tx.GetAssignment(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if as.ReviewerID != a.UserID {
		return nil, nil, seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "这不是分配给您的评审任务", En: "this assignment is not yours"})
	}
	p, err := tx.Program(ctx, as.ProgramID)
	if err != nil {
		return nil, nil, err
	}
	if err := checkReviewOpen(ctx, tx, p); err != nil {
		return nil, nil, err
	}
	return as, p, nil
}

// mayOpen applies the automatic conflict rules to a reviewer who declared no conflict.
func mayOpen(ri selection.ReviewerInfo, ai selection.AppInfo, err error) error {
	if err != nil {
		return err
	}
	return selection.MayOpen(ri, ai, true)
}

// DeclareConflict records a reviewer's declaration about an assignment. Declaring no conflict
// opens the application to the reviewer, unless the automatic rules find one (same
// organisation, past co-applicants, declared relations), in which case it is refused with the
// reasons. Declaring a conflict recuses the reviewer. EFORBIDDEN for another reviewer's
// assignment, ECONFLICT once declared.
func (r *Reviews) DeclareConflict(ctx context.Context, a seedbed.Actor, id int64, d seedbed.Declaration) (*seedbed.Assignment, error) {
	var as *seedbed.Assignment
	err := decide(ctx, r.store, a, "review.declare", "assignment", id, func(tx *sqlstore.Tx) error {
		var err error
		if as, _, err = ownAssignment(ctx, tx, a, id); err != nil {
			return err
		}
		if utf8.RuneCountInString(d.Note) > 1000 {
			return seedbed.FieldError("note", seedbed.Label{Zh: "说明过长（最多 1000 字）", En: "note too long (at most 1000 characters)"})
		}
		if d.Conflict && d.Note == "" {
			return seedbed.FieldError("note", seedbed.Label{Zh: "请简要说明利益冲突的关系", En: "briefly state the relation that is a conflict"})
		}
		if as.State == seedbed.AssignmentReplaced {
			return replacedError(as)
		}
		late := d.Conflict && (as.State == seedbed.AssignmentOpen || as.State == seedbed.AssignmentScored)
		if as.State != seedbed.AssignmentAssigned && !late {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "您已声明过（%s）", En: "you have already declared (%s)"}, seedbed.AssignmentStates.Label(as.State))
		}
		if late {
			// A conflict found after an earlier "no conflict": the reviewer recuses, a score
			// given no longer counts, and the officer assigns a replacement.
			if err := tx.LateRecusal(ctx, id, d.Note); err != nil {
				return err
			}
			earlier := as.State
			as.State, as.DeclarationNote = seedbed.AssignmentRecused, d.Note
			if _, err := tx.RecordEvent(ctx, a, seedbed.EventConflictDeclared, seedbed.ApplicationSubject(as.ApplicationID), map[string]any{
				"assignment_id": id, "application_id": as.ApplicationID, "program_id": as.ProgramID, "reviewer": a.Username,
				"conflict": true, "note": d.Note, "late": true, "earlier_state": earlier}); err != nil {
				return err
			}
			return tx.Audit(ctx, a, "review.declare", "assignment", id, "late conflict")
		}
		state := seedbed.AssignmentRecused
		if !d.Conflict {
			if err := mayOpen(tx.ConflictInfo(ctx, as.ReviewerID, as.ApplicationID)); err != nil {
				return err
			}
			state = seedbed.AssignmentOpen
		}
		if err := tx.DeclareAssignment(ctx, id, state, d.Note); err != nil {
			return err
		}
		now := tx.Now()
		as.State, as.DeclaredAt, as.DeclarationNote = state, &now, d.Note
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventConflictDeclared, seedbed.ApplicationSubject(as.ApplicationID), map[string]any{
			"assignment_id": id, "application_id": as.ApplicationID, "program_id": as.ProgramID, "reviewer": a.Username,
			"conflict": d.Conflict, "note": d.Note}); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "review.declare", "assignment", id, state)
	})
	return as, err
}

// ReviewerMayOpen decides whether the acting reviewer may read an application: it must be
// assigned to them, they must have declared no conflict, and the automatic rules must still find
// none. It returns the assignment, or an EFORBIDDEN error giving the reason.
func (r *Reviews) ReviewerMayOpen(ctx context.Context, a seedbed.Actor, appID int64) (*seedbed.Assignment, error) {
	as, err := r.store.ReviewerAssignment(ctx, a.UserID, appID)
	if err != nil {
		return nil, err
	}
	if as == nil {
		return nil, seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "该申请未分配给您评审", En: "this application is not assigned to you"})
	}
	switch as.State {
	case seedbed.AssignmentReplaced:
		return nil, replacedError(as)
	case seedbed.AssignmentRecused:
		return nil, seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "您已声明与该申请存在利益冲突并回避", En: "you declared a conflict of interest with this application and recused"})
	case seedbed.AssignmentDeclined:
		return nil, declinedError()
	case seedbed.AssignmentAssigned:
		return nil, seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "请先声明与此申请不存在利益冲突", En: "please declare first that you have no conflict of interest with this application"})
	}
	if err := mayOpen(r.store.ConflictInfo(ctx, as.ReviewerID, appID)); err != nil {
		return nil, err
	}
	return as, nil
}

// ScoreApplication stores a reviewer's scores of an assigned application on the program's
// rubric, after the reviewer declared no conflict; scores may be revised until the selection.
func (r *Reviews) ScoreApplication(ctx context.Context, a seedbed.Actor, id int64, sheet seedbed.ScoreSheet) (*seedbed.Assignment, error) {
	var as *seedbed.Assignment
	err := decide(ctx, r.store, a, "review.score", "assignment", id, func(tx *sqlstore.Tx) error {
		var p *seedbed.Program
		var err error
		if as, p, err = ownAssignment(ctx, tx, a, id); err != nil {
			return err
		}
		switch as.State {
		case seedbed.AssignmentReplaced:
			return replacedError(as)
		case seedbed.AssignmentRecused:
			return seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "您已声明利益冲突并回避，不能评分", En: "you declared a conflict of interest and may not score this application"})
		case seedbed.AssignmentDeclined:
			return declinedError()
		case seedbed.AssignmentAssigned:
			return seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "请先声明与此申请不存在利益冲突，再评分", En: "declare that you have no conflict of interest before scoring"})
		}
		if err := mayOpen(tx.ConflictInfo(ctx, as.ReviewerID, as.ApplicationID)); err != nil {
			return err
		}
		if utf8.RuneCountInString(sheet.Comment) > 4000 {
			return seedbed.FieldError("comment", seedbed.Label{Zh: "评语过长（最多 4000 字）", En: "comment too long (at most 4000 characters)"})
		}
		total, err := toRubric(p.Rubric).Total(sheet.Scores)
		if err != nil {
			return err
		}
		if err := tx.ScoreAssignment(ctx, id, sheet.Scores, total, sheet.Comment); err != nil {
			return err
		}
		now := tx.Now()
		as.State, as.Scores, as.Total, as.Comment, as.ScoredAt = seedbed.AssignmentScored, sheet.Scores, &total, sheet.Comment, &now
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventScore, seedbed.ApplicationSubject(as.ApplicationID), map[string]any{
			"assignment_id": id, "application_id": as.ApplicationID, "program_id": as.ProgramID, "reviewer": a.Username,
			"scores": sheet.Scores, "total": total}); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "review.score", "assignment", id, fmt.Sprintf("%.2f", total))
	})
	return as, err
}

// NormaliseScores adjusts the raw scores of a program in review for each reviewer's harshness (see
// package selection) and keeps them as the basis of the selection; run again after scores
// change, it replaces them until the selection is made. EINVALID when there are no scores.
func (r *Reviews) NormaliseScores(ctx context.Context, a seedbed.Actor, programID int64) (*selection.ProgramSelection, error) {
	var ps *selection.ProgramSelection
	err := decide(ctx, r.store, a, "review.normalise", "program", programID, func(tx *sqlstore.Tx) error {
		p, err := tx.Program(ctx, programID)
		if err != nil {
			return err
		}
		if err := checkReviewOpen(ctx, tx, p); err != nil {
			return err
		}
		scores, err := tx.ProgramScores(ctx, programID)
		if err != nil {
			return err
		}
		if len(scores) == 0 {
			return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "还没有评分，无法标准化", En: "there are no scores to normalise yet"})
		}
		n, err := selection.Normalise(scores, selection.NormaliseOptions{})
		if err != nil {
			return err
		}
		ps = &selection.ProgramSelection{ProgramID: programID, Normalised: n, ScoreCount: len(scores)}
		if err := tx.SaveNormalised(ctx, a, ps); err != nil {
			return err
		}
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventNormalisation, seedbed.ProgramSubject(programID), map[string]any{
			"program_id": programID, "score_count": len(scores), "method": n.Method, "normalised": n}); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "review.normalise", "program", programID, fmt.Sprintf("%d scores", len(scores)))
	})
	return ps, err
}

// tellReviewers posts each reviewer one message for the applications just assigned to them.
func (r *Reviews) tellReviewers(ctx context.Context, tx *sqlstore.Tx, p *seedbed.Program, pairs []selection.Pair) error {
	if r.Inbox == nil {
		return nil
	}
	count := map[string]int{}
	var order []string
	for _, pair := range pairs {
		if count[pair.ReviewerID] == 0 {
			order = append(order, pair.ReviewerID)
		}
		count[pair.ReviewerID]++
	}
	for _, name := range order {
		msg := seedbed.Message{Kind: seedbed.MsgReviewAssigned, Link: "/reviews",
			Subject: seedbed.FormatLabel(seedbed.Label{Zh: "评审任务：%s", En: "Review assigned: %s"}, seedbed.Same(p.Title)),
			Body: seedbed.FormatLabel(seedbed.Label{Zh: "「%s」有 %d 份申请分配给您评审。请先申报利益关系，再打分。", En: "%[2]d applications of \"%[1]s\" were assigned to you. Declare your interests first, then score."},
				seedbed.Same(p.Title), count[name])}
		if err := r.Inbox.PostToUser(ctx, tx, name, msg); err != nil {
			return err
		}
	}
	return nil
}
