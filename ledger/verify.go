package ledger

import (
	"iter"
	"runtime"
	"slices"

	"seedbed"
)

// VerifyOptions says what a log is checked against.
type VerifyOptions struct {
	// HashAlg is the log's hash algorithm.
	HashAlg HashAlg
	// Heads are the signed heads to check, in any order.
	Heads []SignedHead
	// Keys are the trusted public keys; a head signed by any other key is a problem.
	Keys []Verifier
	// AllowUnsignedTail accepts entries after the last signed head. Leave it false when the
	// store signs a head in every append transaction, so that appended rows are caught.
	AllowUnsignedTail bool
	// CheckEntries parses every entry fully (a few µs each) instead of reading only its
	// index; the hashes already detect any change, so this only catches entries that were
	// malformed when they were written.
	CheckEntries bool
	// Workers is the number of goroutines that recompute roots beside the caller's: 0 picks
	// GOMAXPROCS (none on one CPU); a negative number does all the work in the caller's
	// goroutine. The report is the same either way.
	Workers int

	batch int // entries per worker batch; tests set it small to cross batch boundaries
}

// Checker verifies a log streamed to it one record at a time, in constant memory beyond the
// frontier and the heads: it checks that indices run 0, 1, 2, …, recomputes each leaf hash and
// root and compares them with the stored ones, reads the index inside each entry, and checks
// that every signed head's signature is valid and its root equals the recomputed root at its
// size. Call Finish when done, also after Add has returned false: it releases the workers.
type Checker struct {
	opts   VerifyOptions
	f      *Frontier
	heads  []SignedHead // sorted by size
	headLo []uint64     // headLo[j]: the largest head size below heads[j].Size, or 0
	next   int          // first head whose signature is not yet checked
	keys   map[string]Verifier
	pool   *rootPool // nil when roots are recomputed in the caller's goroutine

	// The first problem found by the row and signature checks (m) and by the root checks
	// (w) are kept apart, because a parallel checker finds them out of order; resolve picks
	// the one that comes first in the log.
	m, w *found
}

// found is a problem with its place in the order the sequential checks would meet it.
type found struct {
	key problemKey
	p   *Problem
}

// problemKey orders problems: by log size when the check runs (an entry at position p is
// checked at size p+1), then row checks before the stored root before heads, then by head.
type problemKey struct {
	size  uint64
	stage uint8 // 0 row, 1 stored root, 2 head
	head  int
}

func (a problemKey) less(b problemKey) bool {
	if a.size != b.size {
		return a.size < b.size
	}
	if a.stage != b.stage {
		return a.stage < b.stage
	}
	return a.head < b.head
}

// NewChecker returns a checker for an empty log; it fails only for an invalid hash algorithm.
func NewChecker(opts VerifyOptions) (*Checker, error) {
	if !opts.HashAlg.Valid() {
		return nil, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "无效的哈希算法", En: "invalid hash algorithm"})
	}
	c := &Checker{opts: opts, f: NewFrontier(opts.HashAlg), keys: map[string]Verifier{}}
	c.heads = sortedHeads(opts.Heads)
	c.headLo = make([]uint64, len(c.heads))
	var lo uint64
	for j := range c.heads {
		if j > 0 && c.heads[j-1].Size < c.heads[j].Size {
			lo = c.heads[j-1].Size
		}
		c.headLo[j] = lo
	}
	for _, k := range opts.Keys {
		c.keys[k.KeyID()] = k
	}
	workers := opts.Workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
		if workers == 1 {
			workers = -1
		}
	}
	if workers > 0 {
		batch := opts.batch
		if batch <= 0 {
			batch = defaultBatch
		}
		c.pool = newRootPool(workers, batch, c.headRootProblem)
	}
	c.checkHeads()
	return c, nil
}

// stopped reports whether no further record can change the result. After a head_root
// problem the rows are still read, since rows inserted with recomputed hashes show up a little
// later as a displaced entry, which names the first inserted row more precisely.
func (c *Checker) stopped() bool {
	return c.m != nil || c.w != nil && c.w.p.Kind != ProblemHeadRoot
}

// Add checks the next record. It returns false once the result is settled; later records are
// then ignored.
func (c *Checker) Add(r Record) bool {
	if c.pool != nil {
		if w := c.pool.poll(); w != nil && c.w == nil {
			c.w = w
		}
	}
	if c.stopped() {
		return false
	}
	p := c.f.Size()
	row := func(pr *Problem) bool {
		c.m = &found{problemKey{p + 1, 0, 0}, pr}
		return false
	}
	switch {
	case r.Index > p:
		return row(rowProblem(ProblemMissingEntry, p, r.Index))
	case r.Index < p:
		return row(rowProblem(ProblemDuplicateEntry, p, r.Index))
	}
	leaf := c.f.x.leaf(r.Entry)
	if leaf != r.LeafHash {
		switch {
		case c.f.rootWith(r.LeafHash) == r.Root:
			return row(newProblem(ProblemEntryChanged, p, p, nil))
		case c.f.rootWith(leaf) == r.Root:
			return row(newProblem(ProblemLeafHashChanged, p, p, nil))
		}
		return row(newProblem(ProblemEntryAndHashChanged, p, p, nil))
	}
	claimed, ok := entryIndex(r.Entry)
	if ok && c.opts.CheckEntries {
		_, err := ParseEntry(r.Entry)
		ok = err == nil
	}
	switch {
	case !ok:
		return row(newProblem(ProblemMalformedEntry, p, p, nil))
	case claimed > p:
		return row(rowProblem(ProblemMovedEntry, p, claimed))
	case claimed < p:
		return row(newProblem(ProblemInsertedEntry, claimed, p-1, nil))
	}
	if c.pool != nil {
		c.pool.add(c.f, leaf, r.Root)
		c.f.push(leaf)
	} else {
		c.f.push(leaf)
		if c.w == nil && c.f.Root() != r.Root {
			c.w = &found{problemKey{p + 1, 1, 0}, newProblem(ProblemRootChanged, p, p, nil)}
		}
	}
	c.checkHeads()
	if c.pool != nil {
		if w := c.pool.flushIfFull(); w != nil && c.w == nil {
			c.w = w
		}
	}
	return !c.stopped()
}

// checkHeads checks the heads whose size equals the number of entries seen so far: the
// signature here, the root here or, with workers, in the batch that holds the last entry.
func (c *Checker) checkHeads() {
	size := c.f.Size()
	for c.m == nil && c.next < len(c.heads) && c.heads[c.next].Size <= size {
		j := c.next
		h := &c.heads[j]
		c.next++
		if pr := c.signatureProblem(h); pr != nil {
			c.m = &found{problemKey{size, 2, j}, pr}
			return
		}
		switch {
		case c.pool != nil && size > 0:
			c.pool.addHead(j, h.Root)
		case c.w == nil && h.Root != c.f.Root():
			c.w = &found{problemKey{size, 2, j}, c.headRootProblem(j)}
		}
	}
}

func (c *Checker) headRootProblem(j int) *Problem {
	h := &c.heads[j]
	end := uint64(0)
	if h.Size > 0 {
		end = h.Size - 1
	}
	return newProblem(ProblemHeadRoot, min(c.headLo[j], end), end, h)
}

// signatureProblem returns nil if h is validly signed by a trusted key over the log's hash
// algorithm, else the problem.
func (c *Checker) signatureProblem(h *SignedHead) *Problem {
	if h.HashAlg != c.opts.HashAlg {
		return newProblem(ProblemHeadHashAlg, h.Size, h.Size, h)
	}
	v, ok := c.keys[h.KeyID]
	if !ok {
		return newProblem(ProblemHeadUnknownKey, h.Size, h.Size, h)
	}
	if VerifyHead(v, *h) != nil {
		return newProblem(ProblemHeadSignature, h.Size, h.Size, h)
	}
	return nil
}

// resolve returns the problem that comes first in the log, letting a displaced entry inside
// a head_root range stand for the head problem.
func (c *Checker) resolve() *found {
	switch {
	case c.w == nil:
		return c.m
	case c.m == nil:
		return c.w
	case c.m.key.less(c.w.key):
		return c.m
	}
	if p, hp := c.m.p, c.w.p; hp.Kind == ProblemHeadRoot && p.Kind == ProblemInsertedEntry && p.Index >= hp.Index && p.Index <= hp.End {
		return c.m
	}
	return c.w
}

// Finish waits for the workers, checks what only the end of the log can show (heads beyond
// it, an unsigned tail) and returns the report.
func (c *Checker) Finish() Report {
	if c.pool != nil {
		if w := c.pool.close(); w != nil && c.w == nil {
			c.w = w
		}
		c.pool = nil
	}
	n := c.f.Size()
	first := c.resolve()
	if first == nil && c.next < len(c.heads) {
		h := &c.heads[c.next]
		pr := c.signatureProblem(h)
		if pr == nil {
			pr = newProblem(ProblemHeadBeyondLog, n, h.Size-1, h)
		}
		first = &found{problemKey{h.Size, 2, c.next}, pr}
	}
	r := Report{OK: first == nil, HashAlg: c.opts.HashAlg, Entries: n, Root: c.f.Root()}
	// Every head that comes before the earliest problem passed both its checks.
	stop := first
	for _, f := range []*found{c.m, c.w} {
		if f != nil && (stop == nil || f.key.less(stop.key)) {
			stop = f
		}
	}
	var lastGood uint64
	for j := range c.heads {
		h := &c.heads[j]
		if stop != nil && !(problemKey{h.Size, 2, j}).less(stop.key) || h.Size > n {
			break
		}
		r.HeadsVerified++
		r.LatestHead = h
		lastGood = h.Size
		if !slices.Contains(r.KeyIDs, h.KeyID) {
			r.KeyIDs = append(r.KeyIDs, h.KeyID)
		}
	}
	if first == nil && !c.opts.AllowUnsignedTail && n > lastGood {
		first = &found{problemKey{n + 1, 0, 0}, newProblem(ProblemUnsignedTail, lastGood, n-1, nil)}
		r.OK = false
	}
	if first != nil {
		r.Problem = first.p
	}
	if r.LatestHead != nil {
		h := *r.LatestHead
		r.LatestHead = &h
	}
	return r
}

// Verify checks a whole log read from records, which must yield the rows in index order
// (a read error ends it). It returns the report, or the read error if the rows could not be
// read to the end; a problem with the log itself is in the report, not the error.
func Verify(records iter.Seq2[Record, error], opts VerifyOptions) (Report, error) {
	c, err := NewChecker(opts)
	if err != nil {
		return Report{}, err
	}
	for r, err := range records {
		if err != nil {
			return c.Finish(), err
		}
		if !c.Add(r) {
			break
		}
	}
	return c.Finish(), nil
}

// Records adapts a slice of records for Verify.
func Records(rs []Record) iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		for _, r := range rs {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// sortedHeads returns a copy of heads in order of size, keeping the given order among equal
// sizes.
func sortedHeads(heads []SignedHead) []SignedHead {
	out := slices.Clone(heads)
	slices.SortStableFunc(out, func(a, b SignedHead) int {
		switch {
		case a.Size < b.Size:
			return -1
		case a.Size > b.Size:
			return 1
		}
		return 0
	})
	return out
}
