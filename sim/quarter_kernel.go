package sim

// tabledKernel is the state quarterKernel hands to tabledStretch, the quarter's loop written for
// amd64 processors in quarter_amd64.s, for landscapes with a flip table of at most tabledBits
// bits (the reference landscape among them). The loop does what quarter's general path does, in
// the same order and with the same draws, so the results are the same bits (TestKernelAgrees
// holds it to the general path on many landscapes). It exists for speed: the compiler keeps the
// general loop's many values on the stack, and a trial's acceptance, a coin flip to the
// processor's branch predictor, is computed there without a branch.
//
// The assembly reads the fields by the offsets the Go toolchain generates (go_asm.h), so they may
// be reordered; each is a machine word unless stated.
type tabledKernel struct {
	live    *int32 // the ventures in business, in index order
	n       int    // the loop's end: at most len(live), sooner after a landmark fills discovered
	i, kept int    // the next venture to step; how many are kept in live[:kept]
	s       uint64 // the stream's state

	vs      *venture    // the population
	kinds   *kindConsts // the model's constants by kind
	flip    *flipRow    // the flip table, 32 rows a field
	visited *uint64     // the bitset over (field, approach)
	bits    uint64      // approach length
	tri     uint64      // landscape.tri
	off     uint64      // landscape.off

	touched                        *uint32 // words of visited set, for the reset to clear
	nTouched, capTouched, touchAll int     // touchAll is 1 once touched overflowed

	discovered          *discovery // landmarks waiting for discover
	nDiscovered, stopAt int        // the loop stops after a venture once nDiscovered > stopAt

	distinct, restarts int // added to: first visits, restarts after failure

	jumpBits         int
	landmark, viable int32 // 32-bit each
	tolThr           uint64
	golden, mul1     uint64 // SplitMix64's increment and multipliers (mix64)
	mul2             uint64
}

// kernelStretch is the most ventures one call of tabledStretch steps.
const kernelStretch = 16384

// tabledBits is the longest approach tabledStretch takes: three copies fit 64 bits (landscape.tri);
// and the shortest, so that a field's approaches start on a word of visited.
const (
	tabledBits    = 21
	tabledMinBits = 6
)

// quarterKernel is quarter for the landscapes tabledStretch takes.
func (w *world) quarterKernel(q int, rp *rng, out *stratOut) {
	m, l, k := w.m, &w.land, &w.kernel
	*k = tabledKernel{
		live: &w.live[0], n: len(w.live), s: rp.s,
		vs: &w.a[0], kinds: &m.kinds[0], flip: &l.flip[0], visited: &w.visited[0],
		bits: uint64(l.bits), tri: l.tri, off: uint64(l.off),
		touched: &w.touched[0], nTouched: w.nTouched, capTouched: len(w.touched), touchAll: b2i(w.touchedAll),
		discovered: &w.discovered[:1][0], stopAt: cap(w.discovered) - m.maxTrials,
		jumpBits: m.jumpBits, landmark: m.landmark, viable: m.viable, tolThr: m.tolThr,
		golden: golden, mul1: mixMul1, mul2: mixMul2,
	}
	for k.i < len(w.live) {
		// At most kernelStretch ventures a call: the runtime does not interrupt assembly, so
		// that a garbage collection waits for a call to end, a millisecond or so at most.
		k.n = min(len(w.live), k.i+kernelStretch)
		tabledStretch(k)
		w.discovered = w.discovered[:k.nDiscovered]
		w.flushDiscovered(q, out)
		k.nDiscovered = 0
	}
	rp.s = k.s
	out.activeSteps += len(w.live)
	out.restarts += k.restarts
	w.live = w.live[:k.kept]
	w.distinct += k.distinct
	w.nTouched, w.touchedAll = k.nTouched, k.touchAll != 0
}
