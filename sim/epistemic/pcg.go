package epistemic

import "math/bits"

// pcg is math/rand/v2's PCG (128-bit LCG, DXSM output) with the draws this model makes —
// IntN, Float64 and Fisher–Yates shuffling — written out on the concrete type, so that the hot
// loop pays no interface call or closure per draw. Every draw is the one rand.New(rand.NewPCG(…))
// gives for the same seed (TestPCGMatchesMathRand), so runs are those of math/rand/v2.
type pcg struct{ hi, lo uint64 }

func (p *pcg) uint64() uint64 {
	const (
		mulHi    = 2549297995355413924
		mulLo    = 4865540595714422341
		incHi    = 6364136223846793005
		incLo    = 1442695040888963407
		cheapMul = 0xda942042e4dd58b5
	)
	hi, lo := bits.Mul64(p.lo, mulLo)
	hi += p.hi*mulLo + p.lo*mulHi
	lo, c := bits.Add64(lo, incLo, 0)
	hi, _ = bits.Add64(hi, incHi, c)
	p.lo, p.hi = lo, hi
	hi ^= hi >> 32
	hi *= cheapMul
	hi ^= hi >> 48
	hi *= lo | 1
	return hi
}

// intn is rand.Rand.IntN: a power of two is masked, anything else reduced by Lemire's method
// with rejection.
func (p *pcg) intn(n int) int {
	u := uint64(n)
	if u&(u-1) == 0 {
		return int(p.uint64() & (u - 1))
	}
	hi, lo := bits.Mul64(p.uint64(), u)
	if lo < u {
		thresh := -u % u
		for lo < thresh {
			hi, lo = bits.Mul64(p.uint64(), u)
		}
	}
	return int(hi)
}

// intn8 is intn for 1 ≤ n ≤ 8, the same draws, with the choice between masking (a power of two)
// and Lemire's reduction made by a conditional move: n comes from the neighbourhood, and a branch
// on it would be mispredicted often.
func (p *pcg) intn8(n int) int {
	u := uint64(n)
	x := p.uint64()
	hi, lo := bits.Mul64(x, u)
	pow2 := u&(u-1) == 0
	if masked := x & (u - 1); pow2 {
		hi = masked
	}
	if lo < u && !pow2 { // with n ≤ 8, about once in 2^61 draws
		return p.reject(x, u)
	}
	return int(hi)
}

// reject finishes Lemire's reduction of draw x to [0, u) when its low product fell below u.
func (p *pcg) reject(x, u uint64) int {
	hi, lo := bits.Mul64(x, u)
	thresh := -u % u
	for lo < thresh {
		hi, lo = bits.Mul64(p.uint64(), u)
	}
	return int(hi)
}

// float64 is rand.Rand.Float64.
func (p *pcg) float64() float64 { return float64(p.uint64()<<11>>11) / (1 << 53) }

// shuffle is rand.Rand.Shuffle over a slice of agent indices.
// The state is copied into a local for the loop, so that it stays in registers.
func (p *pcg) shuffle(s []int32) {
	r := *p
	for i := len(s) - 1; i > 0; i-- {
		u := uint64(i + 1)
		var j int
		if u&(u-1) == 0 {
			j = int(r.uint64() & (u - 1))
		} else {
			hi, lo := bits.Mul64(r.uint64(), u)
			if lo < u {
				thresh := -u % u
				for lo < thresh {
					hi, lo = bits.Mul64(r.uint64(), u)
				}
			}
			j = int(hi)
		}
		s[i], s[j] = s[j], s[i]
	}
	*p = r
}
