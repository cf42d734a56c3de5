package evaluation

import (
	"math"
	"strconv"
)

// Reading is a figure's plain-language reading: a message of the catalogue (its key and
// arguments, already formatted as people read them) and the section of the methods page that
// says how the figure is computed. Pages show it next to the figure; the functions below decide
// which reading a figure gets and are pure, so that the words follow the numbers exactly.
type Reading struct {
	Key  string `json:"key"`
	Args []any  `json:"args,omitempty"`
	Help string `json:"help,omitempty"` // the anchor of the methods page, "" for none
}

// fixed formats x with d decimals; -0.00 reads 0.00.
func fixed(x float64, d int) string {
	s := strconv.FormatFloat(x, 'f', d, 64)
	if z := strconv.FormatFloat(0, 'f', d, 64); s == "-"+z {
		return z
	}
	return s
}

// ReadScore reads a normalised score (in standard deviations of the program's scores) with its
// interval against the funding line: clearly above it when the whole interval is above, clearly
// below when the whole interval is below, too close to tell apart otherwise. Without a line
// (before selection, or when everyone or no one is funded) it reads the score against the
// program's average, 0.
func ReadScore(score, lower, upper, line float64, hasLine bool) Reading {
	r := Reading{Help: "scores"}
	switch {
	case !hasLine && math.Abs(score) < 0.05:
		r.Key = "read.score.average"
	case !hasLine && score > 0:
		r.Key, r.Args = "read.score.above_average", []any{fixed(score, 2)}
	case !hasLine:
		r.Key, r.Args = "read.score.below_average", []any{fixed(-score, 2)}
	case lower > line:
		r.Key, r.Args = "read.score.above_line", []any{fixed(score-line, 2)}
	case upper < line:
		r.Key, r.Args = "read.score.below_line", []any{fixed(line-score, 2)}
	case score >= line:
		r.Key, r.Args = "read.score.near_line_above", []any{fixed(score-line, 2)}
	default:
		r.Key, r.Args = "read.score.near_line_below", []any{fixed(line-score, 2)}
	}
	return r
}

// ReadThreshold reads a threshold program's funding line.
func ReadThreshold(threshold float64) Reading {
	return Reading{Key: "read.score.threshold", Args: []any{fixed(threshold, 2)}, Help: "scores"}
}

// ReadLeniency reads a reviewer's mean raw score against the mean of all raw scores: within
// 2 points reads "in line", else more lenient or stricter by the difference in points.
func ReadLeniency(mean, overall float64) Reading {
	d := mean - overall
	switch {
	case math.Abs(d) < 2:
		return Reading{Key: "read.leniency.in_line", Help: "scores"}
	case d > 0:
		return Reading{Key: "read.leniency.lenient", Args: []any{fixed(d, 1)}, Help: "scores"}
	}
	return Reading{Key: "read.leniency.strict", Args: []any{fixed(-d, 1)}, Help: "scores"}
}

// ReadMomentum reads a momentum score out of 100, where 50 is flat: within 5 points of 50 flat,
// above growing, below declining, by the distance from 50.
func ReadMomentum(score float64) Reading {
	d := score - 50
	switch {
	case math.Abs(d) < 5:
		return Reading{Key: "read.momentum.flat", Help: "momentum"}
	case d > 0:
		return Reading{Key: "read.momentum.up", Args: []any{fixed(d, 0)}, Help: "momentum"}
	}
	return Reading{Key: "read.momentum.down", Args: []any{fixed(-d, 0)}, Help: "momentum"}
}

// ReadDiD reads a difference-in-differences of log quarterly slopes as a percentage difference
// in quarterly growth against comparable non-awardees: exp(did)−1, rounded to a tenth of a
// percent. A difference under half a percent reads "about the same"; one whose z = did/se is
// within ±1.645 (one-sided 5%) is said to be within the noise.
func ReadDiD(did, se float64) Reading {
	p := 100 * (math.Exp(did) - 1)
	noise := se > 0 && math.Abs(did/se) < 1.645
	r := Reading{Help: "complacency"}
	switch {
	case math.Abs(p) < 0.5:
		r.Key = "read.did.same"
		return r
	case p < 0:
		r.Key, r.Args = "read.did.lower", []any{fixed(-p, 1)}
	default:
		r.Key, r.Args = "read.did.higher", []any{fixed(p, 1)}
	}
	if noise {
		r.Key += "_noise"
	}
	return r
}

// ReadGrowth reads an annual growth rate (0.12 for +12% a year) of a momentum indicator.
func ReadGrowth(g float64) Reading {
	p := 100 * g
	switch {
	case math.Abs(p) < 0.5:
		return Reading{Key: "read.growth.flat"}
	case p > 0:
		return Reading{Key: "read.growth.up", Args: []any{fixed(p, 0)}}
	}
	return Reading{Key: "read.growth.down", Args: []any{fixed(-p, 0)}}
}

// ReadConcentration reads a Gini coefficient of value or money across awards, with the share
// held by the top fraction top of them (0.1 for a tenth) (topShare ≤ 0 when unknown): at 0.6 and above
// concentrated, from 0.3 moderately concentrated, below that evenly spread.
func ReadConcentration(gini, topShare, top float64) Reading {
	r := Reading{Help: "concentration"}
	level := "even"
	switch {
	case gini >= 0.6:
		level = "high"
	case gini >= 0.3:
		level = "mid"
	}
	if topShare > 0 {
		r.Key, r.Args = "read.gini."+level+"_top", []any{strconv.FormatFloat(100*top, 'f', -1, 64), fixed(100*topShare, 0)}
	} else {
		r.Key = "read.gini." + level
	}
	return r
}

// ReadShares reads the shares of a program's awards (by count and by money) going to small and
// medium-sized firms and to grassroots teams and individuals.
func ReadShares(awards int, smeAwards, smeMoney, grassAwards, grassMoney float64) Reading {
	if awards == 0 {
		return Reading{Key: "read.shares.none"}
	}
	return Reading{Key: "read.shares", Args: []any{awards, fixed(100*smeAwards, 0), fixed(100*grassAwards, 0),
		fixed(100*smeMoney, 0), fixed(100*grassMoney, 0)}, Help: "ecosystem"}
}

// ReadFit reads how close a model's prediction is to what the region shows: the ratio predicted
// ÷ observed, as "the model predicts 1.3 times what the region shows" (or "a third of"), with the
// verdict's words (close within a factor 1.5, rough within 3, poor beyond).
func ReadFit(ratio float64, hasData bool, verdict string) Reading {
	r := Reading{Help: "lab"}
	switch {
	case !hasData:
		r.Key = "read.fit.no_data"
	case ratio == 0:
		r.Key = "read.fit.none_observed"
	case ratio >= 1:
		r.Key, r.Args = "read.fit.more_"+verdict, []any{fixed(ratio, 1)}
	default:
		r.Key, r.Args = "read.fit.less_"+verdict, []any{fixed(100*ratio, 0)}
	}
	return r
}

// ReadLabStrategy reads a strategy's result in the lab: the mean landmarks over the runs with
// their range, how many more (or fewer) than with no support, and what each cost in 万元
// (cost ≤ 0 or undefined when there was none).
func ReadLabStrategy(landmarks, lo, hi, vsBaseline, costWan float64, costDefined bool) Reading {
	args := []any{fixed(landmarks, 1), fixed(lo, 1), fixed(hi, 1)}
	key := "read.lab"
	switch {
	case vsBaseline >= 0.05:
		key += ".more"
		args = append(args, fixed(vsBaseline, 1))
	case vsBaseline <= -0.05:
		key += ".fewer"
		args = append(args, fixed(-vsBaseline, 1))
	default:
		key += ".same"
	}
	if costDefined && costWan > 0 {
		key += "_cost"
		args = append(args, fixed(costWan, 0))
	}
	return Reading{Key: key, Args: args, Help: "lab"}
}
