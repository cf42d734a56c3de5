package selection

import (
	"fmt"
	"math"

	"seedbed"
)

// Flag codes attached to application scores and decisions.
const (
	FlagDisagreement  = "disagreement"   // the reviewers' normalised scores are far apart
	FlagSingleReview  = "single_review"  // only one reviewer scored the application
	FlagFallback      = "fallback"       // a score was calibrated against the global mean
	FlagStraddlesLine = "straddles_line" // reviewers put the application on both sides of a line
	FlagTie           = "tie"            // tied on score across the funding decision, ordered by id
	FlagChampion      = "champion"       // a reviewer named it their champion
)

// Defaults of NormaliseOptions.
const (
	DefaultMinScores     = 2
	DefaultZ             = 1.96
	DefaultDisagreeRange = 2.0
)

// Score is one reviewer's raw total for one application (for example from Rubric.Total).
type Score struct {
	AppID      string  `json:"app_id"`
	ReviewerID string  `json:"reviewer_id"`
	Total      float64 `json:"total"`
}

// NormaliseOptions tune Normalise; the zero value uses the defaults.
type NormaliseOptions struct {
	MinScores     int     // a reviewer needs this many scores to be calibrated alone (default 2)
	Z             float64 // half-width of the score interval in standard errors (default 1.96)
	PooledSE      bool    // base every application's SE on the pooled within-application SD
	DisagreeRange float64 // z-score method: flag an application whose z-scores span more than this (default 2)
	Method        string  // MethodBayes (default) or MethodZScore
	DisagreeRaw   float64 // Bayesian method: flag an application whose raw totals span more than this (default 30)
	Variances     *Variances
	RankDraws     int // posterior draws for the rank intervals (default 4000)
}

func (o NormaliseOptions) withDefaults() NormaliseOptions {
	if o.MinScores < 2 {
		o.MinScores = DefaultMinScores
	}
	if !(o.Z > 0) {
		o.Z = DefaultZ
	}
	if !(o.DisagreeRange > 0) {
		o.DisagreeRange = DefaultDisagreeRange
	}
	if o.Method == "" {
		o.Method = MethodBayes
	}
	if !(o.DisagreeRaw > 0) {
		o.DisagreeRaw = DefaultDisagreeRaw
	}
	return o
}

// Flag is a warning about a score or decision that a person should look at.
type Flag struct {
	Code  string        `json:"code"`
	Label seedbed.Label `json:"label"`
}

// ReviewerStats describes how one reviewer scores: the basis of their normalisation.
type ReviewerStats struct {
	ReviewerID string        `json:"reviewer_id"`
	N          int           `json:"n"`
	Mean       float64       `json:"mean"` // of the reviewer's raw totals
	SD         float64       `json:"sd"`   // population standard deviation of the raw totals
	Fallback   bool          `json:"fallback"`
	Note       seedbed.Label `json:"note"`                // why the fallback was used; empty otherwise
	Effect     float64       `json:"effect,omitempty"`    // Bayesian method: posterior mean harshness (+ lenient), raw points
	EffectSD   float64       `json:"effect_sd,omitempty"` // its posterior SD
}

// Review is one reviewer's score of an application, raw and normalised.
type Review struct {
	ReviewerID string  `json:"reviewer_id"`
	Raw        float64 `json:"raw"`
	Z          float64 `json:"z"`
	Fallback   bool    `json:"fallback"`
}

// AppScore is an application's combined score: the mean of its normalised reviews with an
// interval, the same on the raw scale for display, and flags.
type AppScore struct {
	AppID   string   `json:"app_id"`
	Reviews []Review `json:"reviews"`
	RawMean float64  `json:"raw_mean"`
	Score   float64  `json:"score"` // mean of the normalised scores
	SD      float64  `json:"sd"`    // standard deviation used for the interval
	SE      float64  `json:"se"`    // SD/√n
	Lower   float64  `json:"lower"` // Score − Z·SE
	Upper   float64  `json:"upper"` // Score + Z·SE
	Display float64  `json:"display"`
	Flags   []Flag   `json:"flags"`
	// Bayesian method only: the spread of the raw totals (max − min) and the 95% interval of
	// the application's rank among all, 1 being the best.
	RawSpread float64 `json:"raw_spread"`
	RankLow   int     `json:"rank_low,omitempty"`
	RankHigh  int     `json:"rank_high,omitempty"`
}

// Normalised is the result of Normalise.
type Normalised struct {
	Method     string          `json:"method"`              // MethodBayes or MethodZScore
	Variances  *Variances      `json:"variances,omitempty"` // Bayesian method: the fitted components
	GlobalMean float64         `json:"global_mean"`         // of every raw total
	GlobalSD   float64         `json:"global_sd"`           // population SD of every raw total
	PooledSD   float64         `json:"pooled_sd"`           // within-application SD of normalised scores
	Reviewers  []ReviewerStats `json:"reviewers"`           // in order of first appearance
	Apps       []AppScore      `json:"apps"`                // in order of first appearance
}

// Normalise turns raw totals into per-reviewer z-scores and combines them per application
// (see the package documentation for the formulas and the fallback). It refuses empty ids,
// totals that are not finite numbers and a reviewer scoring one application twice.
func Normalise(scores []Score, opt NormaliseOptions) (Normalised, error) {
	opt = opt.withDefaults()
	var errs seedbed.Errors
	if len(scores) == 0 {
		errs = append(errs, seedbed.FieldError("scores", seedbed.Label{Zh: "没有评分", En: "there are no scores"}))
	}
	type key struct{ app, rev string }
	seen := map[key]bool{}
	for i, s := range scores {
		field := fmt.Sprintf("scores[%d]", i)
		switch {
		case s.AppID == "" || s.ReviewerID == "":
			errs = append(errs, seedbed.FieldError(field, seedbed.Label{Zh: "缺少申请编号或评审专家编号", En: "the application or reviewer id is missing"}))
		case !finite(s.Total):
			errs = append(errs, seedbed.FieldError(field, seedbed.Label{Zh: "总分不是有效数字", En: "the total is not a number"}))
		case seen[key{s.AppID, s.ReviewerID}]:
			errs = append(errs, seedbed.FieldError(field, seedbed.Label{Zh: "评审专家 %s 对申请 %s 评了两次", En: "reviewer %s scored application %s twice"}, s.ReviewerID, s.AppID))
		}
		seen[key{s.AppID, s.ReviewerID}] = true
	}
	if opt.Method != MethodBayes && opt.Method != MethodZScore {
		errs = append(errs, seedbed.FieldError("method", seedbed.Label{Zh: "未知的标准化方法 %q", En: "unknown normalisation method %q"}, opt.Method))
	}
	if v := opt.Variances; v != nil && !(v.App > 0 && v.Reviewer > 0 && v.Residual > 0 && finite(v.App+v.Reviewer+v.Residual)) {
		errs = append(errs, seedbed.FieldError("variances", seedbed.Label{Zh: "方差分量应为正数", En: "variance components must be positive"}))
	}
	if len(errs) > 0 {
		return Normalised{}, errs
	}
	if opt.Method == MethodBayes {
		return normaliseBayes(scores, opt), nil
	}

	out := Normalised{Method: MethodZScore}
	all := make([]float64, len(scores))
	for i, s := range scores {
		all[i] = s.Total
	}
	out.GlobalMean, out.GlobalSD = meanPopSD(all)

	revAt := map[string]int{}
	var revScores [][]float64
	for _, s := range scores {
		i, ok := revAt[s.ReviewerID]
		if !ok {
			i = len(out.Reviewers)
			revAt[s.ReviewerID] = i
			out.Reviewers = append(out.Reviewers, ReviewerStats{ReviewerID: s.ReviewerID})
			revScores = append(revScores, nil)
		}
		revScores[i] = append(revScores[i], s.Total)
	}
	for i := range out.Reviewers {
		rs := &out.Reviewers[i]
		rs.N = len(revScores[i])
		rs.Mean, rs.SD = meanPopSD(revScores[i])
		switch {
		case rs.N < opt.MinScores:
			rs.Fallback = true
			rs.Note = seedbed.Label{
				Zh: fmt.Sprintf("该专家只评了 %d 份申请（少于 %d 份），无法单独校准，按全体评分的均值和标准差换算", rs.N, opt.MinScores),
				En: fmt.Sprintf("this reviewer scored %d application(s), fewer than %d, and is calibrated against the mean and SD of all scores", rs.N, opt.MinScores)}
		case nearZero(rs.SD, rs.Mean):
			rs.Fallback = true
			rs.Note = seedbed.Label{
				Zh: "该专家给所有申请的分数相同，无法单独校准，按全体评分的均值和标准差换算",
				En: "this reviewer gave every application the same score and is calibrated against the mean and SD of all scores"}
		}
	}

	appAt := map[string]int{}
	for _, s := range scores {
		i, ok := appAt[s.AppID]
		if !ok {
			i = len(out.Apps)
			appAt[s.AppID] = i
			out.Apps = append(out.Apps, AppScore{AppID: s.AppID})
		}
		rs := out.Reviewers[revAt[s.ReviewerID]]
		out.Apps[i].Reviews = append(out.Apps[i].Reviews, Review{
			ReviewerID: s.ReviewerID, Raw: s.Total, Z: out.z(s.Total, rs), Fallback: rs.Fallback})
	}

	// The pooled SD is the within-application spread of normalised scores over every
	// application with two or more reviews; with none, the unit of the z scale.
	var ss float64
	var df int
	for i := range out.Apps {
		a := &out.Apps[i]
		var raw, z []float64
		for _, r := range a.Reviews {
			raw, z = append(raw, r.Raw), append(z, r.Z)
		}
		a.RawMean, _ = meanPopSD(raw)
		a.Score, _ = meanPopSD(z)
		for _, x := range z {
			ss += (x - a.Score) * (x - a.Score)
		}
		df += len(z) - 1
	}
	out.PooledSD = 1
	if df > 0 {
		out.PooledSD = math.Sqrt(ss / float64(df))
	}
	for i := range out.Apps {
		out.finishApp(&out.Apps[i], opt)
		lo, hi := out.Apps[i].Reviews[0].Raw, out.Apps[i].Reviews[0].Raw
		for _, r := range out.Apps[i].Reviews {
			lo, hi = math.Min(lo, r.Raw), math.Max(hi, r.Raw)
		}
		out.Apps[i].RawSpread = hi - lo
	}
	return out, nil
}

// z normalises one raw total of a reviewer, falling back to the global mean and SD.
func (n *Normalised) z(x float64, rs ReviewerStats) float64 {
	if !rs.Fallback {
		return (x - rs.Mean) / rs.SD
	}
	if nearZero(n.GlobalSD, n.GlobalMean) {
		return 0
	}
	return (x - n.GlobalMean) / n.GlobalSD
}

// finishApp computes an application's interval, display score and flags.
func (n *Normalised) finishApp(a *AppScore, opt NormaliseOptions) {
	k := len(a.Reviews)
	lo, hi := a.Reviews[0].Z, a.Reviews[0].Z
	var ss float64
	fallback := false
	for _, r := range a.Reviews {
		lo, hi = math.Min(lo, r.Z), math.Max(hi, r.Z)
		ss += (r.Z - a.Score) * (r.Z - a.Score)
		fallback = fallback || r.Fallback
	}
	a.SD = n.PooledSD
	if k >= 2 && !opt.PooledSE {
		a.SD = math.Sqrt(ss / float64(k-1))
	}
	a.SE = a.SD / math.Sqrt(float64(k))
	a.Lower, a.Upper = a.Score-opt.Z*a.SE, a.Score+opt.Z*a.SE
	a.Display = n.GlobalMean + a.Score*n.GlobalSD
	if k == 1 {
		a.Flags = append(a.Flags, Flag{FlagSingleReview, seedbed.Label{
			Zh: "只有一位评审专家的评分，区间按全体申请的合并标准差估计",
			En: "only one reviewer scored it; the interval uses the pooled SD of all applications"}})
	}
	if hi-lo > opt.DisagreeRange {
		a.Flags = append(a.Flags, Flag{FlagDisagreement, seedbed.Label{
			Zh: fmt.Sprintf("评审意见分歧大：标准化分数最高与最低相差 %.2f，超过 %.2f", hi-lo, opt.DisagreeRange),
			En: fmt.Sprintf("reviewers disagree strongly: normalised scores span %.2f, more than %.2f", hi-lo, opt.DisagreeRange)}})
	}
	if fallback {
		a.Flags = append(a.Flags, Flag{FlagFallback, seedbed.Label{
			Zh: "部分评分按全体评分的均值和标准差换算（该专家评分过少或全部相同）",
			En: "some scores were calibrated against all scores (the reviewer scored too few or all alike)"}})
	}
}

// straddleFlag returns a flag when some reviews lie at or above line and others below it.
func straddleFlag(reviews []float64, line float64, what seedbed.Label) (Flag, bool) {
	above, below := false, false
	for _, z := range reviews {
		if z >= line {
			above = true
		} else {
			below = true
		}
	}
	if !above || !below {
		return Flag{}, false
	}
	return Flag{FlagStraddlesLine, seedbed.Label{
		Zh: fmt.Sprintf("评审专家的标准化分数分布在%s（%.2f）两侧", what.Zh, line),
		En: fmt.Sprintf("reviewers put it on both sides of the %s (%.2f)", what.En, line)}}, true
}

// meanPopSD returns the mean and population standard deviation, in two passes for accuracy.
func meanPopSD(xs []float64) (mean, sd float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss / float64(len(xs)))
}

// nearZero reports whether a standard deviation is zero up to rounding, relative to the mean.
func nearZero(sd, mean float64) bool { return sd <= 1e-9*math.Max(1, math.Abs(mean)) }
