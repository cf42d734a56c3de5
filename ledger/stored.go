package ledger

// The nouns of a log kept by a store: what a store returns when it reads, proves and verifies
// the log it persists. They add to the engine's types only what a store knows (the decision
// event an entry records, the problems only the database shows).

import (
	"fmt"

	"seedbed"
)

// MaxPage is the most entries a store returns from one read of the log.
const MaxPage = 1000

// EventRecord is one stored entry of the log with the id of the decision event it records.
type EventRecord struct {
	Record
	EventID int64 `json:"event_id"`
}

// Status is the state of a stored log: its size, hash algorithm, root, the latest signed head
// (nil before the first signed append) and the key that signs it.
type Status struct {
	Size    uint64      `json:"size"`
	HashAlg HashAlg     `json:"hash_alg"`
	Root    Hash        `json:"root"`
	Head    *SignedHead `json:"head,omitempty"`
	KeyID   string      `json:"key_id"`
}

// Inclusion proves that an entry is in the tree of a given size.
type Inclusion struct {
	Index    uint64  `json:"index"`
	Size     uint64  `json:"size"`
	HashAlg  HashAlg `json:"hash_alg"`
	LeafHash Hash    `json:"leaf_hash"`
	Root     Hash    `json:"root"`
	Proof    []Hash  `json:"proof"`
}

// Consistency proves that the tree of size Old is a prefix of the tree of size New.
type Consistency struct {
	Old     uint64  `json:"old_size"`
	New     uint64  `json:"new_size"`
	HashAlg HashAlg `json:"hash_alg"`
	OldRoot Hash    `json:"old_root"`
	NewRoot Hash    `json:"new_root"`
	Proof   []Hash  `json:"proof"`
}

// StoreVerifyOptions say what a stored log is checked against.
type StoreVerifyOptions struct {
	// Keys are the trusted public keys. With none, the keys stored in the database are used
	// and the report says so: compare its key ids with the published fingerprint.
	Keys []Verifier
	// Events also checks every entry against its decision event row and looks for events
	// without an entry (a second pass over both tables).
	Events bool
	// LogKeys also trusts the keys that ledger_key entries of the log announce. They are
	// authentic when the heads signed by a trusted key verify, since those heads cover the
	// entries; this lets a log verify across key rotations given only the current key.
	LogKeys bool
	// Workers is passed to the checker (0: one per CPU).
	Workers int
	// State also recomputes, from the ledgered decision events, the rows that carry money or a
	// decision (awards, tranches, outcomes, assignments and declarations, committed budgets,
	// published policy and procedure versions) and compares them with the stored rows.
	State bool
}

// StoreReport is the result of verifying a stored log: the engine's report, and the problems
// only the database shows (a frontier that disagrees with the rows, decision events without
// entries or changed after they were recorded).
type StoreReport struct {
	Report
	KeysFromDatabase bool            `json:"keys_from_database,omitempty"`
	Store            []seedbed.Label `json:"store_problems,omitempty"`
	// State lists the stored rows that differ from the ledgered decisions (with
	// StoreVerifyOptions.State).
	State []StateMismatch `json:"state_mismatches,omitempty"`
	// StateRows counts the rows compared with the ledger.
	StateRows int `json:"state_rows_checked,omitempty"`
	// AuditWaiting counts the audit rows committed but not chained yet (PostgreSQL, with
	// StoreVerifyOptions.State): waiting for the sequencer, not a problem.
	AuditWaiting int64 `json:"audit_rows_waiting,omitempty"`
}

// OK reports whether nothing was found wrong.
func (r *StoreReport) OK() bool { return r.Report.OK && len(r.Store) == 0 && len(r.State) == 0 }

// StateMismatch is a stored row that carries money or a decision and differs from what the
// ledgered decision events make it: a field with another value, a row the events created that
// is gone, or a row no event created.
type StateMismatch struct {
	Table string `json:"table"`
	// Row is the row's id, or its key ("application 7, reviewer li") when the row is gone.
	Row string `json:"row"`
	// Field is the column that differs; empty when the whole row is missing or unrecorded.
	Field string `json:"field,omitempty"`
	// Ledger is the value the events give ("present" for a row that is gone, empty for a row
	// no event created).
	Ledger string `json:"ledger_value"`
	// Stored is the value in the table (empty for a row that is gone).
	Stored string `json:"stored_value"`
}

// Message explains the mismatch in Chinese and English.
func (m StateMismatch) Message() seedbed.Label {
	switch {
	case m.Field != "":
		return seedbed.Label{
			Zh: fmt.Sprintf("表 %s 第 %s 行的 %s 与账本不符：账本为 %q，数据库为 %q", m.Table, m.Row, m.Field, m.Ledger, m.Stored),
			En: fmt.Sprintf("table %s, row %s, field %s differs from the ledger: ledger %q, stored %q", m.Table, m.Row, m.Field, m.Ledger, m.Stored)}
	case m.Ledger != "":
		return seedbed.Label{
			Zh: fmt.Sprintf("表 %s 中账本记录的行 %s 不存在（被删除）", m.Table, m.Row),
			En: fmt.Sprintf("table %s: row %s, recorded in the ledger, is missing (deleted)", m.Table, m.Row)}
	default:
		return seedbed.Label{
			Zh: fmt.Sprintf("表 %s 第 %s 行没有账本记录：它不是经由平台的决策产生的", m.Table, m.Row),
			En: fmt.Sprintf("table %s, row %s has no ledger record: no recorded decision made it", m.Table, m.Row)}
	}
}

// DatabaseProblems says, after an intact log's summary, how many problems the database shows
// beside it (changed event rows, rows that differ from the ledger, a broken audit chain).
func DatabaseProblems(n int) seedbed.Label {
	return seedbed.Label{
		Zh: fmt.Sprintf("但数据库有 %d 处与账本不符：", n),
		En: fmt.Sprintf("but the database shows %d problem(s) against the ledger:", n)}
}
