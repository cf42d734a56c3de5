package web

import (
	"html/template"
	"regexp"
	"strconv"
	"strings"

	"seedbed/i18n"
)

// Aria writes the attributes that tie a form control to its hint and its error: the hint
// (h-NAME, when hint is true) and the error message (e-NAME) in aria-describedby, and
// aria-invalid when the field has an error. The error summary links to the control (f-NAME).
func (p *page) Aria(name string, hint bool) template.HTMLAttr {
	var ids []string
	if hint {
		ids = append(ids, "h-"+name)
	}
	bad := p.FieldError(name) != ""
	if bad {
		ids = append(ids, "e-"+name)
	}
	var b strings.Builder
	if len(ids) > 0 {
		b.WriteString(` aria-describedby="` + template.HTMLEscapeString(strings.Join(ids, " ")) + `"`)
	}
	if bad {
		b.WriteString(` aria-invalid="true"`)
	}
	return template.HTMLAttr(b.String())
}

// rowFieldPattern matches a field inside a repeatable row: stages[1].share, rubric.criteria[0].max.
var rowFieldPattern = regexp.MustCompile(`^([a-z_.]+)\[(\d+)\]\.([a-z_]+)$`)

// rowFieldLabel names a field inside a repeatable row as the page shows it: "第 2 阶段 · 拨付比例（%）".
// It returns "" when the row's group or the field has no label.
func (p *page) rowFieldLabel(field string) string {
	m := rowFieldPattern.FindStringSubmatch(field)
	if m == nil || !i18n.Has("forms.row."+m[1]) || !i18n.Has("pf."+m[1]+"."+m[3]) {
		return ""
	}
	i, err := strconv.Atoi(m[2])
	if err != nil || i > 1000 {
		return ""
	}
	return i18n.T(p.Lang, "forms.row_field", i18n.T(p.Lang, "forms.row."+m[1], i+1), i18n.T(p.Lang, "pf."+m[1]+"."+m[3]))
}

// AriaGroup writes the attributes of a fieldset of radio buttons or check boxes: its id (f-NAME,
// the target of the error summary's link) and the error message in aria-describedby.
func (p *page) AriaGroup(name string) template.HTMLAttr {
	s := ` id="f-` + template.HTMLEscapeString(name) + `"`
	if p.FieldError(name) != "" {
		s += ` aria-describedby="e-` + template.HTMLEscapeString(name) + `"`
	}
	return template.HTMLAttr(s)
}
