package sim

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// tableMetric picks one Estimate of a StrategyResult for the comparison table.
type tableMetric struct {
	id  string
	get func(*StrategyResult) Estimate
}

var tableMetrics = []tableMetric{
	{"landmarks", func(s *StrategyResult) Estimate { return s.Landmarks }},
	{"landmarks_vs_baseline", func(s *StrategyResult) Estimate { return s.LandmarksVsBaseline }},
	{"time_to_first_landmark", func(s *StrategyResult) Estimate { return s.TimeToFirstLandmark }},
	{"total_value", func(s *StrategyResult) Estimate { return s.TotalValue }},
	{"path_diversity", func(s *StrategyResult) Estimate { return s.PathDiversity }},
	{"cost_per_landmark", func(s *StrategyResult) Estimate { return s.CostPerLandmark }},
	{"spend", func(s *StrategyResult) Estimate { return s.Spend }},
}

func metricLabel(id string) Label {
	for _, m := range metrics {
		if m.id == id {
			return m.label
		}
	}
	return Label{id, id}
}

// WriteTable writes the human-readable comparison table: one row per strategy, each metric as
// mean ± half-width of its 95% confidence interval, with Chinese and English headings.
func (r *Result) WriteTable(w io.Writer) error {
	c := r.Config
	var b strings.Builder
	fmt.Fprintf(&b, "生态实验室 / Ecosystem lab — %s, config %.12s\n", r.ModelVersion, r.ConfigHash)
	fmt.Fprintf(&b, "%d 次重复 × %d 季度 × %d 创新主体 / %d replications × %d quarters × %d innovators; 预算 budget %g\n\n",
		c.Replications, c.Quarters, c.Population.Innovators, c.Replications, c.Quarters, c.Population.Innovators, c.Funding.Budget)
	zh, en := []string{"策略 / Strategy"}, []string{""}
	for _, m := range tableMetrics {
		zh = append(zh, metricLabel(m.id).Zh)
		en = append(en, metricLabel(m.id).En)
	}
	rows := [][]string{zh, en}
	for i := range r.Strategies {
		s := &r.Strategies[i]
		row := []string{s.Label.Zh + " / " + s.ID}
		for _, m := range tableMetrics {
			row = append(row, formatEstimate(m.get(s), m.id == "landmarks_vs_baseline"))
		}
		rows = append(rows, row)
	}
	writeColumns(&b, rows)
	b.WriteString("\n± = 95% 置信区间半宽 / half-width of the 95% confidence interval over replications.\n")
	b.WriteString("首个标志性成果只计有成果的重复 / first landmark averages replications that had one.\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func formatEstimate(e Estimate, signed bool) string {
	if !e.Defined {
		return "—"
	}
	m := fmtNum(e.Mean)
	if signed && e.Mean >= 0 {
		m = "+" + m
	}
	return m + " ± " + fmtNum((e.Hi-e.Lo)/2)
}

// fmtNum prints a number with as many decimals as its size deserves in a table.
func fmtNum(x float64) string {
	a := x
	if a < 0 {
		a = -a
	}
	switch {
	case a >= 1000:
		return strconv.FormatFloat(x, 'f', 0, 64)
	case a >= 10:
		return strconv.FormatFloat(x, 'f', 1, 64)
	}
	return strconv.FormatFloat(x, 'f', 2, 64)
}

// writeColumns pads cells to aligned columns, counting East Asian wide characters as two cells.
func writeColumns(b *strings.Builder, rows [][]string) {
	widths := map[int]int{}
	for _, row := range rows {
		for j, cell := range row {
			widths[j] = max(widths[j], displayWidth(cell))
		}
	}
	for _, row := range rows {
		for j, cell := range row {
			b.WriteString(cell)
			if j < len(row)-1 {
				b.WriteString(strings.Repeat(" ", widths[j]-displayWidth(cell)+2))
			}
		}
		b.WriteByte('\n')
	}
}

func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x1100 && (r <= 0x115f || (r >= 0x2e80 && r <= 0xa4cf) || (r >= 0xac00 && r <= 0xd7a3) ||
			(r >= 0xf900 && r <= 0xfaff) || (r >= 0xfe30 && r <= 0xfe4f) || (r >= 0xff00 && r <= 0xff60) || (r >= 0xffe0 && r <= 0xffe6)) {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// csvMetrics are the estimates written to CSV, in column order.
var csvMetrics = append(tableMetrics[:len(tableMetrics):len(tableMetrics)],
	tableMetric{"value_vs_baseline", func(s *StrategyResult) Estimate { return s.ValueVsBaseline }},
	tableMetric{"grants", func(s *StrategyResult) Estimate { return s.Grants }},
	tableMetric{"survivors", func(s *StrategyResult) Estimate { return s.Survivors }},
	tableMetric{"restarts", func(s *StrategyResult) Estimate { return s.Restarts }},
)

func csvHeader(prefix []string) []string {
	h := append(prefix, "strategy", "label_zh", "label_en", "share_with_landmark",
		"landmark_share_small", "landmark_share_grassroots", "landmark_share_non_mainstream")
	for _, m := range csvMetrics {
		h = append(h, m.id+"_mean", m.id+"_lo", m.id+"_hi")
	}
	return h
}

func csvRow(prefix []string, s *StrategyResult) []string {
	g := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	row := append(prefix, s.ID, s.Label.Zh, s.Label.En, g(s.ShareWithLandmark),
		g(s.LandmarkShares.Small), g(s.LandmarkShares.Grassroots), g(s.LandmarkShares.NonMainstream))
	for _, m := range csvMetrics {
		e := m.get(s)
		if !e.Defined {
			row = append(row, "", "", "")
			continue
		}
		row = append(row, g(e.Mean), g(e.Lo), g(e.Hi))
	}
	return row
}

// WriteCSV writes one row per strategy with every metric's mean and 95% interval.
func (r *Result) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(csvHeader(nil))
	for i := range r.Strategies {
		cw.Write(csvRow(nil, &r.Strategies[i]))
	}
	cw.Flush()
	return cw.Error()
}

// WriteCSV writes one row per point and strategy, led by the point's index and swept values.
func (s *SweepResult) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	var keys []string
	if len(s.Results) > 0 {
		for _, p := range s.Results[0].Params {
			keys = append(keys, p.Key)
		}
	}
	cw.Write(csvHeader(append([]string{"point"}, keys...)))
	for _, rec := range s.Results {
		prefix := []string{strconv.Itoa(rec.Index)}
		for _, p := range rec.Params {
			prefix = append(prefix, fmt.Sprint(p.Value))
		}
		for i := range rec.Result.Strategies {
			cw.Write(csvRow(append([]string(nil), prefix...), &rec.Result.Strategies[i]))
		}
	}
	cw.Flush()
	return cw.Error()
}
