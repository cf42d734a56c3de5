package app

import (
	"context"
	"fmt"
	"io/fs"

	"seedbed"
	"seedbed/exemption"
	"seedbed/procedures"
	"seedbed/sqlstore"
)

// PublishProcedure publishes a version of a standard decision procedure: the document is
// parsed strictly, stored, and its whole text recorded in the ledger, so that an exemption case
// can prove which version was in force. Publishing the same text again changes nothing
// (published false); a different text under a published id and version is refused with
// ECONFLICT (write a new version instead); a bad document with EINVALID errors naming line
// and column, or one that would take effect before today (EINVALID on effective_from): a
// procedure cannot judge decisions taken before it was published.
func (x *Exemptions) PublishProcedure(ctx context.Context, a seedbed.Actor, src []byte) (*seedbed.ProcedureInfo, bool, error) {
	return x.publishProcedure(ctx, a, src, false)
}

// publishProcedure publishes a procedure; standard says it is one of the embedded standard
// procedures, the rules in force since before any decision, which may take effect in the past.
// Under the two-person rule on procedures a person's publication is proposed
// (*seedbed.Proposed) and takes effect when a second account approves it.
func (x *Exemptions) publishProcedure(ctx context.Context, a seedbed.Actor, src []byte, standard bool) (*seedbed.ProcedureInfo, bool, error) {
	p, err := exemption.Parse(src)
	if err != nil {
		return nil, false, err
	}
	var info *seedbed.ProcedureInfo
	published := false
	if !standard && x.approvals.Applies(seedbed.TwoPersonProcedure, a) {
		ap := &seedbed.Approval{Rule: seedbed.TwoPersonProcedure, Subject: "procedure:" + p.ID,
			Link:    fmt.Sprintf("/procedures/%s/%d", p.ID, p.Version),
			Summary: seedbed.Label{Zh: fmt.Sprintf("发布决策程序《%s》第 %d 版", p.Title.Zh, p.Version), En: fmt.Sprintf("publish version %d of procedure %s", p.Version, p.Title.En)}}
		err := x.approvals.propose(ctx, a, ap, procedureProposal{Source: string(src)}, func(tx *sqlstore.Tx) error {
			var err error
			info, err = procedurePublishable(ctx, tx, p, standard)
			return err
		})
		if info != nil {
			return info, false, nil // the same text is published already: nothing to approve
		}
		return nil, false, err
	}
	err = x.store.InTx(ctx, func(tx *sqlstore.Tx) error {
		var err error
		info, published, err = insertProcedure(ctx, tx, a, p, src, standard)
		return err
	})
	if err != nil {
		return nil, false, err
	}
	return info, published, nil
}

// procedureProposal is what an approval of a procedure's publication carries: its text.
type procedureProposal struct {
	Source string `json:"source"`
}

func (x *Exemptions) approveProcedure(ctx context.Context, tx *sqlstore.Tx, a seedbed.Actor, ap *seedbed.Approval) error {
	var pr procedureProposal
	if err := payloadOf(ap, &pr); err != nil {
		return err
	}
	p, err := exemption.Parse([]byte(pr.Source))
	if err != nil {
		return err
	}
	_, _, err = insertProcedure(ctx, tx, a, p, []byte(pr.Source), false)
	return err
}

// procedurePublishable returns the published version when the same text is already published
// (nil otherwise), ECONFLICT for another text under the same version, and EINVALID for a
// procedure taking effect before today (unless standard).
func procedurePublishable(ctx context.Context, tx *sqlstore.Tx, p *exemption.Procedure, standard bool) (*seedbed.ProcedureInfo, error) {
	old, err := tx.Procedure(ctx, p.ID, p.Version)
	switch {
	case err == nil && old.SHA256 == p.SHA256():
		return old, nil
	case err == nil:
		return nil, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "程序 %s 第 %d 版已以不同的文本发布，已发布的版本不能修改：请发布新版本", En: "procedure %s version %d was published with another text; published versions never change: publish a new version"}, p.ID, p.Version)
	case seedbed.ErrorCode(err) != seedbed.ENOTFOUND:
		return nil, err
	}
	if !standard && p.Retroactive(tx.Now()) {
		today := seedbed.DateCST(tx.Now())
		return nil, seedbed.FieldError("effective_from", seedbed.Label{
			Zh: "程序自 %s 起生效，早于今天（%s）：已作出的决定不能按事后发布的程序评判，请把生效日期定在今天或以后",
			En: "the procedure would take effect on %s, before today (%s): decisions already taken cannot be judged by a procedure published afterwards; make it effective today or later"},
			p.EffectiveFrom.Format(seedbed.DateLayout), today)
	}
	return nil, nil
}

// insertProcedure publishes p as a, with its decision event; published is false when the same
// text was published already.
func insertProcedure(ctx context.Context, tx *sqlstore.Tx, a seedbed.Actor, p *exemption.Procedure, src []byte, standard bool) (*seedbed.ProcedureInfo, bool, error) {
	old, err := procedurePublishable(ctx, tx, p, standard)
	if err != nil || old != nil {
		return old, false, err
	}
	info := &seedbed.ProcedureInfo{ID: p.ID, Version: p.Version, Title: p.Title, EffectiveFrom: p.EffectiveFrom.Format(seedbed.DateLayout),
		SHA256: p.SHA256(), PublishedBy: a.Username, Source: string(src)}
	if !p.EffectiveTo.IsZero() {
		info.EffectiveTo = p.EffectiveTo.Format(seedbed.DateLayout)
	}
	if err := tx.InsertProcedure(ctx, info); err != nil {
		return nil, false, err
	}
	if _, err := tx.RecordEvent(ctx, a, seedbed.EventProcedurePublished, "procedure:"+p.ID, map[string]any{
		"id": p.ID, "version": p.Version, "sha256": info.SHA256, "effective_from": info.EffectiveFrom, "effective_to": info.EffectiveTo,
		"source": info.Source}); err != nil {
		return nil, false, err
	}
	return info, true, tx.Audit(ctx, a, "procedure.publish", "procedure", 0, fmt.Sprintf("%s v%d", p.ID, p.Version))
}

// PublishStandardProcedures publishes every embedded standard procedure not yet published and
// returns how many were new. Run it at start-up, before any decision is taken.
func (x *Exemptions) PublishStandardProcedures(ctx context.Context) (int, error) {
	names, err := fs.Glob(procedures.FS, "*.yaml")
	if err != nil {
		return 0, err
	}
	n := 0
	for _, name := range names {
		src, err := fs.ReadFile(procedures.FS, name)
		if err != nil {
			return n, err
		}
		_, published, err := x.publishProcedure(ctx, seedbed.System, src, true)
		if err != nil {
			return n, fmt.Errorf("%s: %w", name, err)
		}
		if published {
			n++
		}
	}
	return n, nil
}

// Procedure returns one published procedure version with its source, or ENOTFOUND.
func (x *Exemptions) Procedure(ctx context.Context, id string, version int) (*seedbed.ProcedureInfo, error) {
	return x.store.GetProcedure(ctx, id, version)
}

// Procedures returns every published procedure version (without sources), by id and version.
func (x *Exemptions) Procedures(ctx context.Context) ([]seedbed.ProcedureInfo, error) {
	return x.store.FindProcedures(ctx)
}

// ProcedureRecords returns a program's procedure records (collective decisions, public
// notices, declarations of interest) in the order they were made.
func (x *Exemptions) ProcedureRecords(ctx context.Context, programID int64) ([]seedbed.Event, error) {
	return x.store.ProcedureRecords(ctx, programID)
}

// RecordCollectiveDecision records the meeting that decided a program's funding list; it is a
// decision event of the program, ledgered like every other. EINVALID for a bad record or an
// unknown program, ECONFLICT for a program not yet published.
func (x *Exemptions) RecordCollectiveDecision(ctx context.Context, a seedbed.Actor, d seedbed.CollectiveDecision) (*seedbed.Event, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return x.recordProcedureStep(ctx, a, d.ProgramID, seedbed.EventCollectiveDecision, d)
}

// RecordPublicNotice records a funding list's public notice period and its objections.
func (x *Exemptions) RecordPublicNotice(ctx context.Context, a seedbed.Actor, n seedbed.PublicNotice) (*seedbed.Event, error) {
	if err := n.Validate(); err != nil {
		return nil, err
	}
	return x.recordProcedureStep(ctx, a, n.ProgramID, seedbed.EventPublicNotice, n)
}

// DeclareInterest records the acting official's declaration of interests in a program's
// applicants (a decision by them, for them).
func (x *Exemptions) DeclareInterest(ctx context.Context, a seedbed.Actor, d seedbed.InterestDeclaration) (*seedbed.Event, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return x.recordProcedureStep(ctx, a, d.ProgramID, seedbed.EventInterestDeclaration, d)
}

// recordProcedureStep records a procedure step about a program that exists and is past its
// draft, with its audit entry, in one transaction.
func (x *Exemptions) recordProcedureStep(ctx context.Context, a seedbed.Actor, programID int64, kind string, payload any) (*seedbed.Event, error) {
	var ev *seedbed.Event
	err := decide(ctx, x.store, a, "procedure."+kind, "program", programID, func(tx *sqlstore.Tx) error {
		// A program never returns to draft once published, so the state read before the
		// write cannot go stale in the way that matters here.
		p, err := x.store.GetProgram(ctx, programID)
		if err != nil {
			if seedbed.ErrorCode(err) == seedbed.ENOTFOUND {
				return seedbed.FieldError("program_id", seedbed.Label{Zh: "计划 %d 不存在", En: "program %d not found"}, programID)
			}
			return err
		}
		if p.State == seedbed.ProgramDraft {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "计划尚未发布", En: "the program has not been published"})
		}
		if ev, err = tx.RecordEvent(ctx, a, kind, seedbed.ProgramSubject(programID), payload); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "procedure."+kind, "program", programID, "")
	})
	return ev, err
}
