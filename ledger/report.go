package ledger

import (
	"fmt"

	"seedbed"
)

// ProblemKind names what verification found wrong.
type ProblemKind string

// The problems Verify reports. Each names the first bad entry in Problem.Index.
const (
	// ProblemMissingEntry: the row with the expected index is absent (deleted, or the rows come
	// out of order); Index is it.
	ProblemMissingEntry ProblemKind = "missing_entry"
	// ProblemDuplicateEntry: a row repeats an index already seen (inserted); Index is its position.
	ProblemDuplicateEntry ProblemKind = "duplicate_entry"
	// ProblemMovedEntry: the row at position Index holds a later entry (rows reordered, or rows
	// deleted and the rest renumbered).
	ProblemMovedEntry ProblemKind = "moved_entry"
	// ProblemInsertedEntry: an earlier entry turns up later, so rows Index..End were inserted.
	ProblemInsertedEntry ProblemKind = "inserted_entry"
	// ProblemEntryChanged: the entry bytes no longer hash to the stored leaf hash, while the
	// stored hashes agree with each other: the content was changed after it was recorded.
	ProblemEntryChanged ProblemKind = "entry_changed"
	// ProblemLeafHashChanged: the entry and stored root agree but the stored leaf hash does not.
	ProblemLeafHashChanged ProblemKind = "leaf_hash_changed"
	// ProblemEntryAndHashChanged: entry bytes, leaf hash and root disagree with each other.
	ProblemEntryAndHashChanged ProblemKind = "entry_and_hash_changed"
	// ProblemRootChanged: the stored root after the entry differs from the recomputed root.
	ProblemRootChanged ProblemKind = "root_changed"
	// ProblemMalformedEntry: the entry bytes hash correctly but are not a canonical entry.
	ProblemMalformedEntry ProblemKind = "malformed_entry"
	// ProblemHeadHashAlg: a signed head names another hash algorithm than the log's.
	ProblemHeadHashAlg ProblemKind = "head_hash_alg"
	// ProblemHeadUnknownKey: a head was signed by a key that is not trusted.
	ProblemHeadUnknownKey ProblemKind = "head_unknown_key"
	// ProblemHeadSignature: a head's signature is not valid (forged or altered head).
	ProblemHeadSignature ProblemKind = "head_signature"
	// ProblemHeadRoot: a genuine head's root differs from the recomputed root at its size, so
	// some entry in Index..End was altered together with its stored hashes.
	ProblemHeadRoot ProblemKind = "head_root"
	// ProblemHeadBeyondLog: a genuine head covers more entries than the log holds, so entries
	// Index..End were removed from the end.
	ProblemHeadBeyondLog ProblemKind = "head_beyond_log"
	// ProblemUnsignedTail: entries Index..End are covered by no signed head.
	ProblemUnsignedTail ProblemKind = "unsigned_tail"
)

// Problem is the first thing verification found wrong.
type Problem struct {
	Kind ProblemKind `json:"kind"`
	// Index is the first bad entry (for head problems other than head_root and
	// head_beyond_log: the head's size, the point in the log where the head sits).
	Index uint64 `json:"index"`
	// End is the last entry of the affected range; it equals Index when one entry is named.
	End uint64 `json:"end"`
	// Other is the other index involved: for missing_entry the next index present, for
	// duplicate_entry the repeated index, for moved_entry the index the row really holds.
	Other uint64 `json:"other,omitempty"`
	// Head is the signed head concerned, for head problems.
	Head *SignedHead `json:"head,omitempty"`
	// Message explains the problem in Chinese and English.
	Message seedbed.Label `json:"message"`
}

// Error returns the message in both languages, so a Problem can be returned as an error.
func (p *Problem) Error() string { return p.Message.Zh + " / " + p.Message.En }

// Report is the result of verifying a log.
type Report struct {
	// OK is true when every entry and head checked out and no problem was found.
	OK      bool    `json:"ok"`
	HashAlg HashAlg `json:"hash_alg"`
	// Entries is the number of entries read before the check stopped (all of them when OK).
	Entries uint64 `json:"entries"`
	// Root is the recomputed root of the checked entries.
	Root Hash `json:"root"`
	// HeadsVerified counts signed heads whose signature and root were confirmed.
	HeadsVerified int `json:"heads_verified"`
	// LatestHead is the largest confirmed head: what the log is proven to contain.
	LatestHead *SignedHead `json:"latest_head,omitempty"`
	// KeyIDs lists the fingerprints of the keys that signed the confirmed heads.
	KeyIDs []string `json:"key_ids,omitempty"`
	// KeysFromBundle is true when a bundle was checked against the keys it carries itself:
	// then the result proves only that the log is consistent, and whoever checks must compare
	// KeyIDs with the fingerprint the bureau publishes.
	KeysFromBundle bool `json:"keys_from_bundle,omitempty"`
	// Problem is the first problem found, or nil.
	Problem *Problem `json:"problem,omitempty"`
}

// Summary returns a one-line result in lang ("en" for English, else Chinese).
func (r Report) Summary(lang string) string {
	if r.Problem != nil {
		return r.Problem.Message.In(lang)
	}
	l := seedbed.Label{
		Zh: fmt.Sprintf("账本完好：%d 个条目，%d 个签名树头已验证，根 %s", r.Entries, r.HeadsVerified, r.Root),
		En: fmt.Sprintf("ledger intact: %d entries, %d signed heads verified, root %s", r.Entries, r.HeadsVerified, r.Root),
	}
	return l.In(lang)
}

func newProblem(kind ProblemKind, index, end uint64, head *SignedHead) *Problem {
	p := &Problem{Kind: kind, Index: index, End: end, Head: head}
	p.Message = problemMessage(p)
	return p
}

// rowProblem reports a problem with the row at one position that involves another index.
func rowProblem(kind ProblemKind, position, other uint64) *Problem {
	p := &Problem{Kind: kind, Index: position, End: position, Other: other}
	p.Message = problemMessage(p)
	return p
}

func problemMessage(p *Problem) seedbed.Label {
	i, e, o := p.Index, p.End, p.Other
	var size uint64
	if p.Head != nil {
		size = p.Head.Size
	}
	switch p.Kind {
	case ProblemMissingEntry:
		return label("第 %d 号条目缺失（被删除或顺序被打乱）；该位置上的是第 %d 号条目", "entry %d is missing (deleted, or rows out of order); the row in its place is entry %d", i, o)
	case ProblemDuplicateEntry:
		return label("第 %d 个位置上的条目重复了已出现的序号 %d（被插入）", "the row at position %d repeats index %d, which was already seen (inserted)", i, o)
	case ProblemMovedEntry:
		return label("第 %d 号位置上存放的是第 %d 号条目：条目被调换顺序，或被删除后重新编号", "position %d holds entry %d: rows were reordered, or deleted and renumbered", i, o)
	case ProblemInsertedEntry:
		return label("第 %d 号条目出现在第 %d 号位置：第 %d 至 %d 号位置的条目是被插入的", "entry %d turns up at position %d: the rows at positions %d to %d were inserted", i, e+1, i, e)
	case ProblemEntryChanged:
		return label("第 %d 号条目的内容在记录后被修改（与存储的叶哈希不符）", "entry %d was changed after it was recorded (its content no longer matches its stored leaf hash)", i)
	case ProblemLeafHashChanged:
		return label("第 %d 号条目存储的叶哈希被修改", "the stored leaf hash of entry %d was changed", i)
	case ProblemEntryAndHashChanged:
		return label("第 %d 号条目的内容、叶哈希与树根互不相符（内容和存储的哈希均被修改）", "entry %d, its leaf hash and its root disagree (the content and stored hashes were changed)", i)
	case ProblemRootChanged:
		return label("第 %d 号条目之后存储的树根与重新计算的不符：该树根被修改，或条目与叶哈希一同被改写", "the root stored after entry %d differs from the recomputed root: the root was changed, or the entry was rewritten together with its leaf hash", i)
	case ProblemMalformedEntry:
		return label("第 %d 号条目不是规范格式的条目", "entry %d is not a well-formed canonical entry", i)
	case ProblemHeadHashAlg:
		return label("规模为 %d 的签名树头使用的哈希算法 %s 与账本不同", "the signed head of size %d uses hash algorithm %s, not the log's", size, p.Head.HashAlg)
	case ProblemHeadUnknownKey:
		return label("规模为 %d 的树头由不受信任的密钥 %s 签名", "the head of size %d was signed by an untrusted key %s", size, p.Head.KeyID)
	case ProblemHeadSignature:
		return label("规模为 %d 的树头签名无效：树头是伪造的或被修改", "the signature of the head of size %d is not valid: the head is forged or altered", size)
	case ProblemHeadRoot:
		return label("规模为 %d 的签名树头与重新计算的树根不符：第 %d 至 %d 号条目中有条目连同其哈希被改写", "the signed head of size %d does not match the recomputed root: an entry among %d to %d was rewritten together with its hashes", size, i, e)
	case ProblemHeadBeyondLog:
		return label("签名树头表明账本有 %d 个条目，但只有 %d 个：第 %d 至 %d 号条目被从末尾删除", "a signed head says the log has %d entries but it has %d: entries %d to %d were removed from the end", size, i, i, e)
	case ProblemUnsignedTail:
		return label("第 %d 至 %d 号条目没有签名树头覆盖，无法证明其未被添加或修改", "entries %d to %d are covered by no signed head, so nothing proves they were not added or changed", i, e)
	}
	return label("未知问题", "unknown problem")
}

// label formats the same arguments into both languages.
func label(zh, en string, args ...any) seedbed.Label {
	return seedbed.Label{Zh: fmt.Sprintf(zh, args...), En: fmt.Sprintf(en, args...)}
}
