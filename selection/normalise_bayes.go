package selection

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"

	"seedbed"
)

// Normalisation methods: the crossed random-effects model (the default) and the older
// per-reviewer z-score, kept for comparison.
const (
	MethodBayes  = "bayes_crossed"
	MethodZScore = "zscore"
)

// NormaliseMethods lists the methods with their labels.
var NormaliseMethods = seedbed.OptionSet{
	{Code: MethodBayes, Label: seedbed.Label{Zh: "贝叶斯交叉随机效应模型（专家宽严效应收缩）", En: "Bayesian crossed random effects (reviewer effects shrunk)"}},
	{Code: MethodZScore, Label: seedbed.Label{Zh: "按专家的 z 分数", En: "per-reviewer z-score"}},
}

// Defaults of the Bayesian method.
const (
	DefaultDisagreeRaw = 30.0 // raw points on the 0–100 scale
	DefaultRankDraws   = 4000
	emMaxIter          = 200
	emTol              = 1e-7
)

// Variances are the variance components of the crossed model, in raw points squared.
type Variances struct {
	App      float64 `json:"app"`      // between applications' true qualities (τ²_a)
	Reviewer float64 `json:"reviewer"` // between reviewers' harshness (τ²_b)
	Residual float64 `json:"residual"` // of one review around app + reviewer (σ²)
}

// normaliseBayes fits y = μ + a_app + b_reviewer + e with a ~ N(0, τ²_a), b ~ N(0, τ²_b),
// e ~ N(0, σ²): the variance components by EM (or fixed by the options), then the exact
// Gaussian posterior of μ, a and b given them. An application's score is its posterior mean a
// divided by the global SD of the raw totals, its interval the 95% credible interval on that
// scale, and its rank interval the 2.5% and 97.5% quantiles of its rank over draws from the
// joint posterior of the a's.
func normaliseBayes(scores []Score, opt NormaliseOptions) Normalised {
	var out Normalised
	out.Method = MethodBayes
	all := make([]float64, len(scores))
	for i, s := range scores {
		all[i] = s.Total
	}
	out.GlobalMean, out.GlobalSD = meanPopSD(all)
	scale := out.GlobalSD
	if nearZero(scale, out.GlobalMean) {
		scale = 1
	}

	appAt, revAt := map[string]int{}, map[string]int{}
	var revScores [][]float64
	type obs struct{ app, rev int }
	rows := make([]obs, len(scores))
	for k, s := range scores {
		i, ok := appAt[s.AppID]
		if !ok {
			i = len(out.Apps)
			appAt[s.AppID] = i
			out.Apps = append(out.Apps, AppScore{AppID: s.AppID})
		}
		j, ok := revAt[s.ReviewerID]
		if !ok {
			j = len(out.Reviewers)
			revAt[s.ReviewerID] = j
			out.Reviewers = append(out.Reviewers, ReviewerStats{ReviewerID: s.ReviewerID})
			revScores = append(revScores, nil)
		}
		revScores[j] = append(revScores[j], s.Total)
		rows[k] = obs{i, j}
	}
	nA, nR, n := len(out.Apps), len(out.Reviewers), len(scores)
	d := 1 + nA + nR // θ = (μ, a_1…a_nA, b_1…b_nR)
	ia := func(i int) int { return 1 + i }
	ib := func(j int) int { return 1 + nA + j }

	// Z'Z and Z'y do not change between iterations.
	ztz := mat.NewSymDense(d, nil)
	zty := mat.NewVecDense(d, nil)
	for k, o := range rows {
		idx := [3]int{0, ia(o.app), ib(o.rev)}
		for p := range idx {
			for q := p; q < 3; q++ {
				ztz.SetSym(idx[p], idx[q], ztz.At(idx[p], idx[q])+1)
			}
			zty.SetVec(idx[p], zty.AtVec(idx[p])+scores[k].Total)
		}
	}

	vy := out.GlobalSD * out.GlobalSD
	if vy < 1e-9 {
		vy = 1
	}
	floor := 1e-6 * vy
	v := Variances{App: vy / 3, Reviewer: vy / 3, Residual: vy / 3}
	fixed := opt.Variances != nil
	if fixed {
		v = *opt.Variances
	}
	var m *mat.VecDense
	var cov *mat.SymDense
	for iter := 0; ; iter++ {
		m, cov = posterior(ztz, zty, v, nA, nR)
		if fixed || iter >= emMaxIter {
			break
		}
		var sa, sb, se float64
		for i := 0; i < nA; i++ {
			sa += m.AtVec(ia(i))*m.AtVec(ia(i)) + cov.At(ia(i), ia(i))
		}
		for j := 0; j < nR; j++ {
			sb += m.AtVec(ib(j))*m.AtVec(ib(j)) + cov.At(ib(j), ib(j))
		}
		for k, o := range rows {
			p, q := ia(o.app), ib(o.rev)
			r := scores[k].Total - m.AtVec(0) - m.AtVec(p) - m.AtVec(q)
			se += r*r + cov.At(0, 0) + cov.At(p, p) + cov.At(q, q) + 2*(cov.At(0, p)+cov.At(0, q)+cov.At(p, q))
		}
		next := Variances{App: math.Max(sa/float64(nA), floor), Reviewer: math.Max(sb/float64(nR), floor), Residual: math.Max(se/float64(n), floor)}
		done := math.Abs(next.App-v.App)+math.Abs(next.Reviewer-v.Reviewer)+math.Abs(next.Residual-v.Residual) < emTol*vy
		v = next
		if done {
			m, cov = posterior(ztz, zty, v, nA, nR)
			break
		}
	}
	out.Variances = &v
	mu := m.AtVec(0)

	for j := range out.Reviewers {
		rs := &out.Reviewers[j]
		rs.N = len(revScores[j])
		rs.Mean, rs.SD = meanPopSD(revScores[j])
		rs.Effect = m.AtVec(ib(j))
		rs.EffectSD = math.Sqrt(math.Max(cov.At(ib(j), ib(j)), 0))
	}
	for k, s := range scores {
		o := rows[k]
		out.Apps[o.app].Reviews = append(out.Apps[o.app].Reviews, Review{
			ReviewerID: s.ReviewerID, Raw: s.Total, Z: (s.Total - mu - m.AtVec(ib(o.rev))) / scale})
	}
	for i := range out.Apps {
		a := &out.Apps[i]
		raw := make([]float64, len(a.Reviews))
		for r, rv := range a.Reviews {
			raw[r] = rv.Raw
		}
		a.RawMean, _ = meanPopSD(raw)
		a.RawSpread = slices.Max(raw) - slices.Min(raw)
		post := math.Sqrt(math.Max(cov.At(ia(i), ia(i)), 0))
		a.Score = m.AtVec(ia(i)) / scale
		a.SE = post / scale
		a.SD = math.Sqrt(v.Residual) / scale
		a.Lower, a.Upper = a.Score-opt.Z*a.SE, a.Score+opt.Z*a.SE
		a.Display = mu + m.AtVec(ia(i))
		if len(a.Reviews) == 1 {
			a.Flags = append(a.Flags, Flag{FlagSingleReview, seedbed.Label{
				Zh: "只有一位评审专家的评分，得分向平均水平收缩，区间较宽",
				En: "only one reviewer scored it; its score is pulled toward the average and its interval is wide"}})
		}
		if a.RawSpread > opt.DisagreeRaw {
			a.Flags = append(a.Flags, Flag{FlagDisagreement, seedbed.Label{
				Zh: fmt.Sprintf("评审意见分歧大：原始分最高与最低相差 %.1f 分，超过 %.1f 分（高方差申请，可能是非共识创新，请专门讨论）", a.RawSpread, opt.DisagreeRaw),
				En: fmt.Sprintf("reviewers disagree strongly: raw scores span %.1f points, more than %.1f (a high-variance application, possibly a non-consensus idea: discuss it)", a.RawSpread, opt.DisagreeRaw)}})
		}
	}
	out.PooledSD = math.Sqrt(v.Residual) / scale
	rankIntervals(out.Apps, m, cov, opt.RankDraws)
	return out
}

// posterior returns the posterior mean and covariance of θ = (μ, a, b) given the variance
// components: precision P = Z'Z/σ² + diag(ε, 1/τ²_a…, 1/τ²_b…), mean P⁻¹ Z'y/σ². μ has a flat
// prior (ε is only there to keep P definite when there is a single observation).
func posterior(ztz *mat.SymDense, zty *mat.VecDense, v Variances, nA, nR int) (*mat.VecDense, *mat.SymDense) {
	d := ztz.SymmetricDim()
	p := mat.NewSymDense(d, nil)
	p.ScaleSym(1/v.Residual, ztz)
	p.SetSym(0, 0, p.At(0, 0)+1e-12)
	for i := 0; i < nA; i++ {
		p.SetSym(1+i, 1+i, p.At(1+i, 1+i)+1/v.App)
	}
	for j := 0; j < nR; j++ {
		k := 1 + nA + j
		p.SetSym(k, k, p.At(k, k)+1/v.Reviewer)
	}
	var ch mat.Cholesky
	cov := mat.NewSymDense(d, nil)
	m := mat.NewVecDense(d, nil)
	rhs := mat.NewVecDense(d, nil)
	rhs.ScaleVec(1/v.Residual, zty)
	if ch.Factorize(p) {
		_ = ch.InverseTo(cov)
		_ = ch.SolveVecTo(m, rhs)
		return m, cov
	}
	// Not reachable with positive variances; fall back to a general inverse.
	var inv mat.Dense
	if err := inv.Inverse(p); err == nil {
		for r := 0; r < d; r++ {
			for c := r; c < d; c++ {
				cov.SetSym(r, c, (inv.At(r, c)+inv.At(c, r))/2)
			}
		}
		m.MulVec(&inv, rhs)
	}
	return m, cov
}

// rankIntervals sets every application's rank interval (1 = best) from draws of the joint
// posterior of the application effects, with a fixed generator so that the result is the same
// on every machine.
func rankIntervals(apps []AppScore, m *mat.VecDense, cov *mat.SymDense, draws int) {
	nA := len(apps)
	if nA == 0 {
		return
	}
	if draws <= 0 {
		draws = DefaultRankDraws
	}
	caa := mat.NewSymDense(nA, nil)
	for i := 0; i < nA; i++ {
		for j := i; j < nA; j++ {
			caa.SetSym(i, j, cov.At(1+i, 1+j))
		}
	}
	var ch mat.Cholesky
	if !ch.Factorize(caa) {
		for i := range apps {
			apps[i].RankLow, apps[i].RankHigh = 1, nA
		}
		return
	}
	var l mat.TriDense
	ch.LTo(&l)
	rng := rand.New(rand.NewPCG(20250301, uint64(nA)))
	z := mat.NewVecDense(nA, nil)
	x := mat.NewVecDense(nA, nil)
	ranks := make([][]int, nA)
	order := make([]int, nA)
	for s := 0; s < draws; s++ {
		for i := 0; i < nA; i++ {
			z.SetVec(i, rng.NormFloat64())
		}
		x.MulVec(&l, z)
		for i := range order {
			order[i] = i
		}
		slices.SortFunc(order, func(p, q int) int {
			vp, vq := m.AtVec(1+p)+x.AtVec(p), m.AtVec(1+q)+x.AtVec(q)
			switch {
			case vp > vq:
				return -1
			case vp < vq:
				return 1
			}
			return p - q
		})
		for r, i := range order {
			ranks[i] = append(ranks[i], r+1)
		}
	}
	for i := range apps {
		slices.Sort(ranks[i])
		apps[i].RankLow = ranks[i][int(0.025*float64(draws))]
		apps[i].RankHigh = ranks[i][min(draws-1, int(0.975*float64(draws)))]
	}
}
