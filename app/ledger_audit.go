package app

import (
	"context"
	"encoding/json"
	"fmt"

	"seedbed"
	"seedbed/sqlstore"
)

// maxAuditProblems bounds the audit chain problems listed.
const maxAuditProblems = 20

// auditCheck is what checking the audit log found: its problems, and how many committed rows
// wait to be chained (PostgreSQL), which are none.
type auditCheck struct {
	problems []seedbed.Label
	waiting  int64
}

// checkAuditChain walks the audit log's chained rows in chain order and checks its hash chain:
// every row's hash over its fields and the hash of the row before it, the chain's head row, and
// the latest anchor of the chain in the ledger (anchor, from entry anchorIndex; nil when none was
// made). An edited row breaks its own hash; a deleted row breaks the next row's link; rows
// deleted from the end disagree with the head, and with the anchor even when the head was
// rewritten. Rows not chained yet are counted as waiting on PostgreSQL, where the sequencer
// chains committed rows, unless their MAC shows them forged or changed, or the sequencer refused
// them; on SQLite, which chains each row as it is written, one outside the chain was written
// behind the platform (sqlstore.LedgerSnapshot.AuditUnchained).
func checkAuditChain(snap *sqlstore.LedgerSnapshot, anchor payload, anchorIndex uint64) (auditCheck, error) {
	rows, err := snap.AuditRows()
	if err != nil {
		return auditCheck{}, err
	}
	var out []seedbed.Label
	add := func(l seedbed.Label) {
		if len(out) < maxAuditProblems {
			out = append(out, l)
		}
	}
	anchorID, anchorSize, anchorHead := anchor.num("last_id"), anchor.num("size"), anchor.str("head")
	anchorSeen := anchor == nil || anchorSize == 0
	prev, n, last := "", int64(0), int64(0)
	for r, err := range rows {
		if err != nil {
			return auditCheck{}, err
		}
		id := r.Entry.ID
		if r.Prev != prev {
			if n == 0 {
				add(label("审计日志第 %d 行之前的行已被删除（链不从它开始）", "audit log rows before row %d were deleted (the chain does not start with it)", id))
			} else {
				add(label("审计日志第 %d 行与前一行（第 %d 行）不相连：其间的行被删除，或前一行被修改后重算了哈希", "audit log row %d does not follow row %d: rows between them were deleted, or the row before it was changed and its hash recomputed", id, last))
			}
		}
		if seedbed.AuditHash(r.Prev, r.At, r.Entry) != r.Hash {
			add(label("审计日志第 %d 行在写入后被修改（哈希不符）", "audit log row %d was changed after it was written (its hash does not match)", id))
		}
		prev, last = r.Hash, id
		n++
		if id == anchorID && anchor != nil {
			anchorSeen = true
			if r.Hash != anchorHead || n != anchorSize {
				add(label("审计日志与账本第 %d 号条目锚定的链头不符：锚定时第 %d 行是第 %d 行、哈希 %s，现为第 %d 行、哈希 %s",
					"the audit log differs from the chain head anchored in ledger entry %d: row %d was row number %d with hash %s, it is now number %d with hash %s",
					anchorIndex, anchorID, anchorSize, anchorHead, n, r.Hash))
			}
		}
	}
	if !anchorSeen {
		add(label("账本第 %d 号条目锚定的审计日志第 %d 行（前 %d 行）已不存在：审计日志被删减",
			"audit log row %d, anchored with %d rows in ledger entry %d, is gone: the audit log was cut", anchorID, anchorSize, anchorIndex))
	}
	head, err := snap.AuditHead()
	if err != nil {
		return auditCheck{}, err
	}
	if head.Size != n || head.LastID != last || head.Head != prev {
		add(label("审计日志链头记录 %d 行、止于第 %d 行，而日志现有 %d 行、止于第 %d 行：末尾的行被删除或链头被改动",
			"the audit chain's head says %d rows ending at row %d, the log holds %d rows ending at row %d: rows were deleted from the end or the head was changed",
			head.Size, head.LastID, n, last))
	}
	waiting, unchained, err := snap.AuditUnchained(maxAuditProblems)
	if err != nil {
		return auditCheck{}, err
	}
	for _, l := range unchained {
		add(l)
	}
	return auditCheck{problems: out, waiting: waiting}, nil
}

// label formats a message in both languages with the same arguments.
func label(zh, en string, args ...any) seedbed.Label {
	return seedbed.Label{Zh: fmt.Sprintf(zh, args...), En: fmt.Sprintf(en, args...)}
}

// AnchorAudit records the audit log's chain head in the ledger (an audit_anchor event with its
// size, last chained row and hash) when it moved since the last anchor, so that rows edited, deleted or
// cut off before it show against the signed ledger. It reports whether it anchored.
func (l *Ledger) AnchorAudit(ctx context.Context) (bool, error) {
	// On PostgreSQL the rows committed so far are chained first, so that the anchor covers them.
	if err := l.store.ChainAudit(ctx); err != nil {
		return false, err
	}
	anchored := false
	err := l.store.InTx(ctx, func(tx *sqlstore.Tx) error {
		head, err := tx.AuditHead(ctx)
		if err != nil || head.Size == 0 {
			return err
		}
		b, err := tx.LatestEventOfKind(ctx, seedbed.EventAuditAnchor)
		if err != nil {
			return err
		}
		var before struct {
			LastID int64 `json:"last_id"`
		}
		if b != nil && json.Unmarshal(b, &before) == nil && before.LastID == head.LastID {
			return nil
		}
		if _, err := tx.RecordEvent(ctx, seedbed.System, seedbed.EventAuditAnchor, "audit", map[string]any{
			"size": head.Size, "last_id": head.LastID, "head": head.Head}); err != nil {
			return err
		}
		anchored = true
		return nil
	})
	return anchored, err
}
