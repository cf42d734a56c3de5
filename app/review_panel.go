package app

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"seedbed"
	"seedbed/selection"
	"seedbed/sqlstore"
)

// panelMember reports whether the actor may read and join the panel discussion of an
// application: an officer moderating it, or a reviewer of the application whose score is in
// (neither recused nor replaced).
func (r *Reviews) panelMember(ctx context.Context, a seedbed.Actor, appID int64) (bool, error) {
	if seedbed.RoleCan(a.Role, seedbed.PermProgramManage) {
		return true, nil
	}
	if a.Role != seedbed.RoleReviewer {
		return false, nil
	}
	as, err := r.store.ReviewerAssignment(ctx, a.UserID, appID)
	if err != nil {
		return false, err
	}
	return as != nil && as.State == seedbed.AssignmentScored, nil
}

// PanelDiscussion returns the panel's discussion of an application — the notes and the outcome
// in force — for officers and auditors, and for a reviewer of the application once their score
// is in. EFORBIDDEN for anyone else.
func (r *Reviews) PanelDiscussion(ctx context.Context, a seedbed.Actor, appID int64) (*seedbed.PanelDiscussion, error) {
	if _, err := r.store.GetApplication(ctx, appID); err != nil {
		return nil, err
	}
	ok, err := r.panelMember(ctx, a, appID)
	if err != nil {
		return nil, err
	}
	if !ok && a.Role != seedbed.RoleAuditor {
		return nil, seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "评审组讨论只对本申请已评分的评审专家和项目主管开放", En: "the panel's discussion is open to the application's reviewers once they scored it, and to officers"})
	}
	entries, err := r.store.PanelEntries(ctx, appID)
	if err != nil {
		return nil, err
	}
	return seedbed.NewPanelDiscussion(appID, entries), nil
}

// panelText checks a note's or an outcome's text.
func panelText(field, body string) (string, error) {
	body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	switch n := utf8.RuneCountInString(body); {
	case n == 0:
		return "", seedbed.FieldError(field, seedbed.Label{Zh: "内容不能为空", En: "write something"})
	case n > seedbed.MaxPanelNoteLen:
		return "", seedbed.FieldError(field, seedbed.Label{Zh: "内容过长：%d 字，最多 %d 字", En: "too long: %d characters, at most %d"}, n, seedbed.MaxPanelNoteLen)
	}
	return body, nil
}

// panelProgram loads an application and its program for a panel write, refusing once review is
// over.
func panelProgram(ctx context.Context, tx *sqlstore.Tx, appID int64) (*seedbed.Application, *seedbed.Program, error) {
	app, err := tx.Application(ctx, appID)
	if err != nil {
		return nil, nil, err
	}
	p, err := tx.Program(ctx, app.ProgramID)
	if err != nil {
		return nil, nil, err
	}
	if err := checkReviewOpen(ctx, tx, p); err != nil {
		return nil, nil, err
	}
	return app, p, nil
}

// AddPanelNote adds the actor's note to the panel's discussion of an application: a reviewer of
// it once their score is in, or an officer moderating. EINVALID for an empty note or one over
// MaxPanelNoteLen; EFORBIDDEN for anyone else; ECONFLICT once review is over.
func (r *Reviews) AddPanelNote(ctx context.Context, a seedbed.Actor, appID int64, body string) (*seedbed.PanelEntry, error) {
	var e *seedbed.PanelEntry
	err := decide(ctx, r.store, a, "review.panel_note", "application", appID, func(tx *sqlstore.Tx) error {
		ok, err := r.panelMember(ctx, a, appID)
		if err != nil {
			return err
		}
		if !ok {
			return seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "只有已对本申请评分的评审专家和项目主管可以参加讨论", En: "only the application's reviewers whose score is in, and officers, take part in the discussion"})
		}
		text, err := panelText("body", body)
		if err != nil {
			return err
		}
		_, p, err := panelProgram(ctx, tx, appID)
		if err != nil {
			return err
		}
		e = &seedbed.PanelEntry{ProgramID: p.ID, ApplicationID: appID, Kind: seedbed.PanelNote, Body: text, Author: a.Username}
		if err := tx.InsertPanelEntry(ctx, e); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "review.panel_note", "application", appID, fmt.Sprintf("%d characters", utf8.RuneCountInString(text)))
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// RecordPanelOutcome records, as the officer moderating the panel, its outcome on an
// application: a consensus or a disagreement once every review of it is in, or a triage of an
// application clearly below the others (selection.MayTriage) with the reason. The latest outcome
// is the one in force; each is a decision in the ledger and reaches the applicant with the
// summary statement. EINVALID for an unknown kind or a missing text; ECONFLICT while reviews are
// pending, for a triage the rule refuses, and once review is over.
func (r *Reviews) RecordPanelOutcome(ctx context.Context, a seedbed.Actor, appID int64, kind, body string) (*seedbed.PanelEntry, error) {
	var e *seedbed.PanelEntry
	err := decide(ctx, r.store, a, "review.panel_outcome", "application", appID, func(tx *sqlstore.Tx) error {
		if !seedbed.RoleCan(a.Role, seedbed.PermProgramManage) {
			return seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "只有项目主管可以记录评审组结论", En: "only an officer records the panel's outcome"})
		}
		if kind == seedbed.PanelNote || !seedbed.PanelKinds.Has(kind) {
			return seedbed.FieldError("kind", seedbed.Label{Zh: "请选择：达成一致、存在分歧或分流", En: "choose consensus, disagreement or triage"})
		}
		text, err := panelText("body", body)
		if err != nil {
			return err
		}
		_, p, err := panelProgram(ctx, tx, appID)
		if err != nil {
			return err
		}
		all, err := tx.ProgramAssignments(ctx, p.ID)
		if err != nil {
			return err
		}
		scored, pending := 0, 0
		for _, as := range all {
			if as.ApplicationID != appID {
				continue
			}
			switch as.State {
			case seedbed.AssignmentScored:
				scored++
			case seedbed.AssignmentAssigned, seedbed.AssignmentOpen:
				pending++
			}
		}
		if scored == 0 {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "本申请还没有评分，评审组结论须在评分之后记录", En: "this application has no scores yet; the panel's outcome is recorded after them"})
		}
		if pending > 0 {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "本申请还有 %d 份评审未完成，评审组结论须在全部评分之后记录", En: "%d reviews of this application are not in; the panel's outcome is recorded once every review is"}, pending)
		}
		payload := map[string]any{"application_id": appID, "program_id": p.ID, "kind": kind, "body": text}
		event := seedbed.EventPanelOutcome
		if kind == seedbed.PanelTriage {
			event = seedbed.EventTriage
			ps, err := tx.ProgramSelection(ctx, p.ID)
			if err != nil {
				return err
			}
			if ps == nil {
				return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "请先校正评分，再决定分流", En: "normalise the scores before triaging"})
			}
			champs, err := tx.ProgramChampions(ctx, p.ID)
			if err != nil {
				return err
			}
			championed := false
			for _, c := range champs {
				championed = championed || c.ApplicationID == appID
			}
			if err := selection.MayTriage(ps.Normalised, seedbed.AppCode(appID), championed); err != nil {
				return err
			}
			for _, as := range ps.Normalised.Apps {
				if as.AppID == seedbed.AppCode(appID) {
					payload["score"], payload["interval"] = as.Score, []float64{as.Lower, as.Upper}
				}
			}
		}
		e = &seedbed.PanelEntry{ProgramID: p.ID, ApplicationID: appID, Kind: kind, Body: text, Author: a.Username}
		if err := tx.InsertPanelEntry(ctx, e); err != nil {
			return err
		}
		if _, err := tx.RecordEvent(ctx, a, event, seedbed.ApplicationSubject(appID), payload); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "review.panel_outcome", "application", appID, kind)
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// panelOutcome returns the outcome in force of an application's panel, as the applicant reads
// it, or nil.
func (r *Reviews) panelOutcome(ctx context.Context, appID int64) (*seedbed.PanelOutcome, error) {
	entries, err := r.store.PanelEntries(ctx, appID)
	if err != nil {
		return nil, err
	}
	d := seedbed.NewPanelDiscussion(appID, entries)
	if d.Outcome == nil {
		return nil, nil
	}
	return &seedbed.PanelOutcome{Kind: d.Outcome.Kind, Body: d.Outcome.Body, RecordedAt: d.Outcome.CreatedAt}, nil
}

// ProgramPanelOutcomes returns the outcome in force of each application of a program whose panel
// recorded one, by application id.
func (r *Reviews) ProgramPanelOutcomes(ctx context.Context, programID int64) (map[int64]*seedbed.PanelEntry, error) {
	entries, err := r.store.ProgramPanelEntries(ctx, programID)
	if err != nil {
		return nil, err
	}
	out := map[int64]*seedbed.PanelEntry{}
	for i := range entries {
		if entries[i].IsOutcome() {
			out[entries[i].ApplicationID] = &entries[i]
		}
	}
	return out, nil
}
