package ecosystem

import (
	"slices"
	"strconv"
	"strings"

	"seedbed"
	"seedbed/evaluation"
)

// Scope selects what an indicator is computed over: innovators of one region and one technical
// field ("" for all) and one calendar year (0 for every year).
type Scope struct {
	Region string `json:"region"`
	Field  string `json:"field"`
	Year   int    `json:"year"`
}

// Period names the scope's period: the year, or "all".
func (s Scope) Period() string {
	if s.Year == 0 {
		return "all"
	}
	return strconv.Itoa(s.Year)
}

// Validate checks the scope against the data: the region must be one innovators are registered
// in, the field one of seedbed.Fields, the year one of d.Years. EINVALID names the field.
func (s Scope) Validate(d *Data) error {
	var es seedbed.Errors
	if s.Region != "" && !slices.Contains(d.Regions(), s.Region) {
		es = append(es, seedbed.FieldError("region", seedbed.Label{
			Zh: "没有登记在地区“%s”的创新主体", En: "no innovator is registered in the region %q"}, s.Region))
	}
	if s.Field != "" && !seedbed.Fields.Has(s.Field) {
		es = append(es, seedbed.FieldError("field", seedbed.Label{
			Zh: "未知的技术领域“%s”，应为 %s", En: "unknown field %q, want one of %s"}, s.Field, strings.Join(seedbed.Fields.Codes(), ", ")))
	}
	if ys := d.Years(); s.Year != 0 && !slices.Contains(ys, s.Year) {
		es = append(es, seedbed.FieldError("year", seedbed.Label{
			Zh: "年份 %d 不在数据范围 %d–%d 内", En: "year %d is outside the data, %d to %d"}, s.Year, ys[0], ys[len(ys)-1]))
	}
	if len(es) > 0 {
		return es
	}
	return nil
}

// has reports whether the innovator is in the scope's region and field.
func (s Scope) has(in *Innovator) bool {
	return in != nil && (s.Region == "" || in.Region == s.Region) && (s.Field == "" || in.Field == s.Field)
}

// during reports whether a time of the year y (0 for no time) falls in the scope's year.
func (s Scope) during(y int) bool { return y != 0 && (s.Year == 0 || y == s.Year) }

// duringQuarter reports whether the quarter falls in the scope's year.
func (s Scope) duringQuarter(q evaluation.Quarter) bool { return s.Year == 0 || q.Year() == s.Year }
