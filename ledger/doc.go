// Package ledger is the tamper-evident decision ledger: an append-only Merkle log of decision
// events (RFC 6962 / RFC 9162 tree), signed tree heads, inclusion and consistency proofs, the
// verification that recomputes a whole log and names the first bad entry, and the bundle a
// third party checks offline.
//
// It is pure computation. It must not depend on SQL, HTTP, the file system or the clock
// (callers pass times in); it imports only the domain package seedbed, for its error and
// Label types, and the standard and gmsm cryptography. The SQL store persists what this
// package computes; the CLI and API call it.
//
// # Tree
//
// Leaf hash = H(0x00 ‖ entry bytes), node hash = H(0x01 ‖ left ‖ right), empty root = H("").
// H is SHA-256 (RFC 6962) or, in the Chinese commercial cryptography profile, SM3 (GB/T
// 32905); HashAlg selects it and every head names it. A Frontier holds one hash per set bit of
// the size (at most 64), so an append costs amortised one node hash plus O(log n) for the new
// root, and never recomputes the tree; it marshals to one small binary value for one row.
//
// # What the store keeps
//
//   - One row per entry: index, the canonical entry bytes exactly as AppendEntry returned them
//     (store the bytes, not only columns: a value re-read from a JSON or time column may be
//     spelled differently and would no longer hash the same), the leaf hash, and the root just
//     after the entry (Record). The root column is unsigned; it lets verification name the
//     first row whose hashes diverge and lets the API answer "root at size n" at once.
//   - One row per perfect subtree of level ≥ 1 that Frontier.Append reports (Node). Level 0 is
//     the entries' leaf hashes. That is fewer than n extra rows.
//   - The frontier, in one row, rewritten by each append transaction.
//   - Signed heads: a checkpoint head every K entries (say 1,024), kept for ever, plus the latest
//     head, signed and replaced in every append transaction. Verification then checks n/K + 1
//     signatures, not n (an Ed25519 check costs about 50 µs), and an entry added behind the
//     application's back is caught as not covered by any head (ProblemUnsignedTail).
//
// Append the entry, its nodes, the frontier and the latest head in the same transaction as
// the decision the entry records:
//
//	f, _ := ledger.UnmarshalFrontier(frontierRow)       // or NewFrontier(alg) for an empty log
//	rec, nodes, err := ledger.AppendEntry(f, entry)     // assigns rec.Index = old size
//	head, err := ledger.SignHead(signer, ledger.NewTreeHead(f, now))
//	// INSERT rec and nodes, UPDATE the frontier row (f.MarshalBinary()), UPSERT the latest
//	// head, and INSERT head as a checkpoint when f.Size()%K == 0; then COMMIT.
//
// # Proofs
//
// InclusionProof and ConsistencyProof read O(log n) perfect subtrees through a NodeReader and
// return RFC 9162 proofs (at most one proof element covers a range that is not a perfect
// subtree; it is folded from O(log n) nodes). InclusionNodes and ConsistencyNodes list the
// nodes first, so a store can fetch them with one query into a NodeMap. VerifyInclusion and
// VerifyConsistency are the RFC 9162 §2.1.3.2 and §2.1.4.2 algorithms. MemoryTree keeps a
// whole log in memory and is the reference for what a store persists.
//
// # Entries
//
// An Entry's canonical bytes (Entry.Canonical) are compact JSON with a fixed key order, the
// time in UTC to the microsecond (which survives PostgreSQL and SQLite), and the payload in
// canonical JSON with sorted keys and no duplicates. ParseEntry accepts only those bytes. The
// index is part of the entry, so a row moved to another position is recognised as such.
//
// # Signed heads
//
// TreeHead.Message is five lines of text (format, hash algorithm, size, root, time) and is what
// is signed: with Ed25519 directly (PureEdDSA), or with SM2 over SM3 and the default user id
// 1234567812345678, DER-encoded. Keys are PKCS#8 and PKIX PEM, so OpenSSL 3 reads them and a
// key made by `openssl genpkey` can be supplied by file; OPENSSL.md shows how a third party
// checks a head, and its commands are run by the tests. Key fingerprints (key ids) are SHA-256
// of the PKIX DER. Keep the private key file mode 0600.
//
// # Verification
//
// Verify (or a Checker fed row by row, for example straight from a database cursor) streams the
// log in constant memory: it checks that indices run 0, 1, 2, …, recomputes each leaf hash and
// root and compares them with the stored ones, reads the index inside each entry, and checks
// each signed head's signature and root at its size. Recomputing the root after every entry is
// about two thirds of the work, so worker goroutines do it in batches, each from a copy of the
// frontier at the batch's start; results are taken in log order, and the tests check that the
// report is identical to the single-goroutine one. It stops at the first problem and reports
// its kind, the first bad entry and a message in Chinese and English (Report, Problem). Changed bytes, a changed stored hash or
// root, a deleted, reordered or inserted row, a forged head and a truncated log are each named
// at the entry where they start. Its limit: someone who rewrites an entry and recomputes every
// later hash leaves the rows consistent, and only the signed heads catch it, so the report
// names the range between the last good head and the first bad one. Rolling the whole database
// back to an earlier state is caught only by a head kept elsewhere; publish heads.
//
// # Bundles
//
// WriteBundle writes JSON lines: a header with the hash algorithm and public keys, the signed
// heads, one line per entry with its stored hashes, and an end line with the counts. Every line
// has exactly one accepted spelling, so a changed byte anywhere is either refused (ReadBundle,
// VerifyBundle return an EINVALID *seedbed.Error naming the line) or reported by verification.
//
// # Errors
//
// Invalid input returns *seedbed.Error with code EINVALID (ENOTFOUND for a missing tree node),
// its message in Chinese then English. Problems found in a log are not errors: they are in the
// Report.
package ledger
