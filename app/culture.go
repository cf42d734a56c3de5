package app

import (
	"context"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"slices"
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
// With sample 0 it invites every innovator of the region, at most maxInvitations; with sample n
// (1 … maxInvitations) it invites a simple random sample of n of them (all, when the region has
// no more), which is how a district of thousands is surveyed. The sample is drawn from a stream
// keyed by the wave, the region, n and the wave's invitations so far, so that it can be drawn
// again to be checked, and a second call draws another. The anonymity of the links means a
// second sample of the same region may invite someone twice.
// Errors: EFORBIDDEN, ENOTFOUND, ECONFLICT (the wave has closed), EINVALID (nobody to invite,
// too many at once without a sample, or a sample out of range).
func (c *Culture) Invite(ctx context.Context, a seedbed.Actor, waveID int64, region string, sample int) ([]seedbed.SurveyInvitation, error) {
	if err := seedbed.Authorize(a, seedbed.PermSurveyManage, nil); err != nil {
		return nil, err
	}
	if sample < 0 || sample > maxInvitations {
		return nil, seedbed.FieldError("sample", seedbed.Label{Zh: "样本量须在 1 到 %d 之间（不抽样则留空）", En: "the sample size must be 1 to %d (leave it empty to invite everyone)"}, maxInvitations)
	}
	ids, err := c.store.InnovatorIDs(ctx, seedbed.InnovatorFilter{Region: region})
	if err != nil {
		return nil, err
	}
	total := len(ids)
	if total == 0 {
		return nil, seedbed.FieldError("region", seedbed.Label{Zh: "地区 %q 没有登记的创新主体", En: "no innovators registered in region %q"}, region)
	}
	if sample == 0 && total > maxInvitations {
		return nil, seedbed.FieldError("region", seedbed.Label{Zh: "一次最多发出 %d 个邀请，该范围有 %d 个主体：请按地区分批，或抽取样本", En: "at most %d invitations at a time, and this covers %d innovators: issue them region by region, or draw a sample"}, maxInvitations, total)
	}
	var out []seedbed.SurveyInvitation
	err = c.store.InTx(ctx, func(tx *sqlstore.Tx) error {
		// Locked first: two samples drawn at once would otherwise read the same count of
		// invitations, and so the same key and the same innovators.
		if err := tx.LockWave(ctx, waveID); err != nil {
			return err
		}
		w, err := tx.Wave(ctx, waveID)
		if err != nil {
			return err
		}
		if waveClosed(w, tx) {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "第 %d 轮调查已于 %s 截止", En: "survey wave %d closed on %s"}, w.ID, w.ClosesOn.Format(seedbed.DateLayout))
		}
		picked := ids
		if sample > 0 && sample < total {
			picked = sampleIDs(ids, sample, sampleSeed(w.ID, region, sample, w.Invited))
		}
		ins, _, err := c.store.FindInnovators(ctx, seedbed.InnovatorFilter{IDs: picked, Limit: maxInvitations})
		if err != nil {
			return err
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
		detail := strconv.Itoa(len(out)) + " invitations, region " + region
		if len(picked) < total {
			detail += ", a random sample of " + strconv.Itoa(total)
		}
		return tx.Audit(ctx, a, "survey.invite", "survey_wave", w.ID, detail)
	})
	return out, err
}

// sampleIDs returns n of ids (n < len(ids)) drawn uniformly without replacement from the stream
// seed, in id order; ids is left as it was.
func sampleIDs(ids []int64, n int, seed [32]byte) []int64 {
	r := rand.New(rand.NewChaCha8(seed))
	pool := slices.Clone(ids)
	for j := range n {
		k := j + r.IntN(len(pool)-j)
		pool[j], pool[k] = pool[k], pool[j]
	}
	out := pool[:n]
	slices.Sort(out)
	return out
}

// sampleSeed keys a survey sample: the wave, the region, the sample's size and how many the
// wave had invited before it.
func sampleSeed(wave int64, region string, n, invited int) [32]byte {
	return sha256.Sum256([]byte(fmt.Sprintf("seedbed survey sample\x00%d\x00%s\x00%d\x00%d", wave, region, n, invited)))
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
