package evaluation

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"runtime"
	"testing"
)

// synthetic is a generated population with known truth: which awardees were made complacent.
type synthetic struct {
	pop        Population
	complacent []bool
	awards     []Award
	outcomes   []Outcome
}

var syntheticFields = []string{"ai", "semiconductor", "biomedicine", "new_materials", "new_energy", "equipment",
	"robotics", "quantum", "aerospace", "digital", "agritech", "other"}

// newSynthetic generates n innovators over T quarters from 2015Q1. Each has a level and a
// quarterly growth per category; 15% are funded at a random quarter, and a fifth of those turn
// complacent: technical growth turns negative and non-technical activity climbs. Counts get
// Poisson-like noise, money log-normal noise, and 5% of values are missing.
func newSynthetic(n, T int, seed uint64) synthetic {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = int64(i + 1)
	}
	first := Quarter(2015 * 4)
	p, err := NewPanel(ids, first, first.Add(T-1))
	if err != nil {
		panic(err)
	}
	s := synthetic{pop: Population{Panel: p, Profiles: make([]Profile, n)}, complacent: make([]bool, n)}
	sizes := []string{"micro", "small", "medium", "large"}
	nan := float32(math.NaN())
	for i := range n {
		pr := &s.pop.Profiles[i]
		pr.Field, pr.SizeClass = syntheticFields[rng.IntN(len(syntheticFields))], sizes[rng.IntN(len(sizes))]
		award := -1
		if T >= 20 && rng.Float64() < 0.15 {
			award = 10 + rng.IntN(T-16)
			pr.Award = first.Add(award)
			s.complacent[i] = rng.Float64() < 0.2
		}
		growth := map[Category]float64{Technical: rng.NormFloat64() * 0.03, Market: rng.NormFloat64() * 0.04, NonTechnical: 0, Funding: 0}
		for k, ind := range Catalogue {
			level := 0.5 + rng.Float64()*3
			if ind.Unit == UnitWanYuan {
				level += 2
			}
			row := p.Values[(i*NumIndicators+k)*T : (i*NumIndicators+k+1)*T]
			for t := range T {
				g := growth[ind.Category] * float64(t)
				if s.complacent[i] && t >= award {
					switch ind.Category {
					case Technical:
						g = growth[Technical]*float64(award) - 0.06*float64(t-award)
					case NonTechnical:
						g = 0.12 * float64(t-award)
					}
				}
				if rng.Float64() < 0.05 {
					row[t] = nan
					continue
				}
				mean := math.Exp(level + g)
				var v float64
				if ind.Count {
					v = math.Max(0, math.Round(mean+rng.NormFloat64()*math.Sqrt(mean)))
				} else {
					v = mean * math.Exp(rng.NormFloat64()*0.15)
				}
				row[t] = float32(v)
			}
		}
		if award >= 0 {
			id := int64(len(s.awards) + 1)
			s.awards = append(s.awards, Award{ID: id, InnovatorID: ids[i], Field: pr.Field, Cohort: first.Add(award).Year(), Funding: 50 + float64(rng.IntN(200))})
			for range rng.IntN(6) {
				s.outcomes = append(s.outcomes, Outcome{AwardID: id, Kind: OutcomeKinds[rng.IntN(len(OutcomeKinds))].Code,
					Value: math.Floor(math.Exp(rng.NormFloat64() * 1.5)), Period: first.Add(min(T-1, award+rng.IntN(T-award)))})
			}
		}
	}
	return s
}

func TestEvaluateDeterministicAcrossWorkers(t *testing.T) {
	s := newSynthetic(3000, 32, 1)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	runtime.GOMAXPROCS(1)
	one, err := Evaluate(s.pop, DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	runtime.GOMAXPROCS(4)
	four, err := Evaluate(s.pop, DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(one, four) {
		t.Fatal("results depend on the number of workers")
	}
	if len(one.Flags()) == 0 {
		t.Fatal("no flags at all in a population with complacent awardees")
	}
	if _, err := json.Marshal(one); err != nil { // fails on any NaN or Inf
		t.Fatalf("results do not encode: %v", err)
	}
}

// TestEvaluateFindsSimulatedComplacency checks the method on data with a known answer: the
// awardees made complacent are flagged far more often than the others.
func TestEvaluateFindsSimulatedComplacency(t *testing.T) {
	s := newSynthetic(6000, 32, 2)
	res, err := Evaluate(s.pop, DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	var nc, fc, nn, fn int
	for i, r := range res.Complacency {
		if r.Status != StatusOK {
			continue
		}
		if s.complacent[i] {
			nc++
			if r.Flagged {
				fc++
			}
		} else {
			nn++
			if r.Flagged {
				fn++
			}
		}
	}
	hit, falseAlarm := float64(fc)/float64(nc), float64(fn)/float64(nn)
	t.Logf("complacent awardees flagged %d/%d (%.0f%%), others %d/%d (%.0f%%)", fc, nc, 100*hit, fn, nn, 100*falseAlarm)
	if nc < 30 || hit < 0.6 || falseAlarm > 0.1 || hit < 5*falseAlarm {
		t.Fatalf("detection %.2f, false alarms %.2f over %d complacent and %d other awardees", hit, falseAlarm, nc, nn)
	}
	var ok, missing int
	for _, m := range res.Momentum {
		switch m.Status {
		case StatusOK:
			ok++
			if m.Score < 0 || m.Score > 100 || m.FieldPercentile <= 0 || m.FieldPercentile >= 100 {
				t.Fatalf("momentum out of range: %+v", m)
			}
		case StatusNotEnoughData:
			missing++
		}
	}
	if ok == 0 {
		t.Fatal("no momentum scores")
	}
}

func TestPanelAddAllOrNothing(t *testing.T) {
	p, err := NewPanel([]int64{1, 2}, q(2024, 1), q(2024, 4))
	if err != nil {
		t.Fatal(err)
	}
	obs := []Observation{
		{InnovatorID: 1, Indicator: Revenue, Period: q(2024, 1), Value: 3},
		{InnovatorID: 2, Indicator: Revenue, Period: q(2023, 4), Value: 3}, // outside: skipped
		{InnovatorID: 1, Indicator: Revenue, Period: q(2024, 1), Value: 4}, // duplicate
	}
	if _, err := p.Add(obs); err == nil {
		t.Fatal("duplicate accepted")
	}
	if _, ok := p.Get(0, indicatorIndex[Revenue], q(2024, 1)); ok {
		t.Fatal("partial write left behind")
	}
	skipped, err := p.Add(obs[:2])
	if err != nil || skipped != 1 {
		t.Fatalf("skipped %d, %v", skipped, err)
	}
	if v, ok := p.Get(0, indicatorIndex[Revenue], q(2024, 1)); !ok || v != 3 {
		t.Fatalf("value %v %v", v, ok)
	}
	if _, err := p.Add([]Observation{{InnovatorID: 9, Indicator: Revenue, Period: q(2024, 1)}}); err == nil {
		t.Fatal("unknown innovator accepted")
	}
	if _, err := p.Add([]Observation{{InnovatorID: 2, Indicator: Revenue, Period: q(2024, 2), Value: -1}}); err == nil {
		t.Fatal("negative value accepted")
	}
	for _, v := range []float64{-1, math.NaN(), math.Inf(1), 2e12} {
		if p.Set(1, 0, q(2024, 3), v) {
			t.Errorf("Set accepted %v", v)
		}
	}
	for _, bad := range []struct {
		ids         []int64
		first, last Quarter
	}{{[]int64{1, 1}, q(2024, 1), q(2024, 2)}, {[]int64{0}, q(2024, 1), q(2024, 2)}, {[]int64{1}, q(2024, 2), q(2024, 1)}, {[]int64{1}, q(1900, 1), q(2024, 1)}} {
		if _, err := NewPanel(bad.ids, bad.first, bad.last); err == nil {
			t.Errorf("NewPanel(%v, %v, %v) accepted", bad.ids, bad.first, bad.last)
		}
	}
}
