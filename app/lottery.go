package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"seedbed"
	"seedbed/selection"
	"seedbed/sqlstore"
)

// CommitLottery fixes the inputs of a partial lottery's draw before the seed exists: the ordered
// draw group with amounts, the budget left, the funding rule and the seed source, a future
// public event with the time after which its value is known. That time must lie more than the
// minimum delay (Options.LotteryMinDelay) after the commitment's time in the decision ledger;
// an earlier one is refused (EINVALID on seed_known_after), so that nobody can commit inputs
// knowing the seed. The commitment is recorded as a decision, so its time and hash are fixed.
// Committing the same inputs again returns the commitment; other inputs are refused
// (ECONFLICT).
func (r *Reviews) CommitLottery(ctx context.Context, a seedbed.Actor, programID int64, src selection.SeedSource) (*selection.Lottery, error) {
	var l *selection.Lottery
	err := decide(ctx, r.store, a, "lottery.commit", "program", programID, func(tx *sqlstore.Tx) error {
		plan, err := lotteryPlan(ctx, tx, programID)
		if err != nil {
			return err
		}
		c := plan.Commitment(seedbed.ProgramCode(programID), tx.Now().Truncate(time.Microsecond))
		c.SeedSourceKind, c.SeedSourceDescription, c.SeedSourceHash, c.SeedLedgerSize = src.Kind, src.Description, src.Hash, src.LedgerSize
		c.SeedKnownAfter = src.KnownAfter.UTC().Truncate(time.Microsecond)
		canon, err := c.Canonical()
		if err != nil {
			return err
		}
		if l, err = tx.Lottery(ctx, programID); err != nil {
			return err
		}
		if l != nil {
			old, err := selection.ParseCommitment([]byte(l.Commitment))
			if err != nil {
				return err
			}
			c.CreatedAt = old.CreatedAt
			if again, _ := c.Canonical(); !bytes.Equal(again, []byte(l.Commitment)) {
				return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "抽签输入已于 %s 承诺（哈希 %s），不接受不同的输入", En: "the draw's inputs were committed at %s (hash %s); other inputs are refused"}, seedbed.FormatCST(l.CommittedAt), l.CommitmentHash)
			}
			return nil
		}
		if earliest := c.CreatedAt.Add(r.lotteryMinDelay); !c.SeedKnownAfter.After(earliest) {
			return seedbed.FieldError("seed_known_after", seedbed.Label{
				Zh: "种子来源事件的公布时间 %s 不晚于承诺记入决策账本的时间 %s 加最短间隔 %s：种子须来自此后才发生的公开事件",
				En: "the seed's event is known from %s, not after the commitment's ledger time %s plus the minimum delay of %s: the seed must come from a public event after that"},
				seedbed.FormatCST(c.SeedKnownAfter), seedbed.FormatCST(c.CreatedAt), r.lotteryMinDelay)
		}
		sum := sha256.Sum256(canon)
		l = &selection.Lottery{ProgramID: programID, Commitment: string(canon),
			CommitmentHash: hex.EncodeToString(sum[:]), SeedKind: src.Kind, SeedSource: src.Description}
		src.KnownAfter = c.SeedKnownAfter
		ev, err := tx.RecordEvent(ctx, a, seedbed.EventLotteryCommitment, seedbed.ProgramSubject(programID), map[string]any{
			"program_id": programID, "commitment_hash": l.CommitmentHash, "commitment": l.Commitment, "seed_source": src})
		if err != nil {
			return err
		}
		l.CommitmentEventID = ev.ID
		if err := tx.InsertLottery(ctx, a, l); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "lottery.commit", "program", programID, l.CommitmentHash)
	})
	if l != nil {
		l.SeedKnownAfter = selection.SeedKnownAfterOf(l.Commitment)
	}
	return l, err
}

// LotteryMinDelay is the least time between a commitment and the event that gives its seed.
func (r *Reviews) LotteryMinDelay() time.Duration { return r.lotteryMinDelay }

// lotteryPlan returns the plan of a program whose partial lottery awaits its draw.
func lotteryPlan(ctx context.Context, tx *sqlstore.Tx, programID int64) (*selection.LotteryPlan, error) {
	p, err := tx.Program(ctx, programID)
	if err != nil {
		return nil, err
	}
	if p.SelectionMode != seedbed.SelectionLottery {
		return nil, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "该计划不采用部分随机抽签", En: "this program does not use a partial lottery"})
	}
	if p.State != seedbed.ProgramInReview {
		return nil, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "计划当前%s，不能抽签", En: "the program is %s; no draw now"}, p.StateLabel())
	}
	ps, err := tx.ProgramSelection(ctx, programID)
	if err != nil {
		return nil, err
	}
	if ps == nil || ps.Plan == nil {
		return nil, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "请先完成遴选，确定抽签组", En: "make the selection first, which fixes the draw group"})
	}
	if len(ps.Plan.Entrants) == 0 {
		return nil, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "本次遴选没有抽签组，无需抽签", En: "this selection has no draw group; no draw is needed"})
	}
	return ps.Plan, nil
}

// DrawLottery runs the committed draw with the seed value its source published, and decides
// the draw group. Drawing again with the same seed returns the result; another seed is refused
// (ECONFLICT), as is a draw before the commitment or before the time the seed's event publishes
// its value.
func (r *Reviews) DrawLottery(ctx context.Context, a seedbed.Actor, programID int64, seedValue string) (*selection.Lottery, error) {
	var l *selection.Lottery
	err := decide(ctx, r.store, a, "lottery.draw", "program", programID, func(tx *sqlstore.Tx) error {
		var err error
		if l, err = tx.Lottery(ctx, programID); err != nil {
			return err
		}
		if l == nil {
			if _, err := selection.CanonicalSeed(seedValue); err != nil {
				return err
			}
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "请先承诺抽签输入", En: "commit the draw's inputs first"})
		}
		if at := selection.SeedKnownAfterOf(l.Commitment); at != nil && !tx.Now().After(*at) {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "种子来源事件在 %s 之后才公布结果，此前不能抽签", En: "the seed's event publishes its value only after %s; no draw before then"}, seedbed.FormatCST(*at))
		}
		if l.SeedKind == selection.SeedLedgerHead {
			if seedValue, err = ledgerSeed(ctx, tx, l.SeedLedgerSize, seedValue); err != nil {
				return err
			}
		}
		seed, err := selection.CanonicalSeed(seedValue)
		if err != nil {
			return err
		}
		if l.Result != nil {
			if l.Seed == seed {
				return nil
			}
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "已于 %s 用种子 %q 抽签，不接受用其他输入重新抽签", En: "the draw was run at %s with seed %q; a re-run with other inputs is refused"}, seedbed.FormatCST(*l.DrawnAt), l.Seed)
		}
		plan, err := lotteryPlan(ctx, tx, programID)
		if err != nil {
			return err
		}
		c, err := selection.ParseCommitment([]byte(l.Commitment))
		if err != nil {
			return err
		}
		if h, _ := c.Hash(); h != l.CommitmentHash {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "承诺文本与记录的哈希不符", En: "the commitment text does not match its recorded hash"})
		}
		res, err := selection.Draw(c, seed)
		if err != nil {
			return err
		}
		final, err := plan.Apply(c, res)
		if err != nil {
			return err
		}
		if err := tx.SaveDraw(ctx, a, l, seed, res); err != nil {
			return err
		}
		if err := tx.ReplaceSelection(ctx, programID, final); err != nil {
			return err
		}
		var drawn []selection.Decision
		for _, d := range final.Decisions {
			if d.Outcome == selection.OutcomeDrawnIn || d.Outcome == selection.OutcomeDrawnOut {
				drawn = append(drawn, d)
			}
		}
		if err := applyDecisions(ctx, tx, a, programID, drawn); err != nil {
			return err
		}
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventDraw, seedbed.ProgramSubject(programID), map[string]any{
			"program_id": programID, "commitment_hash": l.CommitmentHash, "seed": seed, "seed_source": l.SeedSource,
			"order": res.Order, "spent": res.Spent, "funded": res.Funded()}); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "lottery.draw", "program", programID, fmt.Sprintf("seed %q, %d funded", seed, len(res.Funded())))
	})
	if l != nil {
		l.SeedKnownAfter = selection.SeedKnownAfterOf(l.Commitment)
	}
	return l, err
}

// ledgerSeed is the seed of a draw whose source is the ledger head at a size: the root at that
// size, which must exist; a value typed in must be that root.
func ledgerSeed(ctx context.Context, tx *sqlstore.Tx, size uint64, typed string) (string, error) {
	root, err := tx.LedgerRootAt(ctx, size)
	if err != nil {
		return "", err
	}
	if root == "" {
		now, err := tx.LedgerSize(ctx)
		if err != nil {
			return "", err
		}
		return "", seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "决策账本尚未达到规模 %d（现有 %d 条），请稍后抽签", En: "the decision ledger has not reached size %d yet (it holds %d entries); draw later"}, size, now)
	}
	if strings.TrimSpace(typed) != "" && strings.ToLower(strings.TrimSpace(typed)) != root {
		return "", seedbed.FieldError("seed", seedbed.Label{Zh: "种子应为决策账本在规模 %[1]d 时的根哈希 %[2]s", En: "the seed must be the ledger root %[2]s at size %[1]d"}, size, root)
	}
	return root, nil
}

// Lottery returns a program's lottery, or ENOTFOUND when there is none.
func (r *Reviews) Lottery(ctx context.Context, programID int64) (*selection.Lottery, error) {
	l, err := r.store.GetLottery(ctx, programID)
	if err != nil {
		return nil, err
	}
	l.SeedKnownAfter = selection.SeedKnownAfterOf(l.Commitment)
	return l, nil
}

// VerifyLottery recomputes a program's published draw from the published inputs, as a citizen
// would: the commitment text must hash to the recorded hash, which must be the one the
// commitment decision event recorded before the draw, and the draw recomputed from the
// commitment and the seed must equal the published result. It returns the lottery, and an
// ECONFLICT error naming the first difference when anything disagrees.
func (r *Reviews) VerifyLottery(ctx context.Context, programID int64) (*selection.Lottery, error) {
	l, err := r.Lottery(ctx, programID)
	if err != nil {
		return nil, err
	}
	if l.Result == nil {
		return l, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "抽签尚未进行", En: "the draw has not taken place yet"})
	}
	c, err := selection.ParseCommitment([]byte(l.Commitment))
	if err != nil {
		return l, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "承诺文本：%v", En: "commitment text: %v"}, err)
	}
	if h, _ := c.Hash(); h != l.CommitmentHash {
		return l, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "承诺文本的哈希为 %s，记录的承诺哈希为 %s", En: "the commitment text hashes to %s, the recorded commitment hash is %s"}, h, l.CommitmentHash)
	}
	if code := seedbed.ProgramCode(programID); c.ProgramID != code {
		return l, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "承诺属于计划 %s，不是 %s", En: "the commitment is for program %s, not %s"}, c.ProgramID, code)
	}
	evs, err := r.store.FindEvents(ctx, seedbed.EventFilter{Subject: seedbed.ProgramSubject(programID), Kind: seedbed.EventLotteryCommitment})
	if err != nil {
		return l, err
	}
	var recorded *seedbed.Event
	for i := range evs {
		if evs[i].ID == l.CommitmentEventID {
			recorded = &evs[i]
		}
	}
	if recorded == nil {
		return l, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "找不到记录承诺的决策事件 %d", En: "the decision event %d recording the commitment is missing"}, l.CommitmentEventID)
	}
	var payload struct {
		Hash string `json:"commitment_hash"`
	}
	json.Unmarshal(recorded.Payload, &payload)
	if payload.Hash != l.CommitmentHash {
		return l, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "决策事件记录的承诺哈希为 %s，公布的为 %s", En: "the decision event recorded commitment hash %s, the published one is %s"}, payload.Hash, l.CommitmentHash)
	}
	if c.SeedSourceKind == selection.SeedLedgerHead {
		root, err := r.store.LedgerRootAt(ctx, c.SeedLedgerSize)
		if err != nil {
			return l, err
		}
		if root != "" && root != l.Seed {
			return l, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "种子 %[1]q 不是决策账本在规模 %[2]d 时的根哈希 %[3]s", En: "the seed %[1]q is not the decision ledger's root %[3]s at size %[2]d"}, l.Seed, c.SeedLedgerSize, root)
		}
	}
	if l.DrawnAt != nil && l.DrawnAt.Before(recorded.At) {
		return l, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "抽签时间早于承诺时间", En: "the draw is dated before the commitment"})
	}
	if c.Version != selection.CommitmentVersion1 && !c.SeedKnownAfter.After(recorded.At) {
		return l, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "种子来源事件的公布时间 %s 不晚于承诺记入决策账本的时间 %s", En: "the seed's event was known from %s, not after the commitment entered the decision ledger at %s"}, seedbed.FormatCST(c.SeedKnownAfter), seedbed.FormatCST(recorded.At))
	}
	if c.Version != selection.CommitmentVersion1 && l.DrawnAt != nil && !l.DrawnAt.After(c.SeedKnownAfter) {
		return l, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "抽签时间早于种子公布时间", En: "the draw is dated before the seed was known"})
	}
	return l, selection.Verify(c, l.Seed, *l.Result)
}
