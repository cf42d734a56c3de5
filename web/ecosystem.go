package web

import (
	"math"
	"net/http"
	"strconv"
	"time"

	"seedbed"
	"seedbed/chart"
	"seedbed/ecosystem"
	"seedbed/i18n"
)

func (s *Server) ecosystemRoutes() []route {
	return []route{
		ui("GET", "/ecosystem", seedbed.PermEcosystemRead, s.ecosystemDashboard),
		ui("GET", "/ecosystem/awards", seedbed.PermEcosystemRead, s.ecosystemAwards),
	}
}

// ecoItem is one indicator on the dashboard: its figure, what it rests on, its trend over the
// years and where to find the awards behind it.
type ecoItem struct {
	Key, Label, Value, Base string
	Reading                 string // the figure in plain words
	OK                      bool
	Trend                   chart.Sparkline
	Behind, Compare         string // addresses; "" when there is nothing to show
}

// ecoGroup is one section of the dashboard (and one page of the printed brief).
type ecoGroup struct {
	Code, Label string
	Items       []ecoItem
}

type ecoDashboardData struct {
	Scope             ecosystem.Scope
	Dims              ecosystem.Dimensions
	Year              string // the year field's value: a year or "all"
	ScopeLabel        string
	Groups            []ecoGroup
	CompareKey        string
	CompareLabel      string
	Keys              []option
	ByRegion, ByField chart.BarChart
	Trend             chart.LineChart
	GeneratedAt       string
	Culture           *cultureData // the culture survey's waves, everyone, groups of at least k
}

// ecoValue formats an indicator's value with its unit in lang, or the reason it has none.
func ecoValue(ind ecosystem.Indicator, lang string) string {
	v := ind.Format(lang)
	if ind.Value != nil && (ind.Unit == ecosystem.UnitBits || ind.Unit == ecosystem.UnitDays || ind.Unit == ecosystem.UnitMonths) {
		v += " " + i18n.T(lang, "eco.unit."+ind.Unit)
	}
	return v
}

// ecoChartValue is an indicator's value as a chart plots it: shares in percent, NaN without a
// value (an empty slot, not a zero).
func ecoChartValue(ind ecosystem.Indicator) float64 {
	if ind.Value == nil {
		return math.NaN()
	}
	if ind.Unit == ecosystem.UnitShare {
		return 100 * *ind.Value
	}
	return *ind.Value
}

// ecoChartFormat formats chart values of the unit.
func ecoChartFormat(unit string) func(float64) string {
	switch unit {
	case ecosystem.UnitShare:
		return func(v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) + "%" }
	case ecosystem.UnitBits, ecosystem.UnitIndex, ecosystem.UnitRate:
		return func(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }
	}
	return func(v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) }
}

// scopeLabel describes a scope in lang: "西湖区 · 人工智能 · 2026".
func scopeLabel(sc ecosystem.Scope, lang string) string {
	region, field, year := i18n.T(lang, "eco.all_regions"), i18n.T(lang, "eco.all_fields"), i18n.T(lang, "eco.all_years")
	if sc.Region != "" {
		region = sc.Region
	}
	if sc.Field != "" {
		field = seedbed.Fields.Label(sc.Field).In(lang)
	}
	if sc.Year != 0 {
		year = strconv.Itoa(sc.Year)
	}
	return region + " · " + field + " · " + year
}

func (s *Server) ecosystemDashboard(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	sc, err := s.ecosystemScope(r)
	if err != nil {
		return err
	}
	compare := r.URL.Query().Get("compare")
	if compare == "" {
		compare = "sme_share_awards"
	}
	if _, ok := ecosystem.DefinitionOf(compare); !ok {
		return seedbed.FieldError("compare", seedbed.Label{Zh: "未知的指标“%s”", En: "unknown indicator %q"}, compare)
	}
	db, err := s.Ecosystem.Dashboard(r.Context(), sc, compare)
	if err != nil {
		return err
	}
	d := ecoDashboardData{Scope: sc, Dims: db.Dimensions, Year: sc.Period(), ScopeLabel: scopeLabel(sc, c.Lang),
		GeneratedAt: time.Now().In(cst).Format("2006-01-02 15:04"), CompareKey: compare}
	var compared ecosystem.Indicator
	for _, ind := range db.Indicators {
		d.Keys = append(d.Keys, option{Code: ind.Key, Label: ind.Label.In(c.Lang)})
		if ind.Key == compare {
			compared = ind
		}
	}
	d.CompareLabel = compared.Label.In(c.Lang)
	readings := ecosystem.Readings(db.Indicators)
	for _, g := range ecosystem.Groups {
		group := ecoGroup{Code: g.Code, Label: g.Label.In(c.Lang)}
		for _, ind := range db.Indicators {
			if ind.Group == g.Code {
				item := ecoItemOf(c, sc, ind, db.Trends[ind.Key])
				r := readings[ind.Key]
				item.Reading = i18n.T(c.Lang, r.Key, r.Args...)
				group.Items = append(group.Items, item)
			}
		}
		d.Groups = append(d.Groups, group)
	}
	ecoComparisons(c, compared, db, &d)
	if s.Culture != nil {
		rep, err := s.Culture.Results(r.Context(), "")
		if err != nil {
			return err
		}
		if len(rep.Waves) > 0 {
			cv := cultureView(rep, c.Lang)
			d.Culture = &cv
		}
	}
	return s.render(w, r, "ecosystem", i18n.T(c.Lang, "eco.title"), d)
}

// ecoItemOf builds one indicator's line of the dashboard.
func ecoItemOf(c *reqCtx, sc ecosystem.Scope, ind ecosystem.Indicator, trend []ecosystem.YearPoint) ecoItem {
	item := ecoItem{Key: ind.Key, Label: ind.Label.In(c.Lang), Value: ecoValue(ind, c.Lang), OK: ind.Value != nil,
		Base: i18n.T(c.Lang, "eco.base", ind.Base)}
	vals := make([]float64, len(trend))
	for i, p := range trend {
		vals[i] = ecoChartValue(p.Indicator)
	}
	item.Trend = chart.Sparkline{Title: i18n.T(c.Lang, "eco.trend_of", item.Label), Values: vals, Format: ecoChartFormat(ind.Unit),
		Lang: c.Lang, ID: "spark-" + ind.Key}
	q := scopeQuery(sc)
	if ind.Awards && ind.Value != nil {
		q.Set("key", ind.Key)
		item.Behind = "/ecosystem/awards?" + q.Encode()
		q.Del("key")
	}
	q.Set("compare", ind.Key)
	item.Compare = "/ecosystem?" + q.Encode() + "#compare"
	return item
}

// ecoComparisons draws the compared indicator by region, by field and over the years.
func ecoComparisons(c *reqCtx, ind ecosystem.Indicator, db *ecosystem.Dashboard, d *ecoDashboardData) {
	format := ecoChartFormat(ind.Unit)
	bar := func(title string, points []ecosystem.GroupPoint, id string) chart.BarChart {
		b := chart.BarChart{Title: title, Format: format, Lang: c.Lang, ID: id, Whole: ind.Unit == ecosystem.UnitCount}
		for _, p := range points {
			b.Labels = append(b.Labels, p.Label.In(c.Lang))
			b.Values = append(b.Values, ecoChartValue(p.Indicator))
		}
		return b
	}
	label := ind.Label.In(c.Lang)
	d.ByRegion = bar(i18n.T(c.Lang, "eco.by_region", label), db.ByRegion, "eco-by-region")
	d.ByField = bar(i18n.T(c.Lang, "eco.by_field", label), db.ByField, "eco-by-field")
	line := chart.LineChart{Title: i18n.T(c.Lang, "eco.over_years", label), Format: format, Lang: c.Lang, ID: "eco-trend", Whole: ind.Unit == ecosystem.UnitCount,
		Series: []chart.Series{{Name: label}}}
	for _, p := range db.Trends[ind.Key] {
		line.XLabels = append(line.XLabels, strconv.Itoa(p.Year))
		line.Series[0].Values = append(line.Series[0].Values, ecoChartValue(p.Indicator))
	}
	d.Trend = line
}

type ecoAwardsData struct {
	Indicator  ecosystem.Indicator
	Label      string
	Value      string
	ScopeLabel string
	Back       string
	Rows       []ecosystem.Row
	Counted    int
}

func (s *Server) ecosystemAwards(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	ctx := r.Context()
	sc, err := s.ecosystemScope(r)
	if err != nil {
		return err
	}
	key := r.URL.Query().Get("key")
	rows, err := s.Ecosystem.Behind(ctx, sc, key)
	if err != nil {
		return err
	}
	inds, err := s.Ecosystem.Indicators(ctx, sc)
	if err != nil {
		return err
	}
	d := ecoAwardsData{ScopeLabel: scopeLabel(sc, c.Lang)}
	for _, ind := range inds {
		if ind.Key == key {
			d.Indicator, d.Label, d.Value = ind, ind.Label.In(c.Lang), ecoValue(ind, c.Lang)
		}
	}
	q := scopeQuery(sc)
	q.Set("compare", key)
	d.Back = "/ecosystem?" + q.Encode()
	d.Rows = rows
	for _, row := range rows {
		if row.Counted {
			d.Counted++
		}
	}
	return s.render(w, r, "ecosystem_awards", d.Label, d)
}
