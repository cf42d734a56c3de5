package selection

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"seedbed"
)

// alpha is the significance level of the fairness tests: strict, so that a fair draw fails
// them only once in a thousand runs; the seeds are fixed, so the result does not change.
const alpha = 0.001

func TestCanonicalSeed(t *testing.T) {
	cases := []struct{ in, want string }{
		{"03 11 19 24 28 33 + 09", "03 11 19 24 28 33 + 09"},
		{"  03 11\t 19\n24  ", "03 11 19 24"},
		{"０３　１１", "03 11"}, // full-width digits and space
		{"ABCdef0123", "abcdef0123"},
		{"开奖号码 ０３", "开奖号码 03"},
		{"", ""},
		{" \t\n", ""},
		{"a\x00b", ""},
		{"\xff", ""},
		{strings.Repeat("9", 1025), ""},
	}
	for _, c := range cases {
		got, err := CanonicalSeed(c.in)
		if c.want == "" {
			if seedbed.ErrorCode(err) != seedbed.EINVALID {
				t.Errorf("%q: got %q, %v; want an invalid error", c.in, got, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%q: got %q, %v; want %q", c.in, got, err, c.want)
		}
		if again, _ := CanonicalSeed(got); again != got {
			t.Errorf("%q: canonical form %q is not stable (%q)", c.in, got, again)
		}
	}
}

func drawCommitment(n int, amount func(int) int64, budget int64, fill bool) Commitment {
	c := Commitment{Version: CommitmentVersion, ProgramID: "P-fair", Budget: budget, FillGaps: fill,
		SeedSourceKind: SeedPublicValue, SeedSourceDescription: "test seeds", SeedKnownAfter: knownAfter, CreatedAt: fixedTime}
	for i := range n {
		c.Entrants = append(c.Entrants, fmt.Sprintf("E-%d", i))
		c.Amounts = append(c.Amounts, amount(i))
	}
	return c
}

func one(int) int64 { return 1 }

// TestDrawTickets recomputes every ticket as a citizen would, with SHA-256 over
// seed "\n" commitment-hash "\n" entrant-id, and checks the order and the funding walk.
func TestDrawTickets(t *testing.T) {
	c := drawCommitment(7, func(i int) int64 { return int64(10 * (i + 1)) }, 100, false)
	r, err := Draw(c, "  03 11 19 24 28 33 + 09 ")
	if err != nil {
		t.Fatal(err)
	}
	hash, _ := c.Hash()
	if r.CommitmentHash != hash || r.Seed != "03 11 19 24 28 33 + 09" || r.Version != CommitmentVersion {
		t.Fatalf("result header %+v", r)
	}
	remaining, stopped, seen := int64(100), false, map[string]bool{}
	for i, tk := range r.Order {
		sum := sha256.Sum256([]byte(r.Seed + "\n" + hash + "\n" + tk.EntrantID))
		if tk.Ticket != hex.EncodeToString(sum[:]) || tk.Position != i+1 || seen[tk.EntrantID] {
			t.Fatalf("position %d: %+v", i+1, tk)
		}
		seen[tk.EntrantID] = true
		if i > 0 && r.Order[i-1].Ticket >= tk.Ticket {
			t.Fatalf("tickets out of order at %d", i+1)
		}
		fund := !stopped && tk.Amount <= remaining
		stopped = stopped || !fund
		if tk.Remaining != remaining || tk.Funded != fund {
			t.Fatalf("position %d: remaining %d funded %v, want %d %v", i+1, tk.Remaining, tk.Funded, remaining, fund)
		}
		if fund {
			remaining -= tk.Amount
		}
	}
	if len(seen) != 7 || r.Spent != 100-remaining || !slices.Equal(r.Funded(), fundedOf(r)) {
		t.Fatalf("spent %d, funded %v", r.Spent, r.Funded())
	}
}

func fundedOf(r Result) []string {
	var out []string
	for _, tk := range r.Order {
		if tk.Funded {
			out = append(out, tk.EntrantID)
		}
	}
	return out
}

func TestDrawCommittedSeed(t *testing.T) {
	c := drawCommitment(5, one, 2, false)
	c.Version, c.SeedSourceKind = CommitmentVersion1, SeedCommitted
	c.SeedSourceHash, _ = SeedHash("Sealed   by the notary 7F3A")
	if _, err := Draw(c, "sealed by the notary 7f3a"); err != nil {
		t.Fatalf("the revealed secret in another spelling: %v", err)
	}
	if _, err := Draw(c, "sealed by the notary 7f3b"); seedbed.ErrorCode(err) != seedbed.ECONFLICT {
		t.Fatalf("a different secret: %v", err)
	}
}

func TestVerify(t *testing.T) {
	c := drawCommitment(5, func(i int) int64 { return int64(i + 1) }, 9, true)
	const seed = "ledger root 9f86d081884c7d65"
	r, err := Draw(c, seed)
	if err != nil {
		t.Fatal(err)
	}
	other := c
	other.Entrants, other.Amounts = c.Entrants[1:], c.Amounts[1:] // the draw re-run without E-0
	rerun, _ := Draw(other, seed)
	cases := []struct {
		name   string
		seed   string
		edit   func(*Result)
		code   string
		phrase string
	}{
		{"untouched", seed, func(*Result) {}, "", ""},
		{"seed typed differently", "  LEDGER root  9F86D081884C7D65", func(*Result) {}, "", ""},
		{"two entrants swapped", seed, func(r *Result) { r.Order[0], r.Order[1] = r.Order[1], r.Order[0] }, seedbed.ECONFLICT, "position 1: published"},
		{"ticket changed", seed, func(r *Result) { r.Order[2].Ticket = strings.Repeat("0", 64) }, seedbed.ECONFLICT, "position 3 ticket"},
		{"funded flipped", seed, func(r *Result) { r.Order[1].Funded = !r.Order[1].Funded }, seedbed.ECONFLICT, "position 2 funded"},
		{"remaining changed", seed, func(r *Result) { r.Order[3].Remaining++ }, seedbed.ECONFLICT, "position 4 remaining"},
		{"spent changed", seed, func(r *Result) { r.Spent-- }, seedbed.ECONFLICT, "amount spent"},
		{"entrant missing", seed, func(r *Result) { r.Order = r.Order[:4] }, seedbed.ECONFLICT, "position 5"},
		{"entrant added", seed, func(r *Result) { r.Order = append(r.Order, r.Order[0]) }, seedbed.ECONFLICT, "position 6"},
		{"another seed", "ledger root 0000", func(*Result) {}, seedbed.ECONFLICT, "seed: published"},
		{"re-run with other inputs", seed, func(r *Result) { *r = rerun }, seedbed.ECONFLICT, "commitment hash mismatch"},
		{"no seed", "", func(*Result) {}, seedbed.EINVALID, "seed"},
	}
	for _, tc := range cases {
		pub := r
		pub.Order = slices.Clone(r.Order)
		tc.edit(&pub)
		err := Verify(c, tc.seed, pub)
		if tc.code == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if seedbed.ErrorCode(err) != tc.code || !strings.Contains(err.Error(), tc.phrase) {
			t.Errorf("%s: got %v, want %s mentioning %q", tc.name, err, tc.code, tc.phrase)
		}
	}
	bad := c
	bad.Budget = -1
	if err := Verify(bad, seed, r); seedbed.ErrorCode(err) != seedbed.EINVALID {
		t.Errorf("invalid commitment: %v", err)
	}
}

// TestDrawFairEqualAmounts runs 20,000 draws with different seeds for each of 5 to 10 entrants
// of equal cost and a budget for half of them. The entrant drawn first is uniform: a Pearson
// chi-square test with n−1 degrees of freedom. The number of times each entrant is funded is
// the sum of 20,000 uniform m-of-n choices, whose counts have covariance σ²(I − J/n) with
// σ² = N·p(1−p)·n/(n−1), p = m/n, so Σ(o−e)²/σ² follows chi-square with n−1 degrees of freedom.
func TestDrawFairEqualAmounts(t *testing.T) {
	const draws = 20000
	for n := 5; n <= 10; n++ {
		m := n / 2
		c := drawCommitment(n, one, int64(m), false)
		first := make([]float64, n)
		funded := make([]float64, n)
		for i := range draws {
			r, err := Draw(c, fmt.Sprintf("%d-%d", n, i))
			if err != nil {
				t.Fatal(err)
			}
			first[indexOf(c, r.Order[0].EntrantID)]++
			for _, id := range r.Funded() {
				funded[indexOf(c, id)]++
			}
		}
		p := float64(m) / float64(n)
		xFirst, xFunded := 0.0, 0.0
		for i := range n {
			e := float64(draws) / float64(n)
			xFirst += (first[i] - e) * (first[i] - e) / e
			d := funded[i] - draws*p
			xFunded += d * d
		}
		xFunded /= draws * p * (1 - p) * float64(n) / float64(n-1)
		chi := distuv.ChiSquared{K: float64(n - 1)}
		pFirst, pFunded := chi.Survival(xFirst), chi.Survival(xFunded)
		t.Logf("n=%d m=%d: first place χ²=%.2f p=%.3f; funded χ²=%.2f p=%.3f", n, m, xFirst, pFirst, xFunded, pFunded)
		if pFirst < alpha || pFunded < alpha {
			t.Errorf("n=%d: the draw is not uniform (p = %.5f, %.5f; counts %v, %v)", n, pFirst, pFunded, first, funded)
		}
	}
}

// TestDrawOrderUniform checks that all 24 orders of four entrants are equally likely.
func TestDrawOrderUniform(t *testing.T) {
	const draws = 20000
	c := drawCommitment(4, one, 4, false)
	counts := map[string]float64{}
	for i := range draws {
		r, err := Draw(c, fmt.Sprintf("order %d", i))
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, tk := range r.Order {
			ids = append(ids, tk.EntrantID)
		}
		counts[strings.Join(ids, ",")]++
	}
	if len(counts) != 24 {
		t.Fatalf("%d distinct orders, want 24", len(counts))
	}
	x, e := 0.0, draws/24.0
	for _, o := range counts {
		x += (o - e) * (o - e) / e
	}
	if p := (distuv.ChiSquared{K: 23}).Survival(x); p < alpha {
		t.Fatalf("orders not uniform: χ²=%.2f p=%.5f", x, p)
	}
}

// TestDrawUnequalAmounts documents what unequal amounts do: the order stays uniform, so each
// entrant's chance is the share of orders in which its turn comes while its amount still fits.
// The exact chances come from enumerating every order; 20,000 draws must agree with them.
func TestDrawUnequalAmounts(t *testing.T) {
	const draws = 20000
	cases := []struct {
		amounts []int64
		budget  int64
		fill    bool
	}{
		{[]int64{1, 1, 1, 1, 3}, 3, false},
		{[]int64{1, 1, 1, 1, 3}, 3, true},
		{[]int64{1, 2, 3, 4, 5}, 6, false},
		{[]int64{1, 2, 3, 4, 5}, 6, true},
	}
	for _, tc := range cases {
		exact := exactChances(tc.amounts, tc.budget, tc.fill)
		c := drawCommitment(len(tc.amounts), func(i int) int64 { return tc.amounts[i] }, tc.budget, tc.fill)
		got := make([]float64, len(tc.amounts))
		for i := range draws {
			r, err := Draw(c, fmt.Sprintf("unequal %d", i))
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range r.Funded() {
				got[indexOf(c, id)]++
			}
		}
		var report []string
		for i, p := range exact {
			sd := math.Sqrt(draws * p * (1 - p))
			report = append(report, fmt.Sprintf("%d→%.3f(%.3f)", tc.amounts[i], p, got[i]/draws))
			// Two-sided normal bound at 4.4 SD: p ≈ 1e-5 for each of the entrants.
			if math.Abs(got[i]-draws*p) > 4.4*sd+1e-9 {
				t.Errorf("amounts %v budget %d fill %v: entrant %d funded %v times, expected %.0f", tc.amounts, tc.budget, tc.fill, i, got[i], draws*p)
			}
		}
		t.Logf("amounts %v, budget %d, fill gaps %v: amount→exact chance(simulated) %s", tc.amounts, tc.budget, tc.fill, strings.Join(report, " "))
	}
}

// exactChances enumerates every order of the entrants and applies the funding rule.
func exactChances(amounts []int64, budget int64, fill bool) []float64 {
	n := len(amounts)
	won := make([]float64, n)
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	total := 0.0
	var walk func(k int)
	walk = func(k int) {
		if k == n {
			total++
			left := budget
			for _, e := range perm {
				if amounts[e] <= left {
					left -= amounts[e]
					won[e]++
				} else if !fill {
					break
				}
			}
			return
		}
		for i := k; i < n; i++ {
			perm[k], perm[i] = perm[i], perm[k]
			walk(k + 1)
			perm[k], perm[i] = perm[i], perm[k]
		}
	}
	walk(0)
	for i := range won {
		won[i] /= total
	}
	return won
}

func indexOf(c Commitment, id string) int { return slices.Index(c.Entrants, id) }

// BenchmarkDraw measures a draw (canonical commitment, hash, tickets, sort and funding walk).
func BenchmarkDraw(b *testing.B) {
	for _, n := range []int{10, 1000, 100000} {
		c := drawCommitment(n, func(i int) int64 { return int64(1 + i%7) }, int64(2*n), true)
		b.Run(fmt.Sprintf("entrants=%d", n), func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				if _, err := Draw(c, fmt.Sprint(i)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// FuzzCanonicalSeed checks that any seed text either is refused or has a canonical form that is
// stable, trimmed, one line and within the size limit.
func FuzzCanonicalSeed(f *testing.F) {
	f.Add("03 11 19 24 28 33 + 09")
	f.Add("０３\u3000ＡＢ\t\n")
	f.Add("\xff\x00")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := CanonicalSeed(s)
		if err != nil {
			return
		}
		again, err := CanonicalSeed(c)
		if err != nil || again != c || c != strings.TrimSpace(c) || strings.ContainsAny(c, "\n\r\t") || len(c) > maxSeedBytes {
			t.Fatalf("%q → %q → %q, %v", s, c, again, err)
		}
	})
}
