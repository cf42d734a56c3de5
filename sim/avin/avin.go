// Package avin re-implements the funding model of Avin (2019), "Centralised funding and epistemic
// exploration", following the author's published code (FundingSimulator, landscape_simulator.py)
// as summarised in docs/model.md: funded agents work on an N × N landscape of significance, and
// when a project ends the funder chooses whom to fund next by a mechanism — peer review of the
// visible part of the landscape, a lottery, a mix (triage), or a god's-eye best. It is pure
// computation, deterministic for a given seed on any machine.
package avin

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"

	"seedbed/sim/internal/detmath"
)

// Mechanisms: how the funder chooses among applicants.
const (
	Best        = "best"         // highest true significance (an upper reference)
	BestVisible = "best_visible" // peer review: highest significance among visible applicants
	Lotto       = "lotto"        // uniformly at random
	Triage      = "triage"       // half by lot among non-visible applicants, the rest by peer review
)

// Params are one model run's parameters; zero counts take Avin's defaults for the size.
type Params struct {
	Size         int      `json:"size"`          // side N of the grid
	Peaks        int      `json:"peaks"`         // hills; 0 means N²/100
	MaxHeight    float64  `json:"max_height"`    // highest peak after rescaling
	Agents       int      `json:"agents"`        // funded agents; 0 means N²/200
	AvgCountdown int      `json:"avg_countdown"` // mean project length
	Vision       int      `json:"vision"`        // radius of the disc a funded agent reveals
	Cutoff       float64  `json:"cutoff"`        // share of the maximum above which novelty effects apply
	Dynamic      bool     `json:"dynamic"`       // reduced novelty and new avenues (winner takes all always)
	Steps        int      `json:"steps"`
	Runs         int      `json:"runs"`
	Seed         uint64   `json:"seed"`
	Mechanisms   []string `json:"mechanisms"`
}

// DefaultParams are the defaults of Avin's code (plot.py), with 20 runs.
func DefaultParams() Params {
	return Params{Size: 50, MaxHeight: 99, AvgCountdown: 5, Vision: 1, Cutoff: 0.7, Dynamic: true,
		Steps: 50, Runs: 20, Seed: 2019, Mechanisms: []string{Best, BestVisible, Lotto, Triage}}
}

func (p Params) withDefaults() Params {
	if p.Peaks == 0 {
		p.Peaks = max(1, p.Size*p.Size/100)
	}
	if p.Agents == 0 {
		p.Agents = max(1, p.Size*p.Size/200)
	}
	return p
}

// FieldError is a parameter out of range: its key and the reason.
type FieldError struct{ Key, Reason string }

func (e *FieldError) Error() string { return e.Key + ": " + e.Reason }

// Validate refuses parameters out of range, naming the key.
func (p Params) Validate() error {
	p = p.withDefaults()
	switch {
	case p.Size < 4 || p.Size > 400:
		return &FieldError{"size", "must be between 4 and 400"}
	case p.Peaks < 1 || p.Peaks > 10000:
		return &FieldError{"peaks", "must be between 1 and 10000"}
	case !(p.MaxHeight > 0 && p.MaxHeight <= 1e6):
		return &FieldError{"max_height", "must be in (0, 1e6]"}
	case p.Agents < 1 || p.Agents > p.Size*p.Size:
		return &FieldError{"agents", "must be between 1 and size²"}
	case p.AvgCountdown < 1 || p.AvgCountdown > 100:
		return &FieldError{"avg_countdown", "must be between 1 and 100"}
	case p.Vision < 0 || p.Vision > p.Size:
		return &FieldError{"vision", "must be between 0 and size"}
	case !(p.Cutoff >= 0 && p.Cutoff <= 1):
		return &FieldError{"cutoff", "must be between 0 and 1"}
	case p.Steps < 1 || p.Steps > 10000:
		return &FieldError{"steps", "must be between 1 and 10000"}
	case p.Runs < 1 || p.Runs > 1000:
		return &FieldError{"runs", "must be between 1 and 1000"}
	case len(p.Mechanisms) == 0:
		return &FieldError{"mechanisms", "needs at least one mechanism"}
	}
	for i, m := range p.Mechanisms {
		switch m {
		case Best, BestVisible, Lotto, Triage:
		default:
			return &FieldError{fmt.Sprintf("mechanisms[%d]", i), "must be best, best_visible, lotto or triage"}
		}
	}
	return nil
}

// MechanismResult is one mechanism's accumulated significance over runs.
type MechanismResult struct {
	Mechanism string    `json:"mechanism"`
	Mean      float64   `json:"mean"`
	SD        float64   `json:"sd"`
	Runs      []float64 `json:"runs"`
}

// Result is a study's outcome, one entry per mechanism in the order asked.
type Result struct {
	Params     Params            `json:"params"`
	Mechanisms []MechanismResult `json:"mechanisms"`
}

// Run runs every mechanism for p.Runs runs. Run r of every mechanism starts from the same
// landscape and agents (seeded by Seed and r), so mechanisms are compared on common random
// numbers; the result does not depend on the number of goroutines.
func Run(ctx context.Context, p Params) (*Result, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	p = p.withDefaults()
	out := make([][]float64, len(p.Mechanisms))
	for m := range out {
		out[m] = make([]float64, p.Runs)
	}
	next := make(chan int, p.Runs)
	for r := range p.Runs {
		next <- r
	}
	close(next)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), p.Runs) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range next {
				if ctx.Err() != nil {
					return
				}
				seed := p.Seed + uint64(r)*0x9e3779b97f4a7c15
				land := newLandscape(p, seed)
				for m, mech := range p.Mechanisms {
					out[m][r] = simulate(p, mech, land, seed)
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res := &Result{Params: p}
	for m, mech := range p.Mechanisms {
		mr := MechanismResult{Mechanism: mech, Runs: out[m]}
		for _, v := range out[m] {
			mr.Mean += v
		}
		mr.Mean /= float64(p.Runs)
		for _, v := range out[m] {
			d := v - mr.Mean
			mr.SD += float64(d * d)
		}
		if p.Runs > 1 {
			mr.SD = math.Sqrt(mr.SD / float64(p.Runs-1))
		}
		res.Mechanisms = append(res.Mechanisms, mr)
	}
	return res, nil
}

// agent is a funded project: where it works and how long it has left.
type agent struct{ x, y, countdown int }

type world struct {
	p       Params
	n       int
	land    []float64
	visible []bool
	rnd     *rand.Rand // landscape and agents: shared by every mechanism of a run
	dyn     *rand.Rand // the mechanism's own choices
}

// gaussian adds h·exp(−d²/(2σ²)) around (cx, cy), clipped to the grid (no wrapping), within 4σ.
func (w *world) gaussian(cx, cy int, h, sigma float64) {
	r := int(math.Ceil(4 * sigma))
	inv := 1 / float64(2*sigma*sigma)
	for y := max(0, cy-r); y <= min(w.n-1, cy+r); y++ {
		for x := max(0, cx-r); x <= min(w.n-1, cx+r); x++ {
			dx, dy := float64(x-cx), float64(y-cy)
			w.land[y*w.n+x] += h * detmath.Exp(-float64(float64(dx*dx)+float64(dy*dy))*inv)
		}
	}
}

// clip keeps the landscape in [0, max_height].
func (w *world) clip() {
	for i, v := range w.land {
		w.land[i] = min(max(v, 0), w.p.MaxHeight)
	}
}

func (w *world) maxValue() float64 {
	m := 0.0
	for _, v := range w.land {
		m = max(m, v)
	}
	return m
}

// reveal makes the disc of radius vision+0.5 around (cx, cy) visible.
func (w *world) reveal(cx, cy int) {
	v := w.p.Vision
	r2 := (float64(v) + 0.5) * (float64(v) + 0.5)
	for y := max(0, cy-v); y <= min(w.n-1, cy+v); y++ {
		for x := max(0, cx-v); x <= min(w.n-1, cx+v); x++ {
			dx, dy := float64(x-cx), float64(y-cy)
			if float64(dx*dx)+float64(dy*dy) <= r2 {
				w.visible[y*w.n+x] = true
			}
		}
	}
}

func (w *world) countdown(r *rand.Rand) int {
	avg := w.p.AvgCountdown
	lo, hi := max(1, avg/2), max(1, avg+avg/2)
	return lo + r.IntN(hi-lo+1)
}

// newLandscape draws run seed's landscape: Peaks Gaussian hills of random centre, integer width
// in [1, N−1) and height in [0, 1), clipped to [0, max_height] and rescaled so that the highest
// cell is max_height.
func newLandscape(p Params, seed uint64) []float64 {
	n := p.Size
	w := &world{p: p, n: n, land: make([]float64, n*n), rnd: rand.New(rand.NewPCG(seed, 0x4c41_4e44))}
	for range p.Peaks {
		cx, cy := w.rnd.IntN(n), w.rnd.IntN(n)
		width := 1 + w.rnd.IntN(max(1, n-2))
		h := w.rnd.Float64()
		w.gaussian(cx, cy, h, float64(width))
	}
	w.clip()
	if m := w.maxValue(); m > 0 {
		scale := p.MaxHeight / m
		for i := range w.land {
			w.land[i] = float64(w.land[i] * scale)
		}
	}
	return w.land
}

// simulate runs one mechanism once on a copy of land and returns the accumulated significance.
// Every mechanism of a run starts from the same landscape and the same initial agents.
func simulate(p Params, mech string, land []float64, seed uint64) float64 {
	n := p.Size
	w := &world{p: p, n: n, land: append([]float64(nil), land...), visible: make([]bool, n*n),
		rnd: rand.New(rand.NewPCG(seed, 0x4156_494e)), dyn: rand.New(rand.NewPCG(seed, 0x4d45_4348))}
	agents := make([]agent, p.Agents)
	for i := range agents {
		agents[i] = agent{w.rnd.IntN(n), w.rnd.IntN(n), w.countdown(w.rnd)}
		w.reveal(agents[i].x, agents[i].y)
	}
	total := 0.0
	var finished []int
	var pool []cand
	for range p.Steps {
		finished = finished[:0]
		for i := range agents {
			a := &agents[i]
			a.countdown--
			if a.countdown > 0 {
				continue
			}
			at := a.y*n + a.x
			h := w.land[at]
			total += h
			w.dynamics(a.x, a.y, h)
			// hill-climb one step to the highest cell of the 3×3 neighbourhood
			bx, by, bv := a.x, a.y, w.land[at]
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					x, y := a.x+dx, a.y+dy
					if x >= 0 && y >= 0 && x < n && y < n && w.land[y*n+x] > bv {
						bx, by, bv = x, y, w.land[y*n+x]
					}
				}
			}
			a.x, a.y = bx, by
			finished = append(finished, i)
		}
		if len(finished) == 0 {
			continue
		}
		// Applicants: the finished agents plus newcomers, so the pool has as many as all agents.
		pool = pool[:0]
		for _, i := range finished {
			pool = append(pool, cand{agents[i].x, agents[i].y, i})
		}
		for len(pool) < p.Agents {
			pool = append(pool, cand{w.rnd.IntN(n), w.rnd.IntN(n), -1})
		}
		k := len(finished)
		chosen := w.choose(mech, pool, k)
		for j, c := range chosen {
			i := finished[j]
			agents[i] = agent{c.x, c.y, w.countdown(w.dyn)}
			w.reveal(c.x, c.y)
		}
	}
	return total
}

// dynamics applies winner-takes-all always and, when on and the cell is above the cutoff share of
// the maximum, reduced novelty and a new avenue.
func (w *world) dynamics(x, y int, h float64) {
	n := float64(w.n)
	w.gaussian(x, y, -h, 0.01*n)
	if w.p.Dynamic {
		if m := w.maxValue(); m > 0 && h/m > w.p.Cutoff {
			w.gaussian(x, y, -0.5*h, 0.05*n)
			w.gaussian(w.dyn.IntN(w.n), w.dyn.IntN(w.n), w.dyn.Float64()*m, 0.06*n)
		}
	}
	w.clip()
}

// cand is an applicant: where it would work, and which finished agent it is (−1 for a newcomer).
type cand struct {
	x, y int
	old  int
}

// choose moves the k applicants the mechanism funds to the front of pool and returns them.
// best_visible ranks visible applicants by significance; when fewer than k are visible, the rest
// are drawn by lot from the others (the reviewers cannot judge them). triage draws ⌊k/2⌋ by lot
// from the non-visible applicants and the rest by best_visible.
func (w *world) choose(mech string, pool []cand, k int) []cand {
	val := func(c cand) float64 { return w.land[c.y*w.n+c.x] }
	vis := func(c cand) bool { return w.visible[c.y*w.n+c.x] }
	switch mech {
	case Best:
		w.topBy(pool, k, func(c cand) bool { return true }, val)
	case Lotto:
		w.lot(pool, k)
	case BestVisible:
		w.bestVisible(pool, k, val, vis)
	case Triage:
		// non-visible first, then lot among them
		n := 0
		for j := range pool {
			if !vis(pool[j]) {
				pool[n], pool[j] = pool[j], pool[n]
				n++
			}
		}
		m := min(k/2, n)
		w.lot(pool[:n], m)
		w.bestVisible(pool[m:], k-m, val, vis)
	}
	return pool[:k]
}

// lot moves a uniformly random k-subset of list to its front (partial Fisher–Yates).
func (w *world) lot(list []cand, k int) {
	for j := 0; j < k; j++ {
		o := j + w.dyn.IntN(len(list)-j)
		list[j], list[o] = list[o], list[j]
	}
}

// topBy moves the k applicants with ok(c) and the highest val to the front (selection sort; ties
// keep pool order), and returns how many it moved.
func (w *world) topBy(list []cand, k int, ok func(cand) bool, val func(cand) float64) int {
	moved := 0
	for j := 0; j < k; j++ {
		best := -1
		for i := j; i < len(list); i++ {
			if ok(list[i]) && (best < 0 || val(list[i]) > val(list[best])) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		list[j], list[best] = list[best], list[j]
		moved++
	}
	return moved
}

func (w *world) bestVisible(list []cand, k int, val func(cand) float64, vis func(cand) bool) {
	m := w.topBy(list, k, vis, val)
	w.lot(list[m:], k-m)
}
