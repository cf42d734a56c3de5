package evaluation

import (
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"seedbed"
)

// Profile is what the evaluation needs to know about an innovator besides its series.
type Profile struct {
	Field     string  `json:"field"`
	SizeClass string  `json:"size_class"`
	Award     Quarter `json:"award"` // first quarter of seedbed funding; zero if never funded
	AsOf      Quarter `json:"as_of"` // quarter momentum is measured at; zero means the panel's last
}

// Population is a panel of series with one profile per panel row.
type Population struct {
	Panel    *Panel
	Profiles []Profile
}

// Params holds the settings of every population-wide computation.
type Params struct {
	Momentum    MomentumParams
	Complacency ComplacencyParams
}

// DefaultParams returns the defaults documented in docs/methods.md.
func DefaultParams() Params {
	return Params{Momentum: DefaultMomentumParams(), Complacency: DefaultComplacencyParams()}
}

// Results are the population-wide results, one entry per panel row, in panel order.
type Results struct {
	Momentum    []MomentumResult
	Complacency []ComplacencyResult // Status NotAwarded for innovators never funded
}

func (pop Population) validate() error {
	if pop.Panel == nil || len(pop.Profiles) != pop.Panel.Len() {
		return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "每个主体需要一个档案", En: "the population needs one profile per panel row"})
	}
	for i, pr := range pop.Profiles {
		if (pr.Award != 0 && !pr.Award.Valid()) || (pr.AsOf != 0 && !pr.AsOf.Valid()) {
			return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "主体 %d 的资助或参照季度无效", En: "innovator %d: invalid award or reference quarter"}, pop.Panel.IDs[i])
		}
	}
	return nil
}

// Evaluate computes, for a whole population at once, every innovator's momentum (with its
// percentile within its field) and every awardee's complacency assessment against matched
// unfunded innovators. The work is spread over GOMAXPROCS goroutines; the results do not
// depend on how it was spread.
//
// A comparison innovator for an award in quarter A is one of the same field and size class
// (or, when fewer than MinControls qualify, the same field) that had no seedbed funding up to
// the end of the awardee's post-award window, and has enough data in both windows.
func Evaluate(pop Population, params Params) (*Results, error) {
	if err := params.Momentum.validate(); err != nil {
		return nil, err
	}
	if err := params.Complacency.validate(); err != nil {
		return nil, err
	}
	if err := pop.validate(); err != nil {
		return nil, err
	}
	p, cp := pop.Panel, params.Complacency
	n := p.Len()

	// The distinct award quarters: every possible control is summarised once per quarter.
	awardIndex := map[Quarter]int{}
	var awards []Quarter
	for _, pr := range pop.Profiles {
		if pr.Award != 0 {
			if _, ok := awardIndex[pr.Award]; !ok {
				awardIndex[pr.Award] = -1
				awards = append(awards, pr.Award)
			}
		}
	}
	sort.Slice(awards, func(a, b int) bool { return awards[a] < awards[b] })
	postEnd := make([]Quarter, len(awards))
	for a, q := range awards {
		awardIndex[q] = a
		postEnd[a] = min(q.Add(cp.PostWindow-1), p.Last())
	}
	eligible := func(j, a int) bool {
		aw := pop.Profiles[j].Award
		return aw == 0 || aw > postEnd[a]
	}

	res := &Results{Momentum: make([]MomentumResult, n), Complacency: make([]ComplacencyResult, n)}
	summaries := make([]controlSummary, len(awards)*n)
	parallel(n, func() func(i int) {
		w := newWorkspace(p.T)
		return func(i int) {
			w.load(p, i)
			asOf := pop.Profiles[i].AsOf
			if asOf == 0 {
				asOf = p.Last()
			}
			res.Momentum[i] = momentumAt(w, p, i, asOf, params.Momentum)
			for a, q := range awards {
				if eligible(i, a) {
					summaries[a*n+i] = controlAt(w, p, q, cp)
				}
			}
			if aw := pop.Profiles[i].Award; aw != 0 {
				res.Complacency[i] = awardeeCore(w, p, i, aw, cp)
			} else {
				res.Complacency[i] = ComplacencyResult{InnovatorID: p.IDs[i], Status: StatusNotAwarded,
					NonTechStatus: StatusNotAwarded, ControlStatus: StatusNotAwarded}
			}
		}
	})

	// Strata (field and size class; field), each listing its panel rows in ascending order.
	type stratum struct{ field, size string }
	stratumOf, fieldOf := map[stratum]int{}, map[string]int{}
	var bySize, byField [][]int
	rowStratum := make([]int, n)
	for i, pr := range pop.Profiles {
		s, ok := stratumOf[stratum{pr.Field, pr.SizeClass}]
		if !ok {
			s = len(bySize)
			stratumOf[stratum{pr.Field, pr.SizeClass}] = s
			bySize = append(bySize, nil)
		}
		f, ok := fieldOf[pr.Field]
		if !ok {
			f = len(byField)
			fieldOf[pr.Field] = f
			byField = append(byField, nil)
		}
		bySize[s], byField[f] = append(bySize[s], i), append(byField[f], i)
		rowStratum[i] = s
	}
	// Awardees that share an award quarter and a stratum share one pool of controls.
	type key struct{ a, s int }
	groupOf := map[key]int{}
	var groups [][]int
	for i := range res.Complacency {
		if res.Complacency[i].Status != StatusOK {
			continue
		}
		k := key{awardIndex[pop.Profiles[i].Award], rowStratum[i]}
		g, ok := groupOf[k]
		if !ok {
			g = len(groups)
			groupOf[k] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], i)
	}
	build := func(a int, rows []int) *pool {
		pl := newPool(len(rows))
		for _, j := range rows {
			if s := summaries[a*n+j]; s.ok && eligible(j, a) {
				pl.add(p.IDs[j], s)
			}
		}
		pl.finish()
		return pl
	}
	parallel(len(groups), func() func(g int) {
		return func(g int) {
			first := groups[g][0]
			a := awardIndex[pop.Profiles[first].Award]
			basis, pl := BasisFieldSize, build(a, bySize[rowStratum[first]])
			if pl.len() < cp.MinControls {
				basis, pl = BasisField, build(a, byField[fieldOf[pop.Profiles[first].Field]])
			}
			for _, i := range groups[g] {
				res.Complacency[i].compare(pl, basis, cp)
			}
		}
	})

	fieldPercentiles(pop.Profiles, res.Momentum)
	return res, nil
}

// fieldPercentiles sets each scored innovator's mid-rank percentile within its field.
func fieldPercentiles(profiles []Profile, ms []MomentumResult) {
	scores := map[string][]float64{}
	for i := range ms {
		if ms[i].Status == StatusOK {
			scores[profiles[i].Field] = append(scores[profiles[i].Field], ms[i].Score)
		}
	}
	for _, s := range scores {
		sort.Float64s(s)
	}
	for i := range ms {
		if ms[i].Status == StatusOK {
			s := scores[profiles[i].Field]
			ms[i].FieldPercentile = Percentile(s, ms[i].Score)
			ms[i].FieldPeers = len(s)
		}
	}
}

// ComplacencyOf assesses one awardee, panel row i, against the rest of the population: the
// same assessment Evaluate makes, for a detail page.
func ComplacencyOf(pop Population, i int, cp ComplacencyParams) (ComplacencyResult, error) {
	if err := cp.validate(); err != nil {
		return ComplacencyResult{}, err
	}
	if err := pop.validate(); err != nil {
		return ComplacencyResult{}, err
	}
	p := pop.Panel
	if i < 0 || i >= p.Len() {
		return ComplacencyResult{}, seedbed.Errorf(seedbed.ENOTFOUND, "panel row %d out of range", i)
	}
	pr := pop.Profiles[i]
	if pr.Award == 0 {
		return ComplacencyResult{InnovatorID: p.IDs[i], Status: StatusNotAwarded, NonTechStatus: StatusNotAwarded, ControlStatus: StatusNotAwarded}, nil
	}
	w := newWorkspace(p.T)
	w.load(p, i)
	r := awardeeCore(w, p, i, pr.Award, cp)
	if r.Status != StatusOK {
		return r, nil
	}
	end := min(pr.Award.Add(cp.PostWindow-1), p.Last())
	sameSize, sameField := &pool{}, &pool{}
	for j, pj := range pop.Profiles {
		if j == i || pj.Field != pr.Field || (pj.Award != 0 && pj.Award <= end) {
			continue
		}
		w.load(p, j)
		if s := controlAt(w, p, pr.Award, cp); s.ok {
			sameField.add(p.IDs[j], s)
			if pj.SizeClass == pr.SizeClass {
				sameSize.add(p.IDs[j], s)
			}
		}
	}
	sameSize.finish()
	sameField.finish()
	if sameSize.len() >= cp.MinControls {
		r.compare(sameSize, BasisFieldSize, cp)
	} else {
		r.compare(sameField, BasisField, cp)
	}
	return r, nil
}

// Flags returns the flagged assessments for the officers' list: those with both signals first,
// then by z (most negative first), then by innovator ID.
func (r *Results) Flags() []ComplacencyResult {
	var out []ComplacencyResult
	for _, c := range r.Complacency {
		if c.Flagged {
			out = append(out, c)
		}
	}
	both := func(c ComplacencyResult) bool { return c.RelativeDecline && c.StallWithNonTechGrowth }
	sort.SliceStable(out, func(a, b int) bool {
		if both(out[a]) != both(out[b]) {
			return both(out[a])
		}
		if out[a].Z != out[b].Z {
			return out[a].Z < out[b].Z
		}
		return out[a].InnovatorID < out[b].InnovatorID
	})
	return out
}

// parallel calls the function made by newWorker for every i in [0, n), spreading chunks of i
// over GOMAXPROCS goroutines; each goroutine calls newWorker once to get its own state.
func parallel(n int, newWorker func() func(i int)) {
	const chunk = 64
	workers := min(runtime.GOMAXPROCS(0), (n+chunk-1)/chunk)
	if workers <= 1 {
		if n > 0 {
			work := newWorker()
			for i := range n {
				work(i)
			}
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			work := newWorker()
			for {
				lo := int(next.Add(chunk)) - chunk
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+chunk, n); i++ {
					work(i)
				}
			}
		})
	}
	wg.Wait()
}
