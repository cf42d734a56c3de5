package app

import (
	"context"
	"strconv"

	"seedbed"
	"seedbed/auth"
	"seedbed/ecosystem"
	"seedbed/evaluation"
	"seedbed/sqlstore"
)

// Culture runs the culture survey: officers open waves and issue invitation links, innovators
// answer anonymously through a link, and leaders, officers and auditors read the results of
// groups of at least K respondents.
type Culture struct {
	store *sqlstore.Store
	// K is the least number of respondents a published group may have.
	K int
}

// maxInvitations bounds the links one call issues.
const maxInvitations = 500

// CreateWave opens a new wave of the current questionnaire. Errors: EFORBIDDEN, EINVALID.
func (c *Culture) CreateWave(ctx context.Context, a seedbed.Actor, w *seedbed.SurveyWave) error {
	if err := seedbed.Authorize(a, seedbed.PermSurveyManage, nil); err != nil {
		return err
	}
	w.Version = seedbed.CurrentQuestionnaire().Version
	if err := w.Validate(); err != nil {
		return err
	}
	return c.store.InTx(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.InsertWave(ctx, a, w); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "survey.wave", "survey_wave", w.ID, w.Title)
	})
}

// Waves lists the waves, oldest first.
func (c *Culture) Waves(ctx context.Context) ([]seedbed.SurveyWave, error) { return c.store.Waves(ctx) }

// Invite issues one link per innovator of the region ("" for every region) for a wave that has
// not closed, and returns them once; only the tokens' hashes and the invitees' groups are kept.
// Errors: EFORBIDDEN, ENOTFOUND, ECONFLICT (the wave has closed), EINVALID (nobody to invite,
// or too many at once).
func (c *Culture) Invite(ctx context.Context, a seedbed.Actor, waveID int64, region string) ([]seedbed.SurveyInvitation, error) {
	if err := seedbed.Authorize(a, seedbed.PermSurveyManage, nil); err != nil {
		return nil, err
	}
	ins, total, err := c.store.FindInnovators(ctx, seedbed.InnovatorFilter{Region: region, Limit: maxInvitations})
	if err != nil {
		return nil, err
	}
	if total == 0 {
		return nil, seedbed.FieldError("region", seedbed.Label{Zh: "地区 %q 没有登记的创新主体", En: "no innovators registered in region %q"}, region)
	}
	if total > maxInvitations {
		return nil, seedbed.FieldError("region", seedbed.Label{Zh: "一次最多发出 %d 个邀请，该范围有 %d 个主体：请按地区分批", En: "at most %d invitations at a time, and this covers %d innovators: issue them region by region"}, maxInvitations, total)
	}
	var out []seedbed.SurveyInvitation
	err = c.store.InTx(ctx, func(tx *sqlstore.Tx) error {
		w, err := tx.Wave(ctx, waveID)
		if err != nil {
			return err
		}
		if waveClosed(w, tx) {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "第 %d 轮调查已于 %s 截止", En: "survey wave %d closed on %s"}, w.ID, w.ClosesOn.Format(seedbed.DateLayout))
		}
		out = make([]seedbed.SurveyInvitation, 0, len(ins))
		for _, in := range ins {
			secret, hash, err := auth.NewSecret("sbs_")
			if err != nil {
				return err
			}
			if err := tx.InsertInvitation(ctx, w.ID, hash, in.Region, in.Kind); err != nil {
				return err
			}
			out = append(out, seedbed.SurveyInvitation{InnovatorID: in.ID, InnovatorName: in.Name, Token: secret, Path: "/survey/" + secret})
		}
		return tx.Audit(ctx, a, "survey.invite", "survey_wave", w.ID, strconv.Itoa(len(out))+" invitations, region "+region)
	})
	return out, err
}

// waveClosed reports whether the wave's last day (in the bureau's zone) is past.
func waveClosed(w *seedbed.SurveyWave, tx *sqlstore.Tx) bool {
	return tx.Now().In(evaluation.BureauZone).Format(seedbed.DateLayout) > w.ClosesOn.Format(seedbed.DateLayout)
}

// waveNotOpen reports whether the wave's first day is still to come.
func waveNotOpen(w *seedbed.SurveyWave, tx *sqlstore.Tx) bool {
	return tx.Now().In(evaluation.BureauZone).Format(seedbed.DateLayout) < w.OpensOn.Format(seedbed.DateLayout)
}

// Invitation checks a token and returns its wave and questionnaire, for the answer form.
// Errors: ENOTFOUND (no such link), ECONFLICT (answered, closed or not yet open).
func (c *Culture) Invitation(ctx context.Context, token string) (*seedbed.SurveyWave, seedbed.Questionnaire, error) {
	var w *seedbed.SurveyWave
	err := c.store.InTx(ctx, func(tx *sqlstore.Tx) error {
		var err error
		w, _, err = checkInvitation(ctx, tx, token)
		return err
	})
	if err != nil {
		return nil, seedbed.Questionnaire{}, err
	}
	q, err := seedbed.QuestionnaireVersion(w.Version)
	return w, q, err
}

func checkInvitation(ctx context.Context, tx *sqlstore.Tx, token string) (*seedbed.SurveyWave, *sqlstore.Invitation, error) {
	if len(token) > 100 {
		return nil, nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "邀请链接无效", En: "this invitation link is not valid"})
	}
	inv, err := tx.Invitation(ctx, auth.HashSecret(token))
	if err != nil {
		return nil, nil, err
	}
	w, err := tx.Wave(ctx, inv.WaveID)
	if err != nil {
		return nil, nil, err
	}
	switch {
	case inv.Used:
		return nil, nil, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "这个邀请链接已经提交过答卷，每个链接只能提交一次", En: "this invitation has already been answered; each link answers once"})
	case waveClosed(w, tx):
		return nil, nil, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "本轮调查已于 %s 截止，链接已失效", En: "this survey closed on %s; the link has expired"}, w.ClosesOn.Format(seedbed.DateLayout))
	case waveNotOpen(w, tx):
		return nil, nil, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "本轮调查 %s 开始", En: "this survey opens on %s"}, w.OpensOn.Format(seedbed.DateLayout))
	}
	return w, inv, nil
}

// Respond records one anonymous answer sheet for a token, once: the invitation is marked used
// and the answers are stored apart from it, with nothing that joins the two, and nothing is
// audited (an audit entry's time would join them). Errors: ENOTFOUND, ECONFLICT (answered,
// closed, not open), EINVALID (each bad answer named by its question); a refusal changes nothing.
func (c *Culture) Respond(ctx context.Context, token string, a seedbed.SurveyAnswers) error {
	return c.store.InTx(ctx, func(tx *sqlstore.Tx) error {
		w, inv, err := checkInvitation(ctx, tx, token)
		if err != nil {
			return err
		}
		q, err := seedbed.QuestionnaireVersion(w.Version)
		if err != nil {
			return err
		}
		if err := a.Check(q); err != nil {
			return err
		}
		if err := tx.UseInvitation(ctx, auth.HashSecret(token)); err != nil {
			return err
		}
		return tx.InsertResponse(ctx, w.ID, inv.Region, inv.Kind, a)
	})
}

// Results computes the results broken down by "region", "kind" or "" (none). Errors: EINVALID
// (an unknown breakdown).
func (c *Culture) Results(ctx context.Context, by string) (*ecosystem.CultureReport, error) {
	if by != "" && !seedbed.CultureGroupings.Has(by) {
		return nil, seedbed.FieldError("by", seedbed.Label{Zh: "未知的分组 %q，应为 region 或 kind", En: "unknown breakdown %q: region or kind"}, by)
	}
	waves, err := c.store.Waves(ctx)
	if err != nil {
		return nil, err
	}
	rs, err := c.store.Responses(ctx)
	if err != nil {
		return nil, err
	}
	k := c.K
	if k < 1 {
		k = seedbed.DefaultCultureK
	}
	ids := make([]int64, len(waves))
	for i, w := range waves {
		ids[i] = w.ID
	}
	// every version so far shares its question keys; a later version with new keys would group
	// waves by version here
	return &ecosystem.CultureReport{K: k, By: by, Questionnaire: seedbed.CurrentQuestionnaire(), Waves: waves,
		Results: ecosystem.CultureResults(seedbed.CurrentQuestionnaire(), rs, ids, by, k)}, nil
}
