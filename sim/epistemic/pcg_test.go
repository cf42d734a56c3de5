package epistemic

import (
	"math/rand/v2"
	"testing"
)

// TestPCGMatchesMathRand: the model's generator gives math/rand/v2's draws, so that runs do not
// depend on which of the two made them.
func TestPCGMatchesMathRand(t *testing.T) {
	for _, seed := range []uint64{0, 1, 2009, 1 << 63} {
		want := rand.New(rand.NewPCG(seed, 0x5745_4953_4245_5247))
		got := &pcg{seed, 0x5745_4953_4245_5247}
		for i := range 20000 {
			switch n := 1 + i%300; i % 4 {
			case 3:
				n = 1 + i%8
				if a, b := got.intn8(n), want.IntN(n); a != b {
					t.Fatalf("seed %d draw %d: intn8(%d) = %d, want IntN's %d", seed, i, n, a, b)
				}
			case 0:
				if a, b := got.intn(n), want.IntN(n); a != b {
					t.Fatalf("seed %d draw %d: IntN(%d) = %d, want %d", seed, i, n, a, b)
				}
			case 1:
				if a, b := got.float64(), want.Float64(); a != b {
					t.Fatalf("seed %d draw %d: Float64 = %v, want %v", seed, i, a, b)
				}
			default:
				s1, s2 := make([]int32, n), make([]int32, n)
				for k := range s1 {
					s1[k], s2[k] = int32(k), int32(k)
				}
				got.shuffle(s1)
				want.Shuffle(n, func(i, j int) { s2[i], s2[j] = s2[j], s2[i] })
				for k := range s1 {
					if s1[k] != s2[k] {
						t.Fatalf("seed %d draw %d: shuffles of %d differ at %d", seed, i, n, k)
					}
				}
			}
		}
	}
}
