package sqlstore

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"

	"seedbed"
	"seedbed/selection"
)

// InsertLottery stores a lottery's commitment inside tx, setting its time and author.
func (tx *Tx) InsertLottery(ctx context.Context, a seedbed.Actor, l *selection.Lottery) error {
	l.CommittedAt, l.CommittedBy = tx.now, a.Username
	_, err := tx.ExecContext(ctx, `INSERT INTO program_lotteries (program_id, commitment, commitment_hash, seed_kind, seed_source,
		commitment_event, committed_at, committed_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, l.ProgramID, l.Commitment,
		l.CommitmentHash, l.SeedKind, l.SeedSource, l.CommitmentEventID, fmtTime(tx.now), a.Username)
	return classify(err)
}

// SaveDraw stores a lottery's seed and result inside tx, setting l's draw fields; ECONFLICT
// when the draw took place meanwhile.
func (tx *Tx) SaveDraw(ctx context.Context, a seedbed.Actor, l *selection.Lottery, seed string, r selection.Result) error {
	resText, err := jsonText(r)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE program_lotteries SET seed=$1, result=$2, drawn_at=$3, drawn_by=$4
		WHERE program_id=$5 AND result=''`, seed, resText, fmtTime(tx.now), a.Username, l.ProgramID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "抽签已经进行", En: "the draw has already taken place"})
	}
	now := tx.now
	l.Seed, l.Result, l.DrawnAt, l.DrawnBy = seed, &r, &now, a.Username
	return nil
}

// Lottery reads a program's lottery inside tx, or nil when there is none.
func (tx *Tx) Lottery(ctx context.Context, programID int64) (*selection.Lottery, error) {
	return getLottery(ctx, tx, programID)
}

// GetLottery returns a program's lottery, or ENOTFOUND when there is none.
func (s *Store) GetLottery(ctx context.Context, programID int64) (*selection.Lottery, error) {
	l, err := getLottery(ctx, s.read, programID)
	if err == nil && l == nil {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "计划 %d 没有抽签", En: "program %d has no lottery"}, programID)
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
			return nil, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "公布的抽签结果无法解析：%v", En: "the published result cannot be read: %v"}, err)
		}
	}
	return &l, nil
}

// LedgerSize returns inside tx how many entries the decision ledger holds.
func (tx *Tx) LedgerSize(ctx context.Context) (uint64, error) { return ledgerSize(ctx, tx) }

// LedgerRootAt returns inside tx the decision ledger's root hash, in lower-case hex, when the
// log had size entries; "" when the log has not reached that size yet.
func (tx *Tx) LedgerRootAt(ctx context.Context, size uint64) (string, error) {
	return ledgerRootAt(ctx, tx, size)
}

// LedgerRootAt is Tx.LedgerRootAt outside a transaction.
func (s *Store) LedgerRootAt(ctx context.Context, size uint64) (string, error) {
	return ledgerRootAt(ctx, s.read, size)
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
