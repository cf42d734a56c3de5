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

// shuffle puts s in a uniformly random order (Fisher–Yates), drawing as below(uint64(), i+1) for
// each position i from the last down. The draw is written out with the state in a local, which
// stays in a register: through below, whose rare rejection draws again, it lived in memory.
func (r *rng) shuffle(s []int32) {
	x := r.s
	for i := len(s) - 1; i > 0; i-- {
		n := uint64(i + 1)
		x += 0xa0761d6478bd642f
		hi, lo := bits.Mul64(x, x^0xe7037ed1a0b428db)
		j, l := bits.Mul64(hi^lo, n)
		if l < n { // below's rejection test: rare, and below then decides
			r.s = x
			j = r.below(hi^lo, n)
			x = r.s
		}
		s[i], s[j] = s[j], s[i]
	}
	r.s = x
}
