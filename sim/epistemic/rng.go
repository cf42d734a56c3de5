package epistemic

import "math/bits"

// rng is the model's random number generator: wyrand (Wang Yi's generator, the one Go's runtime
// uses for its own cheap random numbers), a 64-bit counter mixed by one 64 × 64 → 128-bit multiply.
// Its state advances by an addition, so consecutive draws do not wait on each other, and a draw
// costs a handful of instructions: the model draws about two words per agent-step.
type rng struct{ s uint64 }

func (r *rng) uint64() uint64 {
	r.s += 0xa0761d6478bd642f
	hi, lo := bits.Mul64(r.s, r.s^0xe7037ed1a0b428db)
	return hi ^ lo
}

// below returns a uniform draw from [0, n) made from the word x by Lemire's multiply-and-shift,
// drawing further words in the rare case (probability below n/2^64) that x falls in the
// rejected sliver. n = 0 gives 0.
func (r *rng) below(x, n uint64) uint64 {
	hi, lo := bits.Mul64(x, n)
	if lo < n {
		thresh := -n % n
		for lo < thresh {
			hi, lo = bits.Mul64(r.uint64(), n)
		}
	}
	return hi
}

// intn returns a uniform draw from [0, n).
func (r *rng) intn(n int) int { return int(r.below(r.uint64(), uint64(n))) }

// float64 returns a uniform draw from [0, 1) with 53 random bits.
func (r *rng) float64() float64 { return float64(r.uint64()>>11) / (1 << 53) }

// below32 returns a uniform draw from [0, n) made from the 32-bit half-word x by Lemire's
// multiply-and-shift, drawing further words (their high halves) in the rare case (probability
// below n/2^32) that x falls in the rejected sliver. n = 0 gives 0.
func (r *rng) below32(x, n uint32) uint32 {
	m := uint64(x) * uint64(n)
	if uint32(m) < n {
		thresh := -n % n
		for uint32(m) < thresh {
			m = (r.uint64() >> 32) * uint64(n)
		}
	}
	return uint32(m >> 32)
}

// shuffle puts s in a uniformly random order (Fisher–Yates) as a tick orders its movers: for each
// position i from the last down to the first, one word, whose high half draws the position j in
// [0, i] that i swaps with (below32). A tick keeps each word's low half for the step of the agent
// that takes position i (world.run); here they go unused.
func (r *rng) shuffle(s []int32) {
	for i := len(s) - 1; i >= 0; i-- {
		j := r.below32(uint32(r.uint64()>>32), uint32(i+1))
		s[i], s[j] = s[j], s[i]
	}
}
