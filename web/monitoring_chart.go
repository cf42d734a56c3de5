package web

import (
	"math"

	"seedbed/chart"
	"seedbed/evaluation"
	"seedbed/i18n"
)

// quarterLabels returns the x labels of the quarters from to to inclusive.
func quarterLabels(from, to evaluation.Quarter) []string {
	if to < from {
		return nil
	}
	out := make([]string, 0, int(to-from)+1)
	for q := from; q <= to; q++ {
		out = append(out, q.String())
	}
	return out
}

// seriesValues returns one indicator of panel row i from to to, NaN where nothing was reported.
func seriesValues(p *evaluation.Panel, i, k int, from, to evaluation.Quarter) []float64 {
	out := make([]float64, 0, int(to-from)+1)
	for q := from; q <= to; q++ {
		v, ok := p.Get(i, k, q)
		if !ok {
			v = math.NaN()
		}
		out = append(out, v)
	}
	return out
}

// categoryIndex is, per quarter, the mean of ln(1+x) over the category's indicators reported
// that quarter (NaN when none): the level the complacency method compares (docs/methods.md §1.5).
func categoryIndex(p *evaluation.Panel, i int, cat evaluation.Category, from, to evaluation.Quarter) []float64 {
	out := make([]float64, 0, int(to-from)+1)
	for q := from; q <= to; q++ {
		var sum, n float64
		for k, ind := range evaluation.Catalogue {
			if ind.Category != cat {
				continue
			}
			if v, ok := p.Get(i, k, q); ok {
				sum += ind.Weight * math.Log1p(v)
				n += ind.Weight
			}
		}
		if n == 0 {
			out = append(out, math.NaN())
		} else {
			out = append(out, sum/n)
		}
	}
	return out
}

// categorySum is, per quarter, the sum of the category's count indicators reported that quarter
// (NaN when none): how much non-technical activity there was.
func categorySum(p *evaluation.Panel, i int, cat evaluation.Category, from, to evaluation.Quarter) []float64 {
	out := make([]float64, 0, int(to-from)+1)
	for q := from; q <= to; q++ {
		sum, any := 0.0, false
		for k, ind := range evaluation.Catalogue {
			if ind.Category != cat || !ind.Count {
				continue
			}
			if v, ok := p.Get(i, k, q); ok {
				sum, any = sum+v, true
			}
		}
		if !any {
			sum = math.NaN()
		}
		out = append(out, sum)
	}
	return out
}

// meanSeries averages series quarter by quarter, leaving out missing values.
func meanSeries(rows [][]float64) []float64 {
	if len(rows) == 0 {
		return nil
	}
	out := make([]float64, len(rows[0]))
	for t := range out {
		var sum, n float64
		for _, r := range rows {
			if t < len(r) && !math.IsNaN(r[t]) {
				sum += r[t]
				n++
			}
		}
		out[t] = math.NaN()
		if n > 0 {
			out[t] = sum / n
		}
	}
	return out
}

// awardMarkers marks the award quarters that fall inside from..to.
func awardMarkers(awards []evaluation.Quarter, from, to evaluation.Quarter, lang string) []chart.Marker {
	var out []chart.Marker
	for _, q := range awards {
		if q >= from && q <= to {
			out = append(out, chart.Marker{AtIndex: int(q - from), Label: i18n.T(lang, "monitoring.award_marker", q.String())})
		}
	}
	return out
}

// indicatorChart is one small chart of one indicator, for the small multiples of a page.
type indicatorChart struct {
	Indicator evaluation.Indicator
	Chart     chart.LineChart
	Points    int
}

// indicatorGroup is the charts of one category.
type indicatorGroup struct {
	Category string
	Charts   []indicatorChart
}

// indicatorCharts draws every indicator of panel row i that has values in from..to, grouped by
// category, with the award quarters marked.
func indicatorCharts(lang string, p *evaluation.Panel, i int, from, to evaluation.Quarter, awards []evaluation.Quarter) []indicatorGroup {
	labels := quarterLabels(from, to)
	markers := awardMarkers(awards, from, to, lang)
	var groups []indicatorGroup
	for _, cat := range evaluation.Categories {
		g := indicatorGroup{Category: cat.Label.In(lang)}
		for k, ind := range evaluation.Catalogue {
			if string(ind.Category) != cat.Code {
				continue
			}
			vals := seriesValues(p, i, k, from, to)
			n := 0
			for _, v := range vals {
				if !math.IsNaN(v) {
					n++
				}
			}
			if n == 0 {
				continue
			}
			unit := evaluation.Units.Label(ind.Unit).In(lang)
			g.Charts = append(g.Charts, indicatorChart{Indicator: ind, Points: n, Chart: chart.LineChart{
				Title: ind.Label.In(lang), XLabels: labels, Series: []chart.Series{{Values: vals}}, Markers: markers,
				YLabel: unit, Whole: ind.Count, Lang: lang, ID: "ind-" + ind.Code}})
		}
		if len(g.Charts) > 0 {
			groups = append(groups, g)
		}
	}
	return groups
}
