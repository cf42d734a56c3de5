package seedbed

import (
	"strconv"
	"strings"
)

// Changes lists, as history entries of kind "update", every field in which next differs from
// in, with both values as text.
func (in *Innovator) Changes(next *Innovator) []Change {
	pairs := [][3]string{
		{"name", in.Name, next.Name},
		{"kind", in.Kind, next.Kind},
		{"credit_code", in.CreditCode, next.CreditCode},
		{"industry", in.Industry, next.Industry},
		{"employees", intText(in.Employees), intText(next.Employees)},
		{"revenue", floatText(in.Revenue), floatText(next.Revenue)},
		{"size_class", in.SizeClass, next.SizeClass},
		{"innovation_type", in.InnovationType, next.InnovationType},
		{"driver", in.Driver, next.Driver},
		{"field", in.Field, next.Field},
		{"path_tags", strings.Join(in.PathTags, ";"), strings.Join(next.PathTags, ";")},
		{"region", in.Region, next.Region},
		{"founded_year", strconv.Itoa(in.FoundedYear), strconv.Itoa(next.FoundedYear)},
		{"description", in.Description, next.Description},
		{"contact_name", in.ContactName, next.ContactName},
		{"contact_phone", in.ContactPhone, next.ContactPhone},
		{"contact_email", in.ContactEmail, next.ContactEmail},
	}
	var out []Change
	for _, p := range pairs {
		if p[1] != p[2] {
			out = append(out, Change{EntityID: in.ID, ChangeKind: "update", Field: p[0], OldValue: p[1], NewValue: p[2]})
		}
	}
	return out
}

func intText(p *int64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatInt(*p, 10)
}

func floatText(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}

// ImportLine is the line of the file that row i of an import came from: lines[i] when given,
// else i+2 (one row a line, under a header).
func ImportLine(lines []int, i int) int {
	if lines != nil && i < len(lines) {
		return lines[i]
	}
	return i + 2
}

// CheckImport normalizes and validates the rows of an import and returns every problem, each
// with its line: invalid fields, and credit codes that repeat within the file. It returns nil
// when every row may be stored.
func CheckImport(ins []Innovator, lines []int) error {
	var es Errors
	seen := make(map[string]int, len(ins))
	for i := range ins {
		in := &ins[i]
		in.Normalize()
		if err := in.Validate(); err != nil {
			for _, e := range err.(Errors) {
				e.Line = ImportLine(lines, i)
				es = append(es, e)
			}
		}
		if in.CreditCode != "" {
			if j, dup := seen[in.CreditCode]; dup {
				es = append(es, &Error{Code: ECONFLICT, Field: "credit_code", Line: ImportLine(lines, i),
					Text: Label{Zh: "统一社会信用代码 %s 与第 %d 行重复", En: "credit code %s repeats line %d"}, Args: []any{in.CreditCode, ImportLine(lines, j)}})
			} else {
				seen[in.CreditCode] = i
			}
		}
	}
	if len(es) > 0 {
		return es
	}
	return nil
}

// RegistryStats counts the registry by kind, size class, innovation type, field and technical
// path, for dashboards and the lab's defaults.
type RegistryStats struct {
	Total   int
	ByKind  map[string]int
	BySize  map[string]int
	ByType  map[string]int
	ByPath  map[string]int // non-mainstream and mainstream path tags, for the lab's defaults
	ByField map[string]int
}
