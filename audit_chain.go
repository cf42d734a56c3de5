package seedbed

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// EventAuditAnchor is the ledger event that anchors the audit log's chain: its size, its last
// row and that row's hash, so that rows edited, deleted or cut off before it show against the
// signed ledger.
const EventAuditAnchor = "audit_anchor"

// AuditHash is the chain hash of an audit row: SHA-256 (hex) over the previous row's hash and
// the row's fields, at being the time exactly as stored. The first row's previous hash is "".
func AuditHash(prev, at string, e AuditEntry) string {
	b, _ := json.Marshal([]string{prev, at, e.Actor, e.Role, e.Action, e.Entity, e.EntityID, e.Detail, e.Outcome, e.IP})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// AuditMACInput is what the MAC of an audit row waiting to be chained covers: the row's id and
// its fields, at being the time exactly as stored. It is a JSON array, so that it can never be
// the canonical entry (a JSON object) that a decision event's MAC covers under the same key.
func AuditMACInput(id int64, at string, e AuditEntry) []byte {
	b, _ := json.Marshal([]any{"audit row", id, at, e.Actor, e.Role, e.Action, e.Entity, e.EntityID, e.Detail, e.Outcome, e.IP})
	return b
}
