package app

import (
	"context"
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"seedbed"
	"seedbed/sqlstore"
)

// Persons answers a person's requests under PIPL: a copy of everything held about them, and
// erasure where no law requires the data kept. Both are for officers and administrators acting
// on a request, and both are audited.
type Persons struct {
	store *sqlstore.Store
}

// Export gathers everything held about one innovator and the people behind it, and records the
// read in the audit log as a read of personal data. Errors: EFORBIDDEN, ENOTFOUND.
func (p *Persons) Export(ctx context.Context, a seedbed.Actor, innovatorID int64) (*seedbed.PersonalData, error) {
	if err := seedbed.Authorize(a, seedbed.PermPersonalRights, nil); err != nil {
		return nil, err
	}
	in, err := p.store.GetInnovator(ctx, innovatorID)
	if err != nil {
		return nil, err
	}
	d := &seedbed.PersonalData{ExportedBy: a.Username, Innovator: *in, Scope: seedbed.EraseContact,
		Notes: map[string]string{
			"zh": "本文件包含平台所持有的与该主体及其联系人相关的全部信息。资助金额、决策事件和账本仅以主体编号指代该主体。",
			"en": "Everything the platform holds about this innovator and its contact person. Amounts, decision events and the ledger refer to the innovator by its number only.",
		}}
	if in.Kind == seedbed.KindIndividual || in.Kind == seedbed.KindTeam {
		d.Scope = seedbed.ErasePerson
	}
	ids := []int64{innovatorID}
	if d.History, err = p.store.InnovatorHistory(ctx, innovatorID); err != nil {
		return nil, err
	}
	if d.Applications, _, err = p.store.FindApplications(ctx, seedbed.ApplicationFilter{InnovatorIDs: ids, Limit: 10000}); err != nil {
		return nil, err
	}
	if d.Awards, _, err = p.store.FindAwards(ctx, seedbed.AwardFilter{InnovatorIDs: ids, Limit: 10000}); err != nil {
		return nil, err
	}
	if d.Failures, _, err = p.store.FindFailures(ctx, seedbed.FailureFilter{InnovatorIDs: ids, Limit: 10000}); err != nil {
		return nil, err
	}
	obs, err := p.store.InnovatorObservations(ctx, innovatorID)
	if err != nil {
		return nil, err
	}
	if d.Observations, err = json.Marshal(obs); err != nil {
		return nil, err
	}
	if d.Accounts, d.Attachments, d.Events, d.Audit, err = p.store.PersonRecords(ctx, innovatorID); err != nil {
		return nil, err
	}
	err = p.store.InTx(ctx, func(tx *sqlstore.Tx) error {
		d.ExportedAt = tx.Now()
		return tx.AuditEntry(ctx, seedbed.AuditEntry{Actor: a.Username, Role: a.Role, Action: "personal.export",
			Entity: "innovator", EntityID: strconv.FormatInt(innovatorID, 10), Detail: "personal data export"})
	})
	return d, err
}

// Erase blanks the personal data of one innovator (scope person: an individual or a team,
// wholly) or of its contact person (scope contact), records the erasure as a decision event
// that names the innovator by number and the fields erased, and audits it. The ledger is not
// touched and still verifies. Errors: EFORBIDDEN, ENOTFOUND, EINVALID (scope, reason),
// ECONFLICT (an application being decided or an award running).
func (p *Persons) Erase(ctx context.Context, a seedbed.Actor, innovatorID int64, scope, reason string) (*seedbed.Erasure, error) {
	if err := seedbed.Authorize(a, seedbed.PermPersonalRights, nil); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" || len([]rune(reason)) > 500 {
		return nil, seedbed.FieldError("reason", seedbed.Label{Zh: "请写明删除依据（如个人的申请日期与编号），不超过 500 字", En: "give the ground for erasure (such as the date and number of the person's request), at most 500 characters"})
	}
	if e := seedbed.CheckText("reason", reason); e != nil {
		return nil, e
	}
	out := &seedbed.Erasure{InnovatorID: innovatorID, Scope: scope, Pseudonym: seedbed.ErasedName(innovatorID), Kept: erasureKept}
	err := p.store.InTx(ctx, func(tx *sqlstore.Tx) error {
		in, err := tx.Innovator(ctx, innovatorID)
		if err != nil {
			return err
		}
		apps, awards, err := tx.OpenMatters(ctx, innovatorID)
		if err != nil {
			return err
		}
		if err := seedbed.CheckErasable(in, scope, apps, awards); err != nil {
			return err
		}
		if scope == seedbed.EraseContact {
			out.Pseudonym = ""
		}
		if out.Erased, err = tx.ErasePersonalData(ctx, in, scope); err != nil {
			return err
		}
		fields := make([]string, 0, len(out.Erased))
		for k := range out.Erased {
			fields = append(fields, k)
		}
		sort.Strings(fields)
		if _, err := tx.RecordEvent(ctx, a, "personal_erasure", "innovator:"+strconv.FormatInt(innovatorID, 10),
			map[string]any{"innovator_id": innovatorID, "scope": scope, "erased": fields}); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "personal.erase", "innovator", innovatorID, scope+": "+reason)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// erasureKept says what an erasure leaves, and why.
var erasureKept = []seedbed.Label{
	{Zh: "资助金额、日期、项目和决策事件：财政资金档案须依法保存，且仅以主体编号指代", En: "amounts, dates, programs and decision events: public-funds records the law requires kept, naming the innovator by number only"},
	{Zh: "决策账本：只追加、不可修改，其中不含姓名或联系方式，申请人账号以化名记录", En: "the decision ledger: append-only; it holds no names or contact details, and applicant accounts appear under a pseudonym"},
	{Zh: "审计日志：网络安全法要求留存不少于六个月，且以哈希链防篡改", En: "the audit log: kept at least six months under the Cybersecurity Law, and hash-chained against tampering"},
}
