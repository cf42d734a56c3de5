package evaluation

import (
	"fmt"
	"math"

	"seedbed"
)

// MaxPanelQuarters bounds the length of a panel's quarter grid (100 years).
const MaxPanelQuarters = 400

// Panel holds the indicator series of many innovators on one grid of consecutive quarters, in a
// single flat slice so that a population of 100,000 innovators is one allocation. A value that
// was not reported is NaN: missing is never read as zero.
type Panel struct {
	First Quarter // first quarter of the grid
	T     int     // number of quarters in the grid
	IDs   []int64 // innovator of each row, in the caller's order
	// Values holds value (i, k, t) — innovator row i, catalogue indicator k, quarter First+t —
	// at index (i*NumIndicators+k)*T + t.
	Values []float32
	index  map[int64]int
}

// Point is one value of a series, for charts.
type Point struct {
	Period Quarter `json:"period"`
	Value  float64 `json:"value"`
}

// NewPanel returns an empty panel (every value missing) for the innovators ids over the
// quarters first to last inclusive. IDs must be positive and distinct.
func NewPanel(ids []int64, first, last Quarter) (*Panel, error) {
	p, err := NewUnsetPanel(ids, first, last)
	if err != nil {
		return nil, err
	}
	// Every cell starts as a gap. At a million innovators that is 2.5 GB of fresh memory to touch:
	// the rows are filled on every core.
	parallel(len(ids), func() func(i int) { return p.ClearRow })
	return p, nil
}

// NewUnsetPanel returns a panel as NewPanel does but with its cells not yet set (they read as
// zero): before the panel is read, the caller gives every row its values, each row whole through
// RowValues, or clears it with ClearRow. A loader that writes each row once so spares touching
// the panel's memory twice (2.5 GB at a million innovators).
func NewUnsetPanel(ids []int64, first, last Quarter) (*Panel, error) {
	if !first.Valid() || !last.Valid() || last < first {
		return nil, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "无效的期间范围 %[1]s–%[2]s", En: "invalid quarter range %[3]s to %[4]s"}, first.Zh(), last.Zh(), first, last)
	}
	T := int(last-first) + 1
	if T > MaxPanelQuarters {
		return nil, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "期间范围过长（%d 个季度，最多 %d）", En: "range too long (%d quarters, at most %d)"}, T, MaxPanelQuarters)
	}
	p := &Panel{First: first, T: T, IDs: ids, index: make(map[int64]int, len(ids))}
	for i, id := range ids {
		if id <= 0 {
			return nil, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "第 %d 个主体ID %d 无效", En: "innovator id %[2]d at position %[1]d is not positive"}, i+1, id)
		}
		if j, dup := p.index[id]; dup {
			return nil, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "主体ID %d 重复（第 %d 与第 %d 个）", En: "innovator id %d appears twice (positions %d and %d)"}, id, j+1, i+1)
		}
		p.index[id] = i
	}
	p.Values = make([]float32, len(ids)*NumIndicators*T)
	return p, nil
}

// RowValues returns the cells of innovator row i: the value of indicator k in quarter First+t
// is at k*T+t.
func (p *Panel) RowValues(i int) []float32 {
	row := NumIndicators * p.T
	return p.Values[i*row : (i+1)*row]
}

// ClearRow sets every value of innovator row i missing.
func (p *Panel) ClearRow(i int) {
	cells, nan := p.RowValues(i), float32(math.NaN())
	for j := range cells {
		cells[j] = nan
	}
}

// Len returns the number of innovators in the panel.
func (p *Panel) Len() int { return len(p.IDs) }

// Last returns the last quarter of the grid.
func (p *Panel) Last() Quarter { return p.First.Add(p.T - 1) }

// Row returns the panel row of an innovator.
func (p *Panel) Row(id int64) (int, bool) {
	i, ok := p.index[id]
	return i, ok
}

// series returns the T values of indicator k for innovator row i.
func (p *Panel) series(i, k int) []float32 {
	at := (i*NumIndicators + k) * p.T
	return p.Values[at : at+p.T]
}

// Set stores value v of indicator k for innovator row i in quarter q. It reports false, and
// stores nothing, when q lies outside the grid or v is not a valid value (negative, above
// MaxValue, NaN or infinite), so that no computation ever meets such a value.
func (p *Panel) Set(i, k int, q Quarter, v float64) bool {
	t := int(q - p.First)
	if t < 0 || t >= p.T || !ValidValue(v) {
		return false
	}
	p.series(i, k)[t] = float32(v)
	return true
}

// SetSeries stores vs[t] as the value of indicator k for innovator row i in quarter first+t,
// as Set does each value: values outside the grid and invalid ones (NaN for a missing quarter
// among them) are left out.
func (p *Panel) SetSeries(i, k int, first Quarter, vs []float64) {
	lo, hi := max(0, int(p.First-first)), min(len(vs), int(p.Last()-first)+1)
	if lo >= hi {
		return
	}
	s, off := p.series(i, k), int(first-p.First)
	for t := lo; t < hi; t++ {
		if v := vs[t]; ValidValue(v) {
			s[off+t] = float32(v)
		}
	}
}

// Get returns the value of indicator k for innovator row i in quarter q, and whether one was
// reported.
func (p *Panel) Get(i, k int, q Quarter) (float64, bool) {
	t := int(q - p.First)
	if t < 0 || t >= p.T {
		return 0, false
	}
	v := p.series(i, k)[t]
	if v != v {
		return 0, false
	}
	return float64(v), true
}

// ValidValue reports whether v may be stored in a panel: finite, non-negative, at most MaxValue.
func ValidValue(v float64) bool { return v >= 0 && v <= MaxValue }

// Add places validated observations in the panel and returns how many fell outside its quarter
// grid (those are left out). An observation of an innovator that is not in the panel, of an
// unknown indicator, with an invalid value, or of a cell that already holds a value is an
// error, and then nothing is placed.
func (p *Panel) Add(obs []Observation) (skipped int, err error) {
	type cell struct{ i, k int }
	cells := make([]cell, len(obs))
	for j, o := range obs {
		i, ok := p.index[o.InnovatorID]
		if !ok {
			return 0, fmt.Errorf("evaluation: observation %d: innovator %d is not in the panel", j+1, o.InnovatorID)
		}
		k, ok := indicatorIndex[o.Indicator]
		if !ok {
			return 0, fmt.Errorf("evaluation: observation %d: unknown indicator %q", j+1, o.Indicator)
		}
		if !ValidValue(o.Value) {
			return 0, fmt.Errorf("evaluation: observation %d: invalid value %g", j+1, o.Value)
		}
		cells[j] = cell{i, k}
	}
	placed := make([]int, 0, len(obs))
	for j, o := range obs {
		t := int(o.Period - p.First)
		if t < 0 || t >= p.T {
			skipped++
			continue
		}
		s := p.series(cells[j].i, cells[j].k)
		if s[t] == s[t] {
			for _, u := range placed { // undo: all or nothing
				c, tu := cells[u], int(obs[u].Period-p.First)
				p.series(c.i, c.k)[tu] = float32(math.NaN())
			}
			return 0, fmt.Errorf("evaluation: observation %d: innovator %d already has %s for %s", j+1, o.InnovatorID, o.Indicator, o.Period)
		}
		s[t] = float32(o.Value)
		placed = append(placed, j)
	}
	return skipped, nil
}

// Points returns the reported values of one indicator for innovator row i from quarter from to
// quarter to inclusive, in time order; missing quarters are left out.
func (p *Panel) Points(i int, indicator string, from, to Quarter) []Point {
	k, ok := indicatorIndex[indicator]
	if !ok || i < 0 || i >= len(p.IDs) {
		return nil
	}
	var out []Point
	s := p.series(i, k)
	for q := max(from, p.First); q <= min(to, p.Last()); q++ {
		if v := s[q-p.First]; v == v {
			out = append(out, Point{Period: q, Value: float64(v)})
		}
	}
	return out
}
