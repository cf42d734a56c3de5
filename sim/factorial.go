package sim

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strconv"
)

// A factorial design treats a funding strategy as a combination of factors, every one under the
// same budget, so that the effect of how winners are picked can be told apart from the effect of
// how big the grants are, how they are paced and how failure is treated. The named strategies
// (pick_by_size, broad_small_grants, …) each fix several factors at once; a design varies them
// one at a time and in pairs.

// Selection levels: how a round's grantees are chosen among the active ventures.
const (
	SelectBySize     = "size"        // the largest, best-resourced applicants first
	SelectByForecast = "forecast"    // the highest noisy, biased reviewer forecast first
	SelectLottery    = "lottery"     // uniformly at random
	SelectLotteryBar = "lottery_bar" // at random among those whose forecast clears the bar
)

// Pacing levels: how a grant is paid.
const (
	PaceOnce   = "once"   // in full, every round, to newly selected teams
	PaceStaged = "staged" // in funding.stages tranches, each only if the last milestone was met
)

// Cell is one combination of factor levels: one strategy of a design.
type Cell struct {
	Selection string  `json:"selection"`
	GrantSize float64 `json:"grant_size"`
	Pacing    string  `json:"pacing"`
	Retry     bool    `json:"retry"` // a team that has failed (and restarted) may be funded again
}

// Design is a full factorial design: every combination of the listed levels is run as one
// strategy on the same replications (common random numbers), then main effects and two-way
// interactions are estimated on Metric.
type Design struct {
	Base      Config    `json:"base" yaml:"base"`
	Selection []string  `json:"selection" yaml:"selection"`
	GrantSize []float64 `json:"grant_size" yaml:"grant_size"`
	Pacing    []string  `json:"pacing" yaml:"pacing"`
	Retry     []bool    `json:"retry" yaml:"retry"`
	// Bar is the forecast (in standard deviations) that lottery_bar applicants must reach.
	Bar float64 `json:"bar" yaml:"bar"`
	// MaxCells refuses designs with more cells than this.
	MaxCells int    `json:"max_cells" yaml:"max_cells"`
	Metric   string `json:"metric" yaml:"metric"`
}

// DefaultDesign is a 4 × 2 × 2 × 2 design over the reference configuration.
func DefaultDesign() Design {
	base := DefaultConfig()
	base.Strategies = []string{NoSupport}
	return Design{Base: base, Selection: []string{SelectBySize, SelectByForecast, SelectLottery, SelectLotteryBar},
		GrantSize: []float64{4, 40}, Pacing: []string{PaceOnce, PaceStaged}, Retry: []bool{true, false},
		Bar: 0, MaxCells: 64, Metric: "landmarks"}
}

// MaxDesignCells is the most cells any design may ask for, whatever its max_cells says.
const MaxDesignCells = 256

// factorNames are the factors in the order of Cells and of the result's effects.
var factorNames = []string{"selection", "grant_size", "pacing", "retry"}

// Validate refuses levels outside their ranges and designs over the cell limit, naming the key.
func (d Design) Validate() error {
	base := d.Base
	base.Strategies = []string{NoSupport}
	if err := base.Validate(); err != nil {
		return prefixKeys(err, "base.")
	}
	var l limits
	l.intIn("max_cells", d.MaxCells, 1, MaxDesignCells)
	for i, s := range d.Selection {
		switch s {
		case SelectBySize, SelectByForecast, SelectLottery, SelectLotteryBar:
		default:
			l.add("selection["+strconv.Itoa(i)+"]", "应为 size、forecast、lottery 或 lottery_bar", "must be size, forecast, lottery or lottery_bar")
		}
	}
	round := d.Base.Funding.Budget / float64(max(1, (d.Base.Quarters+d.Base.Funding.RoundQuarters-1)/max(1, d.Base.Funding.RoundQuarters)))
	for i, g := range d.GrantSize {
		if !(g >= 0.1 && g <= round) {
			l.add("grant_size["+strconv.Itoa(i)+"]", fmt.Sprintf("应在 0.1 到每轮预算 %g 之间", round), fmt.Sprintf("must be between 0.1 and the budget of one round, %g", round))
		}
	}
	for i, p := range d.Pacing {
		if p != PaceOnce && p != PaceStaged {
			l.add("pacing["+strconv.Itoa(i)+"]", "应为 once 或 staged", "must be once or staged")
		}
	}
	if !(d.Bar >= -5 && d.Bar <= 5) {
		l.add("bar", "应在 −5 到 5 之间", "must be between -5 and 5")
	}
	if _, ok := metricOf(d.Metric); !ok {
		l.add("metric", "应为 landmarks、total_value、path_diversity、spend 或 survivors", "must be landmarks, total_value, path_diversity, spend or survivors")
	}
	for _, f := range []struct {
		key string
		n   int
	}{{"selection", len(d.Selection)}, {"grant_size", len(d.GrantSize)}, {"pacing", len(d.Pacing)}, {"retry", len(d.Retry)}} {
		if f.n == 0 {
			l.add(f.key, "至少需要一个水平", "needs at least one level")
		}
	}
	if len(l.errs) == 0 {
		if n := len(d.Selection) * len(d.GrantSize) * len(d.Pacing) * len(d.Retry); n > d.MaxCells {
			l.add("max_cells", fmt.Sprintf("设计有 %d 个组合，超过上限 %d", n, d.MaxCells), fmt.Sprintf("the design has %d cells, over the limit of %d", n, d.MaxCells))
		}
	}
	return errors.Join(l.errs...)
}

func prefixKeys(err error, prefix string) error {
	var out []error
	for _, fe := range FieldErrors(err) {
		c := *fe
		c.Key = prefix + c.Key
		out = append(out, &c)
	}
	if len(out) == 0 {
		return err
	}
	return errors.Join(out...)
}

// metricOf returns the per-replication value of a design's metric.
func metricOf(id string) (func(*stratOut) float64, bool) {
	switch id {
	case "landmarks":
		return func(o *stratOut) float64 { return float64(o.landmarks) }, true
	case "total_value":
		return func(o *stratOut) float64 { return o.value }, true
	case "path_diversity":
		return func(o *stratOut) float64 { return float64(o.diversity) }, true
	case "spend":
		return func(o *stratOut) float64 { return o.spend }, true
	case "survivors":
		return func(o *stratOut) float64 { return float64(o.alive) }, true
	}
	return nil, false
}

// Cells lists the design's cells, the last factor (retry) varying fastest.
func (d Design) Cells() []Cell {
	var out []Cell
	for _, s := range d.Selection {
		for _, g := range d.GrantSize {
			for _, p := range d.Pacing {
				for _, r := range d.Retry {
					out = append(out, Cell{s, g, p, r})
				}
			}
		}
	}
	return out
}

// level returns the name of cell c's level of factor f.
func (c Cell) level(f int) string {
	switch f {
	case 0:
		return c.Selection
	case 1:
		return strconv.FormatFloat(c.GrantSize, 'g', -1, 64)
	case 2:
		return c.Pacing
	}
	return strconv.FormatBool(c.Retry)
}

// ID names the cell, e.g. "lottery/40/staged/retry".
func (c Cell) ID() string {
	r := "no_retry"
	if c.Retry {
		r = "retry"
	}
	return c.Selection + "/" + c.level(1) + "/" + c.Pacing + "/" + r
}

// FactorialResult is a design's outcome: each cell's estimate, each factor level's main effect
// and each pair of levels' two-way interaction, all with 95% intervals over replications.
type FactorialResult struct {
	ModelVersion string        `json:"model_version"`
	Design       Design        `json:"design"`
	Cells        []CellResult  `json:"cells"`
	GrandMean    Estimate      `json:"grand_mean"`
	MainEffects  []Effect      `json:"main_effects"`
	Interactions []Interaction `json:"interactions"`
}

// CellResult is one cell's mean metric.
type CellResult struct {
	Cell     Cell     `json:"cell"`
	ID       string   `json:"id"`
	Estimate Estimate `json:"estimate"`
}

// Effect is a main effect in effect coding: the mean of the cells at one level of a factor minus
// the grand mean. Estimated replication by replication (all cells share each replication's
// landscapes and population), so its interval reflects the paired design.
type Effect struct {
	Factor   string   `json:"factor"`
	Level    string   `json:"level"`
	Estimate Estimate `json:"estimate"`
}

// Interaction is a two-way interaction term: ȳ(a,b) − ȳ(a) − ȳ(b) + ȳ, averaged over the other
// factors.
type Interaction struct {
	Factors  [2]string `json:"factors"`
	Levels   [2]string `json:"levels"`
	Estimate Estimate  `json:"estimate"`
}

// RunFactorial runs every cell of d on d.Base.Replications replications and estimates the effects.
// The result depends only on d and ModelVersion, not on the number of workers.
func RunFactorial(ctx context.Context, d Design) (*FactorialResult, error) {
	return runFactorial(ctx, d, runtime.GOMAXPROCS(0))
}

func runFactorial(ctx context.Context, d Design, workers int) (*FactorialResult, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	d.Base.Strategies = []string{NoSupport}
	cells := d.Cells()
	m := newModel(d.Base)
	m.bar = d.Bar
	m.strategies = make([]strategy, len(cells))
	for i := range cells {
		id := cells[i].ID()
		m.strategies[i] = strategy{id: id, num: 1000 + uint64(i), label: Label{id, id}, cell: &cells[i]}
	}
	metric, _ := metricOf(d.Metric)

	// Levels of each factor, and each cell's level index per factor.
	levels := make([][]string, len(factorNames))
	idx := make([][]int, len(cells))
	for c, cell := range cells {
		idx[c] = make([]int, len(factorNames))
		for f := range factorNames {
			name := cell.level(f)
			k := indexOf(levels[f], name)
			if k < 0 {
				levels[f] = append(levels[f], name)
				k = len(levels[f]) - 1
			}
			idx[c][f] = k
		}
	}
	cellM := make([]moments, len(cells))
	var grand moments
	mainM := make([][]moments, len(factorNames))
	for f := range mainM {
		mainM[f] = make([]moments, len(levels[f]))
	}
	type pair struct{ f, g int }
	var pairs []pair
	for f := range factorNames {
		for g := f + 1; g < len(factorNames); g++ {
			pairs = append(pairs, pair{f, g})
		}
	}
	interM := make([][]moments, len(pairs))
	for p, pr := range pairs {
		interM[p] = make([]moments, len(levels[pr.f])*len(levels[pr.g]))
	}
	y := make([]float64, len(cells))
	perRep := func(rep int, outs []stratOut) {
		var all float64
		for c := range cells {
			y[c] = metric(&outs[c])
			cellM[c].add(y[c])
			all += y[c]
		}
		all /= float64(len(cells))
		grand.add(all)
		lvMean := make([][]float64, len(factorNames))
		for f := range factorNames {
			sum, n := make([]float64, len(levels[f])), make([]float64, len(levels[f]))
			for c := range cells {
				sum[idx[c][f]] += y[c]
				n[idx[c][f]]++
			}
			lvMean[f] = sum
			for k := range sum {
				sum[k] /= n[k]
				mainM[f][k].add(sum[k] - all)
			}
		}
		for p, pr := range pairs {
			nb := len(levels[pr.g])
			sum, n := make([]float64, len(interM[p])), make([]float64, len(interM[p]))
			for c := range cells {
				k := idx[c][pr.f]*nb + idx[c][pr.g]
				sum[k] += y[c]
				n[k]++
			}
			for k := range sum {
				a, b := k/nb, k%nb
				interM[p][k].add(sum[k]/n[k] - lvMean[pr.f][a] - lvMean[pr.g][b] + all)
			}
		}
	}
	if _, err := runModel(ctx, m, workers, perRep); err != nil {
		return nil, err
	}
	res := &FactorialResult{ModelVersion: ModelVersion, Design: d, GrandMean: grand.estimate()}
	for c, cell := range cells {
		res.Cells = append(res.Cells, CellResult{Cell: cell, ID: cell.ID(), Estimate: cellM[c].estimate()})
	}
	for f, name := range factorNames {
		for k, lv := range levels[f] {
			res.MainEffects = append(res.MainEffects, Effect{Factor: name, Level: lv, Estimate: mainM[f][k].estimate()})
		}
	}
	for p, pr := range pairs {
		nb := len(levels[pr.g])
		if len(levels[pr.f]) < 2 || nb < 2 {
			continue // a factor held at one level has no interaction
		}
		for k := range interM[p] {
			res.Interactions = append(res.Interactions, Interaction{Factors: [2]string{factorNames[pr.f], factorNames[pr.g]},
				Levels: [2]string{levels[pr.f][k/nb], levels[pr.g][k%nb]}, Estimate: interM[p][k].estimate()})
		}
	}
	return res, nil
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// fundCell runs one funding round of a design's cell.
func (w *world) fundCell(c *Cell, app []int32, money float64, r *rng, out *stratOut) float64 {
	if !c.Retry {
		n := 0
		for _, i := range app {
			if !w.a[i].failed {
				app[n] = i
				n++
			}
		}
		app = app[:n]
	}
	if c.Pacing == PaceStaged {
		return w.fundCellStaged(c, app, money, r, out)
	}
	k := min(grantsFor(money, c.GrantSize), len(app))
	chosen := w.choose(c, app, k, r)
	return w.grantAll(chosen, c.GrantSize, money, out)
}

// choose moves up to k applicants chosen by the cell's selection rule to the front of app and
// returns them.
func (w *world) choose(c *Cell, app []int32, k int, r *rng) []int32 {
	switch c.Selection {
	case SelectBySize:
		w.scoreBySize(app, r)
		topK(app, w.score, k, w.keys)
	case SelectByForecast:
		w.scoreByForecast(app, r)
		topK(app, w.score, k, w.keys)
	case SelectLottery:
		sample(app, k, r)
	case SelectLotteryBar:
		w.scoreByForecast(app, r)
		n := 0
		for j, i := range app {
			if w.score[i] >= w.m.bar {
				app[n], app[j] = app[j], app[n]
				n++
			}
		}
		k = min(k, n)
		sample(app[:n], k, r)
	}
	return app[:k]
}

// fundCellStaged pays next tranches to the cell's grantees who met their milestone, cuts off the
// rest, and spends what is left on first tranches for teams never funded, chosen by the cell's
// selection rule.
func (w *world) fundCellStaged(c *Cell, app []int32, money float64, r *rng, out *stratOut) float64 {
	stages := uint8(w.m.cfg.Funding.Stages)
	tranche := c.GrantSize / float64(stages)
	n := 0
	for _, i := range app {
		s := w.stage[i]
		switch {
		case s == 0:
			app[n] = i
			n++
		case s < stages:
			if w.a[i].found || w.a[i].fit-w.ref[i] >= w.m.milestone {
				if money+1e-9 >= tranche {
					w.payTranche(int(i), tranche, out)
					money -= tranche
				}
			} else {
				w.stage[i] = stageDropped
			}
		}
	}
	k := min(grantsFor(money, tranche), n)
	for _, i := range w.choose(c, app[:n], k, r) {
		w.payTranche(int(i), tranche, out)
		money -= tranche
	}
	return money
}
