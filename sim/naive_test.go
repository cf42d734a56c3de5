package sim

import (
	"math"
	"math/rand/v2"
	"sort"
)

// This file is the reference implementation: the same model written the obvious way — one
// goroutine, one object per agent, maps and sorting, math/rand/v2 and the standard library's math —
// to check the fast implementation against (TestNaiveAgrees) and to measure the speed-up
// (BenchmarkNaive). It shares nothing with the fast code but the Config.

type naiveAgent struct {
	field                          int
	large, national, nonMainstream bool
	drive, cash                    float64
	approach                       uint32
	fitness                        float64
	alive                          bool
	stage                          int
	ref                            float64
	found                          bool
}

type naiveSim struct {
	cfg        Config
	rnd        *rand.Rand
	contrib    [][][]float64 // [field][locus][argument]
	mainstream []uint32
	visited    map[uint64]bool
	agents     []*naiveAgent
	out        naiveOut
}

type naiveOut struct {
	landmarks, first, diversity, alive, restarts, grants int
	value, spend                                         float64
}

func (s *naiveSim) fitness(field int, g uint32) float64 {
	n, k := s.cfg.Landscape.Bits, s.cfg.Landscape.Ruggedness
	total := 0.0
	for i := 0; i < n; i++ {
		arg := 0
		for d := 0; d <= k; d++ {
			bit := (g >> ((i + d) % n)) & 1
			arg |= int(bit) << d
		}
		total += s.contrib[field][i][arg]
	}
	return total / float64(n)
}

// fitnessForZ converts a standardised z to a mean contribution.
func (s *naiveSim) fitnessForZ(z float64) float64 {
	return 0.5 + z*math.Sqrt(1/(12*float64(s.cfg.Landscape.Bits)))
}

func (s *naiveSim) z(f float64) float64 {
	return (f - 0.5) / math.Sqrt(1/(12*float64(s.cfg.Landscape.Bits)))
}

func (s *naiveSim) flip(g uint32) uint32 { return g ^ 1<<s.rnd.IntN(s.cfg.Landscape.Bits) }

func (s *naiveSim) burn(a *naiveAgent) float64 {
	if a.large {
		return s.cfg.Behaviour.BurnLarge
	}
	return s.cfg.Behaviour.BurnSmall
}

// newNaiveReplication draws a replication's landscapes and population.
func newNaiveReplication(cfg Config, rnd *rand.Rand) *naiveSim {
	s := &naiveSim{cfg: cfg, rnd: rnd}
	p, l := cfg.Population, cfg.Landscape
	for f := 0; f < p.Fields; f++ {
		loci := make([][]float64, l.Bits)
		for i := range loci {
			loci[i] = make([]float64, 1<<(l.Ruggedness+1))
			for j := range loci[i] {
				loci[i][j] = rnd.Float64()
			}
		}
		s.contrib = append(s.contrib, loci)
		s.mainstream = append(s.mainstream, uint32(rnd.IntN(1<<l.Bits)))
	}
	for i := 0; i < p.Innovators; i++ {
		a := &naiveAgent{
			field:         rnd.IntN(p.Fields),
			large:         rnd.Float64() >= p.ShareSmall,
			national:      rnd.Float64() >= p.ShareGrassroots,
			nonMainstream: rnd.Float64() < p.ShareNonMainstream,
		}
		mean := p.DriveGrassroots
		if a.national {
			mean = p.DriveNational
		}
		a.drive = math.Min(1, math.Max(0, mean+p.DriveSpread*(rnd.Float64()-0.5)))
		if a.nonMainstream {
			a.approach = uint32(rnd.IntN(1 << l.Bits))
		} else {
			a.approach = s.mainstream[a.field]
			for j := 0; j < l.MainstreamRadius; j++ {
				a.approach = s.flip(a.approach)
			}
		}
		a.fitness = s.fitness(a.field, a.approach)
		s.agents = append(s.agents, a)
	}
	return s
}

// run plays one strategy from a fresh copy of the population.
func (s *naiveSim) run(strategyID string) naiveOut {
	cfg := s.cfg
	b := cfg.Behaviour
	agents := make([]*naiveAgent, len(s.agents))
	s.visited = map[uint64]bool{}
	for i, a := range s.agents {
		c := *a
		c.alive = true
		c.cash = b.RunwayQuarters * s.burn(&c)
		agents[i] = &c
		s.visited[uint64(c.field)<<32|uint64(c.approach)] = true
	}
	s.out = naiveOut{}
	rounds := (cfg.Quarters + cfg.Funding.RoundQuarters - 1) / cfg.Funding.RoundQuarters
	money := 0.0
	for q := 0; q < cfg.Quarters; q++ {
		if q%cfg.Funding.RoundQuarters == 0 && strategyID != NoSupport {
			money = s.fund(strategyID, agents, money+cfg.Funding.Budget/float64(rounds))
		}
		for _, a := range agents {
			if a.alive {
				s.step(a, q)
			}
		}
	}
	s.out.diversity = len(s.visited)
	for _, a := range agents {
		if a.alive {
			s.out.alive++
		}
	}
	return s.out
}

func (s *naiveSim) step(a *naiveAgent, q int) {
	b, l := s.cfg.Behaviour, s.cfg.Landscape
	if s.rnd.Float64() < a.drive {
		trials := b.TrialsSmall
		if a.large {
			trials = b.TrialsLarge
		}
		if a.cash >= b.ResourceRunway*s.burn(a) {
			trials += b.ResourceTrials
		}
		for t := 0; t < trials; t++ {
			cand := s.flip(a.approach)
			if a.nonMainstream && s.rnd.Float64() < b.JumpProb {
				cand = a.approach
				for j := 0; j < b.JumpBits; j++ {
					cand = s.flip(cand)
				}
			}
			f := s.fitness(a.field, cand)
			key := uint64(a.field)<<32 | uint64(cand)
			seen := s.visited[key]
			slack := b.ExploreSlack * math.Sqrt(1/(12*float64(l.Bits)))
			if f > a.fitness || (a.nonMainstream && !seen && f >= a.fitness-slack) {
				a.approach, a.fitness = cand, f
				if !seen {
					s.visited[key] = true
					if f >= s.fitnessForZ(l.LandmarkZ) {
						s.out.landmarks++
						if s.out.first == 0 {
							s.out.first = q + 1
						}
						pareto := math.Pow(1-s.rnd.Float64(), -1/l.ValueTail)
						s.out.value += pareto * (1 + s.z(f) - l.LandmarkZ)
						a.cash += b.LandmarkRunway * s.burn(a)
						a.found = true
					}
				}
			}
		}
	}
	a.cash -= s.burn(a)
	if a.fitness >= s.fitnessForZ(l.ViableZ) {
		a.cash += b.ViableRevenue * s.burn(a)
	}
	if a.cash < 0 {
		if s.rnd.Float64() < b.FailureTolerance {
			a.cash = b.RunwayQuarters * s.burn(a)
			s.out.restarts++
		} else {
			a.alive, a.cash = false, 0
		}
	}
}

func (s *naiveSim) grant(a *naiveAgent, amount float64) {
	b := s.cfg.Behaviour
	q := amount / s.burn(a)
	a.cash += amount
	a.drive *= 1 - b.Complacency*q/(q+b.ComplacencyHalf)
	s.out.spend += amount
	s.out.grants++
}

func (s *naiveSim) forecast(a *naiveAgent) float64 {
	f := s.cfg.Funding
	noise := (s.rnd.Float64() + s.rnd.Float64() + s.rnd.Float64() + s.rnd.Float64() - 2) * math.Sqrt(3)
	v := s.z(a.fitness) + f.ReviewNoise*noise
	if !a.nonMainstream {
		v += f.MainstreamBias
	}
	if a.national || a.large {
		v += f.StatusBias
	}
	return v
}

func (s *naiveSim) fund(id string, agents []*naiveAgent, money float64) float64 {
	f := s.cfg.Funding
	var app []*naiveAgent
	for _, a := range agents {
		if a.alive {
			app = append(app, a)
		}
	}
	count := func(size float64) int { return min(int(math.Floor(money/size+1e-9)), len(app)) }
	pay := func(list []*naiveAgent, size float64) {
		for _, a := range list {
			s.grant(a, size)
			money -= size
		}
	}
	shuffle := func(list []*naiveAgent) {
		s.rnd.Shuffle(len(list), func(i, j int) { list[i], list[j] = list[j], list[i] })
	}
	byForecast := func() {
		score := map[*naiveAgent]float64{}
		for _, a := range app {
			score[a] = s.forecast(a)
		}
		sort.SliceStable(app, func(i, j int) bool { return score[app[i]] > score[app[j]] })
	}
	switch id {
	case PickBySize:
		k := count(f.GrantSize)
		shuffle(app)
		sort.SliceStable(app, func(i, j int) bool {
			if app[i].large != app[j].large {
				return app[i].large
			}
			return app[i].cash > app[j].cash
		})
		pay(app[:k], f.GrantSize)
	case PickByForecast:
		k := count(f.GrantSize)
		byForecast()
		pay(app[:k], f.GrantSize)
	case BroadSmallGrants:
		k := count(f.SmallGrantSize)
		shuffle(app)
		pay(app[:k], f.SmallGrantSize)
	case PartialLottery:
		k := count(f.GrantSize)
		pool := min(int(math.Ceil(float64(k)*f.LotteryPool)), len(app))
		byForecast()
		shuffle(app[:pool])
		pay(app[:k], f.GrantSize)
	case Champions:
		money = s.fundChampions(app, money)
	case StagedMilestones:
		tranche := f.GrantSize / float64(f.Stages)
		milestone := f.MilestoneGain * math.Sqrt(1/(12*float64(s.cfg.Landscape.Bits)))
		var fresh []*naiveAgent
		for _, a := range app {
			switch {
			case a.stage == 0:
				fresh = append(fresh, a)
			case a.stage > 0 && a.stage < f.Stages:
				if a.found || a.fitness-a.ref >= milestone {
					if money+1e-9 >= tranche {
						s.tranche(a, tranche)
						money -= tranche
					}
				} else {
					a.stage = -1
				}
			}
		}
		shuffle(fresh)
		k := min(int(math.Floor(money/tranche+1e-9)), len(fresh))
		for _, a := range fresh[:k] {
			s.tranche(a, tranche)
			money -= tranche
		}
	}
	return money
}

func (s *naiveSim) tranche(a *naiveAgent, amount float64) {
	s.grant(a, amount)
	a.stage++
	a.ref = a.fitness
	a.found = false
}
