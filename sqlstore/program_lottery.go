package sqlstore

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"seedbed"
	"seedbed/selection"
)

// CommitLottery fixes the inputs of a partial lottery's draw before the seed exists: the ordered
// draw group with amounts, the budget left, the funding rule and the seed source. The commitment
// is recorded as a decision, so its time and hash are fixed. Committing the same inputs again
// returns the commitment; other inputs are refused.
func (s *Store) CommitLottery(ctx context.Context, a seedbed.Actor, programID int64, src selection.SeedSource) (*selection.Lottery, error) {
	var l *selection.Lottery
	err := s.decide(ctx, a, "lottery.commit", "program", programID, func(tx *Tx) error {
		plan, err := lotteryPlan(ctx, tx, programID)
		if err != nil {
			return err
		}
		c := plan.Commitment(ProgramCode(programID), tx.now.Truncate(time.Microsecond))
		c.SeedSourceKind, c.SeedSourceDescription, c.SeedSourceHash, c.SeedLedgerSize = src.Kind, src.Description, src.Hash, src.LedgerSize
		canon, err := c.Canonical()
		if err != nil {
			return err
		}
		if l, err = getLottery(ctx, tx, programID); err != nil {
			return err
		}
		if l != nil {
			old, err := selection.ParseCommitment([]byte(l.Commitment))
			if err != nil {
				return err
			}
			c.CreatedAt = old.CreatedAt
			if again, _ := c.Canonical(); !bytes.Equal(again, []byte(l.Commitment)) {
				return seedbed.Errorf(seedbed.ECONFLICT, "抽签输入已于 %s 承诺（哈希 %s），不接受不同的输入 / the draw's inputs were committed at %s (hash %s); other inputs are refused",
					fmtCST(l.CommittedAt), l.CommitmentHash, fmtCST(l.CommittedAt), l.CommitmentHash)
			}
			return nil
		}
		if src.Kind == selection.SeedLedgerHead {
			// The root at the chosen size must not exist yet, nor depend only on this
			// commitment's own entry: the size must lie beyond it.
			size, err := ledgerSize(ctx, tx)
			if err != nil {
				return err
			}
			if src.LedgerSize < size+2 {
				return seedbed.FieldError("seed_ledger_size", "决策账本现有 %d 条记录，种子须取自未来的规模（至少 %d）/ the decision ledger holds %d entries; the seed must come from a future size (at least %d)",
					size, size+2, size, size+2)
			}
		}
		sum := sha256.Sum256(canon)
		l = &selection.Lottery{ProgramID: programID, SeedLedgerSize: src.LedgerSize, Commitment: string(canon), CommitmentHash: hex.EncodeToString(sum[:]), SeedKind: src.Kind,
			SeedSource: src.Description, CommittedAt: tx.now, CommittedBy: a.Username}
		ev, err := recordEvent(ctx, tx, a, seedbed.EventLotteryCommitment, programSubject(programID), map[string]any{
			"program_id": programID, "commitment_hash": l.CommitmentHash, "commitment": l.Commitment, "seed_source": src})
		if err != nil {
			return err
		}
		l.CommitmentEventID = ev.ID
		if _, err := tx.ExecContext(ctx, `INSERT INTO program_lotteries (program_id, commitment, commitment_hash, seed_kind, seed_source,
			commitment_event, committed_at, committed_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, programID, l.Commitment,
			l.CommitmentHash, l.SeedKind, l.SeedSource, ev.ID, fmtTime(tx.now), a.Username); err != nil {
			return classify(err)
		}
		return audit(ctx, tx, a, "lottery.commit", "program", programID, l.CommitmentHash)
	})
	return l, err
}

// lotteryPlan returns the plan of a program whose partial lottery awaits its draw.
func lotteryPlan(ctx context.Context, tx *Tx, programID int64) (*selection.LotteryPlan, error) {
	p, err := getProgram(ctx, tx, programID)
	if err != nil {
		return nil, err
	}
	if p.SelectionMode != seedbed.SelectionLottery {
		return nil, seedbed.Errorf(seedbed.ECONFLICT, "该计划不采用部分随机抽签 / this program does not use a partial lottery")
	}
	if p.State != seedbed.ProgramInReview {
		return nil, seedbed.Errorf(seedbed.ECONFLICT, "计划当前%s，不能抽签 / the program is %s; no draw now", p.StateLabel().Zh, p.StateLabel().En)
	}
	ps, err := getSelection(ctx, tx, programID)
	if err != nil {
		return nil, err
	}
	if ps == nil || ps.Plan == nil {
		return nil, seedbed.Errorf(seedbed.ECONFLICT, "请先完成遴选，确定抽签组 / make the selection first, which fixes the draw group")
	}
	if len(ps.Plan.Entrants) == 0 {
		return nil, seedbed.Errorf(seedbed.ECONFLICT, "本次遴选没有抽签组，无需抽签 / this selection has no draw group; no draw is needed")
	}
	return ps.Plan, nil
}

// DrawLottery runs the committed draw with the seed value its source published, and decides
// the draw group. Drawing again with the same seed returns the result; another seed is refused.
func (s *Store) DrawLottery(ctx context.Context, a seedbed.Actor, programID int64, seedValue string) (*selection.Lottery, error) {
	var l *selection.Lottery
	err := s.decide(ctx, a, "lottery.draw", "program", programID, func(tx *Tx) error {
		var err error
		if l, err = getLottery(ctx, tx, programID); err != nil {
			return err
		}
		if l == nil {
			if _, err := selection.CanonicalSeed(seedValue); err != nil {
				return err
			}
			return seedbed.Errorf(seedbed.ECONFLICT, "请先承诺抽签输入 / commit the draw's inputs first")
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
			return seedbed.Errorf(seedbed.ECONFLICT, "已于 %s 用种子 %q 抽签，不接受用其他输入重新抽签 / the draw was run at %s with seed %q; a re-run with other inputs is refused",
				fmtCST(*l.DrawnAt), l.Seed, fmtCST(*l.DrawnAt), l.Seed)
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
			return seedbed.Errorf(seedbed.ECONFLICT, "承诺文本与记录的哈希不符 / the commitment text does not match its recorded hash")
		}
		r, err := selection.Draw(c, seed)
		if err != nil {
			return err
		}
		final, err := plan.Apply(c, r)
		if err != nil {
			return err
		}
		resText, err := jsonText(r)
		if err != nil {
			return err
		}
		finalText, err := jsonText(final)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE program_lotteries SET seed=$1, result=$2, drawn_at=$3, drawn_by=$4
			WHERE program_id=$5 AND result=''`, seed, resText, fmtTime(tx.now), a.Username, programID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return seedbed.Errorf(seedbed.ECONFLICT, "抽签已经进行 / the draw has already taken place")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE program_selections SET selection=$1 WHERE program_id=$2`, finalText, programID); err != nil {
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
		now := tx.now
		l.Seed, l.Result, l.DrawnAt, l.DrawnBy = seed, &r, &now, a.Username
		if _, err := recordEvent(ctx, tx, a, seedbed.EventDraw, programSubject(programID), map[string]any{
			"program_id": programID, "commitment_hash": l.CommitmentHash, "seed": seed, "seed_source": l.SeedSource,
			"order": r.Order, "spent": r.Spent, "funded": r.Funded()}); err != nil {
			return err
		}
		return audit(ctx, tx, a, "lottery.draw", "program", programID, fmt.Sprintf("seed %q, %d funded", seed, len(r.Funded())))
	})
	return l, err
}

// GetLottery returns a program's lottery, or ENOTFOUND when there is none.
func (s *Store) GetLottery(ctx context.Context, programID int64) (*selection.Lottery, error) {
	l, err := getLottery(ctx, s.read, programID)
	if err == nil && l == nil {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, "计划 %d 没有抽签 / program %d has no lottery", programID, programID)
	}
	return l, err
}

func getLottery(ctx context.Context, q queryer, programID int64) (*selection.Lottery, error) {
	var l selection.Lottery
	var committed, result string
	var drawn sql.NullString
	err := q.QueryRowContext(ctx, `SELECT program_id, commitment, commitment_hash, seed_kind, seed_source, commitment_event,
		committed_at, committed_by, seed, result, drawn_at, drawn_by FROM program_lotteries WHERE program_id = $1`, programID).Scan(
		&l.ProgramID, &l.Commitment, &l.CommitmentHash, &l.SeedKind, &l.SeedSource, &l.CommitmentEventID, &committed,
		&l.CommittedBy, &l.Seed, &result, &drawn, &l.DrawnBy)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	l.CommittedAt = parseTime(committed)
	if c, err := selection.ParseCommitment([]byte(l.Commitment)); err == nil {
		l.SeedLedgerSize = c.SeedLedgerSize
	}
	if drawn.Valid {
		t := parseTime(drawn.String)
		l.DrawnAt = &t
	}
	if result != "" {
		l.Result = &selection.Result{}
		if err := json.Unmarshal([]byte(result), l.Result); err != nil {
			return nil, seedbed.Errorf(seedbed.ECONFLICT, "公布的抽签结果无法解析：%v / the published result cannot be read: %v", err, err)
		}
	}
	return &l, nil
}

// VerifyLottery recomputes a program's published draw from the published inputs, as a citizen
// would: the commitment text must hash to the recorded hash, which must be the one the
// commitment decision event recorded before the draw, and the draw recomputed from the
// commitment and the seed must equal the published result. It returns the lottery, and an
// ECONFLICT error naming the first difference when anything disagrees.
func (s *Store) VerifyLottery(ctx context.Context, programID int64) (*selection.Lottery, error) {
	l, err := s.GetLottery(ctx, programID)
	if err != nil {
		return nil, err
	}
	if l.Result == nil {
		return l, seedbed.Errorf(seedbed.ECONFLICT, "抽签尚未进行 / the draw has not taken place yet")
	}
	c, err := selection.ParseCommitment([]byte(l.Commitment))
	if err != nil {
		return l, fmt.Errorf("承诺文本 / commitment text: %w", err)
	}
	if h, _ := c.Hash(); h != l.CommitmentHash {
		return l, seedbed.Errorf(seedbed.ECONFLICT, "承诺文本的哈希为 %s，记录的承诺哈希为 %s / the commitment text hashes to %s, the recorded commitment hash is %s", h, l.CommitmentHash, h, l.CommitmentHash)
	}
	if c.ProgramID != ProgramCode(programID) {
		return l, seedbed.Errorf(seedbed.ECONFLICT, "承诺属于计划 %s，不是 %s / the commitment is for program %s, not %s", c.ProgramID, ProgramCode(programID), c.ProgramID, ProgramCode(programID))
	}
	evs, err := s.FindEvents(ctx, seedbed.EventFilter{Subject: programSubject(programID), Kind: seedbed.EventLotteryCommitment})
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
		return l, seedbed.Errorf(seedbed.ECONFLICT, "找不到记录承诺的决策事件 %d / the decision event %d recording the commitment is missing", l.CommitmentEventID, l.CommitmentEventID)
	}
	var payload struct {
		Hash string `json:"commitment_hash"`
	}
	json.Unmarshal(recorded.Payload, &payload)
	if payload.Hash != l.CommitmentHash {
		return l, seedbed.Errorf(seedbed.ECONFLICT, "决策事件记录的承诺哈希为 %s，公布的为 %s / the decision event recorded commitment hash %s, the published one is %s", payload.Hash, l.CommitmentHash, payload.Hash, l.CommitmentHash)
	}
	if c.SeedSourceKind == selection.SeedLedgerHead {
		root, err := ledgerRootAt(ctx, s.read, c.SeedLedgerSize)
		if err != nil {
			return l, err
		}
		if root != "" && root != l.Seed {
			return l, seedbed.Errorf(seedbed.ECONFLICT, "种子 %q 不是决策账本在规模 %d 时的根哈希 %s / the seed %q is not the decision ledger's root %s at size %d",
				l.Seed, c.SeedLedgerSize, root, l.Seed, root, c.SeedLedgerSize)
		}
	}
	if l.DrawnAt != nil && l.DrawnAt.Before(recorded.At) {
		return l, seedbed.Errorf(seedbed.ECONFLICT, "抽签时间早于承诺时间 / the draw is dated before the commitment")
	}
	return l, selection.Verify(c, l.Seed, *l.Result)
}

// ledgerSize returns how many entries the decision ledger holds.
func ledgerSize(ctx context.Context, q queryer) (uint64, error) {
	var n int64
	err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(idx) + 1, 0) FROM ledger_entries`).Scan(&n)
	return uint64(n), err
}

// ledgerRootAt returns the decision ledger's root hash, in lower-case hex, when the log had
// size entries; "" when the log has not reached that size yet.
func ledgerRootAt(ctx context.Context, q queryer, size uint64) (string, error) {
	if size == 0 {
		return "", nil
	}
	var root []byte
	err := q.QueryRowContext(ctx, `SELECT root FROM ledger_entries WHERE idx = $1`, int64(size-1)).Scan(&root)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return hex.EncodeToString(root), err
}

// ledgerSeed is the seed of a draw whose source is the ledger head at a size: the root at that
// size, which must exist; a value typed in must be that root.
func ledgerSeed(ctx context.Context, q queryer, size uint64, typed string) (string, error) {
	root, err := ledgerRootAt(ctx, q, size)
	if err != nil {
		return "", err
	}
	if root == "" {
		now, err := ledgerSize(ctx, q)
		if err != nil {
			return "", err
		}
		return "", seedbed.Errorf(seedbed.ECONFLICT, "决策账本尚未达到规模 %d（现有 %d 条），请稍后抽签 / the decision ledger has not reached size %d yet (it holds %d entries); draw later", size, now, size, now)
	}
	if strings.TrimSpace(typed) != "" && strings.ToLower(strings.TrimSpace(typed)) != root {
		return "", seedbed.FieldError("seed", "种子应为决策账本在规模 %d 时的根哈希 %s / the seed must be the ledger root %s at size %d", size, root, root, size)
	}
	return root, nil
}
