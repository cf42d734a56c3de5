package sim

import "math/bits"

// rng is a SplitMix64 generator: a Weyl sequence passed through a 64-bit finalizer. It is small,
// fast and passes BigCrush; each replication and strategy gets its own stream from streamFor.
type rng struct{ s uint64 }

const golden = 0x9e3779b97f4a7c15

// mix64's multipliers (the assembly loop of quarter_amd64.s takes them from here too).
const (
	mixMul1 = 0xbf58476d1ce4e5b9
	mixMul2 = 0x94d049bb133111eb
)

// mix64 is the SplitMix64 finalizer, a bijective 64-bit hash.
func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * mixMul1
	z = (z ^ (z >> 27)) * mixMul2
	return z ^ (z >> 31)
}

// streamFor derives an independent stream from the seed and two stream coordinates (for example
// a replication index and a purpose), so that no stream depends on scheduling.
func streamFor(seed, a, b uint64) rng {
	s := mix64(seed + golden)
	s = mix64(s ^ mix64((a+1)*0xd1b54a32d192ed03))
	s = mix64(s ^ mix64((b+1)*0x8cb92ba72f3d8dd7))
	return rng{s: s}
}

func (r *rng) next() uint64 {
	r.s += golden
	return mix64(r.s)
}

// float64 returns a uniform number in [0, 1).
func (r *rng) float64() float64 { return float64(r.next()>>11) * 0x1p-53 }

// intn returns a number in [0, n) by Lemire's multiply-high; its bias is below n/2⁶⁴.
func (r *rng) intn(n int) int {
	hi, _ := bits.Mul64(r.next(), uint64(n))
	return int(hi)
}

// normal returns an approximately standard normal number: the Irwin–Hall sum of four uniforms,
// rescaled to unit variance (bounded by ±3.46). Two draws give the four 32-bit uniforms.
func (r *rng) normal() float64 {
	a, b := r.next(), r.next()
	s := float64(uint32(a)) + float64(a>>32) + float64(uint32(b)) + float64(b>>32)
	const scale = 0x1p-32 * 1.7320508075688772 // √3 / 2³²
	return float64(s*scale) - 2*1.7320508075688772
}

// threshold32 converts a probability to a 32-bit threshold: uint32(next()) < threshold32(p) has
// probability p (to within 2⁻³²).
func threshold32(p float64) uint64 {
	switch {
	case p <= 0:
		return 0
	case p >= 1:
		return 1 << 32
	}
	return uint64(float64(p * 0x1p32))
}
