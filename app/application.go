package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"seedbed"
	"seedbed/sqlstore"
)

// CreateApplication starts an application (a draft) of the innovator app.InnovatorID to an open
// program. One organisation has at most one live application per program.
func (ps *Programs) CreateApplication(ctx context.Context, a seedbed.Actor, app *seedbed.Application) error {
	app.Normalize()
	return decide(ctx, ps.store, a, "application.create", "program", app.ProgramID, func(tx *sqlstore.Tx) error {
		p, err := tx.Program(ctx, app.ProgramID)
		if err != nil {
			return err
		}
		if err := p.CheckCallOpen(tx.Now()); err != nil {
			return err
		}
		if err := app.Validate(p, false); err != nil {
			return err
		}
		existing, err := tx.LiveApplicationID(ctx, app.ProgramID, app.InnovatorID)
		if err != nil {
			return err
		}
		if existing != 0 {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "本单位在该计划中已有一份申请（编号 %d），请编辑那一份", En: "your organisation already has an application to this program (number %d); edit that one"}, existing)
		}
		app.State, app.Version, app.CreatedBy, app.CreatedAt, app.UpdatedAt = seedbed.AppDraft, 1, a.Username, tx.Now(), tx.Now()
		if err := tx.InsertApplication(ctx, app); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "application.create", "application", app.ID, app.Title)
	})
}

// UpdateApplication saves a draft application. version must be the version the editor saw.
func (ps *Programs) UpdateApplication(ctx context.Context, a seedbed.Actor, app *seedbed.Application, version int) error {
	app.Normalize()
	return decide(ctx, ps.store, a, "application.update", "application", app.ID, func(tx *sqlstore.Tx) error {
		old, err := tx.Application(ctx, app.ID)
		if err != nil {
			return err
		}
		if err := old.CheckEditable(); err != nil {
			return err
		}
		p, err := tx.Program(ctx, old.ProgramID)
		if err != nil {
			return err
		}
		if err := p.CheckCallOpen(tx.Now()); err != nil {
			return err
		}
		app.ProgramID, app.InnovatorID = old.ProgramID, old.InnovatorID
		if err := app.Validate(p, false); err != nil {
			return err
		}
		ok, err := tx.UpdateDraftApplication(ctx, app, version)
		if err != nil {
			return err
		}
		if !ok {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "申请已被修改（版本 %d，您编辑的是版本 %d），请刷新后重试", En: "changed since you opened it; reload and try again"}, old.Version, version)
		}
		app.State, app.Version, app.CreatedBy, app.CreatedAt, app.UpdatedAt = old.State, old.Version+1, old.CreatedBy, old.CreatedAt, tx.Now()
		return tx.Audit(ctx, a, "application.update", "application", app.ID, app.Title)
	})
}

// SubmitApplication checks the applicant against the program's policies and submits the draft
// before the deadline with the verdict, recorded as a decision. An ineligible application is
// still submitted, and marked: the applicant sees why. When the policy engine cannot decide, the
// application is submitted as undecided with the reason, for an officer to check by hand: never
// a silent no.
func (ps *Programs) SubmitApplication(ctx context.Context, a seedbed.Actor, id int64) (*seedbed.Application, error) {
	app, err := ps.store.GetApplication(ctx, id)
	if err != nil {
		return nil, err
	}
	p, err := ps.store.GetProgram(ctx, app.ProgramID)
	if err != nil {
		return nil, err
	}
	in, err := ps.store.GetInnovator(ctx, app.InnovatorID)
	if err != nil {
		return nil, err
	}
	asOf := ps.store.Now()
	elig, err := ps.CheckEligibility(ctx, in, p.PolicyIDs, asOf)
	if err != nil {
		ps.log.Error("eligibility check", "application", id, "err", err)
		elig = eligibilityUnavailable(p.PolicyIDs, err)
	}
	if elig.Status == "" {
		elig.Combine()
	}
	return ps.SubmitCheckedApplication(ctx, a, id, elig, asOf)
}

// EligibilityBefore tells an organisation, before it writes an application, whether it is
// eligible for a program today and why not, from the registry's data, by the same check its
// submission will get. Nothing is stored.
func (ps *Programs) EligibilityBefore(ctx context.Context, innovatorID, programID int64) (*seedbed.Eligibility, error) {
	p, err := ps.store.GetProgram(ctx, programID)
	if err != nil {
		return nil, err
	}
	in, err := ps.store.GetInnovator(ctx, innovatorID)
	if err != nil {
		return nil, err
	}
	elig, err := ps.CheckEligibility(ctx, in, p.PolicyIDs, ps.store.Now())
	if err != nil {
		elig = eligibilityUnavailable(p.PolicyIDs, err)
	}
	if elig.Status == "" {
		elig.Combine()
	}
	return &elig, nil
}

// eligibilityUnavailable is the verdict an application is submitted with when the policy engine
// could not check it: undecided, with the reason.
func eligibilityUnavailable(policyIDs []string, err error) seedbed.Eligibility {
	why := seedbed.Label{Zh: "自动资格审查暂不可用，由项目主管人工核对", En: "the automatic eligibility check is unavailable; an officer will check by hand"}
	if seedbed.ErrorCode(err) != seedbed.EINTERNAL {
		zh, en := seedbed.ErrorIn(err, "zh"), seedbed.ErrorIn(err, "en")
		why = seedbed.Label{Zh: "自动资格审查未能完成：" + zh + "；由项目主管人工核对",
			En: "the automatic eligibility check failed: " + en + "; an officer will check by hand"}
	}
	return seedbed.Eligibility{Status: seedbed.Undecided, Policies: []seedbed.PolicyEligibility{{PolicyID: strings.Join(policyIDs, ","),
		Title: seedbed.Label{Zh: "自动资格审查", En: "Automatic eligibility check"}, Status: seedbed.Undecided, Explanation: []seedbed.Label{why}}}}
}

// SubmitCheckedApplication submits a draft with a verdict the caller already has, the one the
// program's policies gave as of checkedAt (generated data, imports).
func (ps *Programs) SubmitCheckedApplication(ctx context.Context, a seedbed.Actor, id int64, elig seedbed.Eligibility, checkedAt time.Time) (*seedbed.Application, error) {
	var app *seedbed.Application
	err := decide(ctx, ps.store, a, "application.submit", "application", id, func(tx *sqlstore.Tx) error {
		var err error
		if app, err = tx.Application(ctx, id); err != nil {
			return err
		}
		if err := app.CheckSubmittable(); err != nil {
			return err
		}
		p, err := tx.Program(ctx, app.ProgramID)
		if err != nil {
			return err
		}
		if err := p.CheckCallOpen(tx.Now()); err != nil {
			return err
		}
		if err := app.Validate(p, true); err != nil {
			return err
		}
		if !seedbed.ValidEligibilityStatus(elig.Status) {
			return fmt.Errorf("eligibility status %q", elig.Status)
		}
		ok, err := tx.MarkApplicationSubmitted(ctx, id, elig)
		if err != nil {
			return err
		}
		if !ok {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "申请已提交，不能重复提交", En: "the application was already submitted"})
		}
		now := tx.Now()
		app.State, app.SubmittedAt, app.Eligibility, app.Version, app.UpdatedAt = seedbed.AppSubmitted, &now, &elig, app.Version+1, now
		// The verdict is the system's decision by the published rules, not the applicant's: the
		// ledger names the platform as its author and the applicant as who submitted.
		if _, err := tx.RecordEvent(ctx, seedbed.System, seedbed.EventEligibility, seedbed.ApplicationSubject(id), map[string]any{
			"application_id": id, "program_id": app.ProgramID, "innovator_id": app.InnovatorID, "submitted_by": seedbed.EventActor(a),
			"policy_ids": p.PolicyIDs, "checked_at": sqlstore.FormatTime(checkedAt), "eligibility": elig}); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "application.submit", "application", id, elig.Status)
	})
	return app, err
}

// WithdrawApplication withdraws an application before its program's selection; the organisation
// may then start a new one while the call is open. A submitted application's open review
// assignments are recused.
func (ps *Programs) WithdrawApplication(ctx context.Context, a seedbed.Actor, id int64, reason string) (*seedbed.Application, error) {
	var app *seedbed.Application
	err := decide(ctx, ps.store, a, "application.withdraw", "application", id, func(tx *sqlstore.Tx) error {
		var err error
		if app, err = tx.Application(ctx, id); err != nil {
			return err
		}
		if err := app.CheckWithdrawable(reason); err != nil {
			return err
		}
		ok, err := tx.MarkApplicationWithdrawn(ctx, id)
		if err != nil {
			return err
		}
		if !ok {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "申请状态已改变，请刷新", En: "the application changed meanwhile; reload"})
		}
		if app.State == seedbed.AppSubmitted {
			if err := tx.RecuseOpenAssignments(ctx, id, withdrawnNote); err != nil {
				return err
			}
			if _, err := tx.RecordEvent(ctx, a, seedbed.EventWithdrawal, seedbed.ApplicationSubject(id), map[string]any{
				"application_id": id, "program_id": app.ProgramID, "reason": reason}); err != nil {
				return err
			}
		}
		app.State, app.Version, app.UpdatedAt = seedbed.AppWithdrawn, app.Version+1, tx.Now()
		return tx.Audit(ctx, a, "application.withdraw", "application", id, reason)
	})
	return app, err
}

// GetApplication returns one application with its attachments' descriptions, or ENOTFOUND.
func (ps *Programs) GetApplication(ctx context.Context, id int64) (*seedbed.Application, error) {
	return ps.store.GetApplication(ctx, id)
}

// FindApplications returns one page of the applications matching f, in id order, and how many
// match.
func (ps *Programs) FindApplications(ctx context.Context, f seedbed.ApplicationFilter) ([]seedbed.Application, int, error) {
	return ps.store.FindApplications(ctx, f)
}

// AddAttachment stores a file on a draft application. contentType is what the caller sniffed
// from the bytes (never the client's claim); only the types in seedbed.AttachmentTypes are
// accepted, up to seedbed.MaxAttachmentSize each and seedbed.MaxAttachments per application.
func (ps *Programs) AddAttachment(ctx context.Context, a seedbed.Actor, appID int64, filename, contentType string, data []byte) (*seedbed.Attachment, error) {
	att := &seedbed.Attachment{ApplicationID: appID, Filename: seedbed.CleanFilename(filename), ContentType: contentType, Size: int64(len(data))}
	err := decide(ctx, ps.store, a, "attachment.add", "application", appID, func(tx *sqlstore.Tx) error {
		if err := seedbed.CheckAttachment(contentType, len(data), 0); err != nil {
			return err
		}
		// Locked first: an upload at the same moment as another, or as the submission, would
		// otherwise count the files, or see a draft, that is no longer there when it commits.
		if err := tx.LockApplication(ctx, appID); err != nil {
			return err
		}
		app, err := tx.Application(ctx, appID)
		if err != nil {
			return err
		}
		if app.State != seedbed.AppDraft {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "只能给草稿添加附件", En: "attachments can be added only to a draft"})
		}
		n, err := tx.CountAttachments(ctx, appID)
		if err != nil {
			return err
		}
		if err := seedbed.CheckAttachment(contentType, len(data), n); err != nil {
			return err
		}
		if err := tx.InsertAttachment(ctx, att, data, a.Username); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "attachment.add", "application", appID, att.Filename)
	})
	if err != nil {
		return nil, err
	}
	return att, nil
}

// DeleteAttachment removes a file from a draft application.
func (ps *Programs) DeleteAttachment(ctx context.Context, a seedbed.Actor, appID, attID int64) error {
	return decide(ctx, ps.store, a, "attachment.delete", "application", appID, func(tx *sqlstore.Tx) error {
		if err := tx.LockApplication(ctx, appID); err != nil { // as AddAttachment
			return err
		}
		app, err := tx.Application(ctx, appID)
		if err != nil {
			return err
		}
		if app.State != seedbed.AppDraft {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "只能从草稿中删除附件", En: "attachments can be removed only from a draft"})
		}
		if err := tx.DeleteAttachment(ctx, appID, attID); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "attachment.delete", "application", appID, "attachment "+strconv.FormatInt(attID, 10))
	})
}

// Attachment returns one attachment of an application with its bytes.
func (ps *Programs) Attachment(ctx context.Context, appID, attID int64) (*seedbed.Attachment, []byte, error) {
	return ps.store.Attachment(ctx, appID, attID)
}

// NewApplication is a blank application to program p, with the technical field of a's
// organisation filled in from the registry when a speaks for one.
func (ps *Programs) NewApplication(ctx context.Context, a seedbed.Actor, p *seedbed.Program) *seedbed.Application {
	app := &seedbed.Application{ProgramID: p.ID, Extra: map[string]string{}}
	if a.InnovatorID != nil {
		if in, err := ps.store.GetInnovator(ctx, *a.InnovatorID); err == nil {
			app.Field = in.Field
		}
	}
	return app
}

// ApplicationEvents lists the decision events about an application, in order.
func (ps *Programs) ApplicationEvents(ctx context.Context, id int64) ([]seedbed.Event, error) {
	return ps.store.FindEvents(ctx, seedbed.EventFilter{Subject: seedbed.ApplicationSubject(id)})
}
