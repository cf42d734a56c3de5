package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"seedbed"
	"seedbed/i18n"
)

// A picker lets a person choose policies or organisations by name, without JavaScript and
// without ever typing an internal number or code: what is chosen shows as ticked boxes (or
// radio buttons for a single choice), and a search box with its own submit button posts the
// whole form back (name "find", value the picker's field), so that the page comes back with
// what was typed kept and the matches offered to tick. The form submits the ids.

// pickChoice is one option of a picker.
type pickChoice struct {
	Value, Label, Hint string
	Checked            bool
}

// picker is a choice of things by name, with a search step.
type picker struct {
	Name     string // the posted field, and the id of the fieldset (f-NAME)
	Label    string // catalogue key of the legend
	Hint     string // catalogue key of the hint
	Multi    bool   // several may be chosen (check boxes) or one (radio buttons, with "none")
	Query    string
	Options  []pickChoice // the chosen ones first, then the matches of the search
	Searched bool
	None     bool // the search matched nothing
	More     bool // more matched than are shown
}

// pickerArgs carries a picker and the page into the picker template.
type pickerArgs struct {
	Page *page
	P    picker
}

// pickerFuncs are the template functions of pickers and repeatable rows.
var pickerFuncs = map[string]any{
	"formPicker": func(p *page, k picker) pickerArgs { return pickerArgs{Page: p, P: k} },
	"appChecklist": func(p *page, form string, choices []pickChoice) checklistArgs {
		return checklistArgs{Page: p, Form: form, Choices: choices}
	},
	"pickerChosen": func(k picker) bool {
		for _, o := range k.Options {
			if o.Checked {
				return true
			}
		}
		return false
	},
	"rowArgs": func(p *page, group string, i int, field, value, kind string) rowArgs {
		return rowArgs{Page: p, Group: group, I: i, Field: field, Value: value, Kind: kind}
	},
	"rubricNum": numText,
	"rowField":  func(group string, i int, name string) string { return group + "[" + strconv.Itoa(i) + "]." + name },
}

// rowArgs carries one field of a repeatable row into the rowtext template.
type rowArgs struct {
	Page               *page
	Group              string
	I                  int
	Field, Value, Kind string
}

// maxPickerResults caps a picker's matches; people refine the search for more.
const maxPickerResults = 20

// findRequested reports which picker's search button posted the form, if one did.
func findRequested(r *http.Request) string { return strings.TrimSpace(r.PostForm.Get("find")) }

// pickerQuery reads a picker's search text, cut to 100 characters.
func pickerQuery(r *http.Request, name string) string {
	q := strings.TrimSpace(r.PostForm.Get("q_" + name))
	if utf8.RuneCountInString(q) > 100 {
		q = string([]rune(q)[:100])
	}
	return q
}

// postedIDs reads the ids a picker posted: each value may itself be a list (as older forms and
// scripts send "3, 7"); anything that is not a positive number is reported against the field.
func postedIDs(r *http.Request, name string) ([]int64, *seedbed.Error) {
	var out []int64
	seen := map[int64]bool{}
	for _, v := range r.PostForm[name] {
		for _, s := range strings.FieldsFunc(v, func(r rune) bool { return strings.ContainsRune(",，;；、 \n\r", r) }) {
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil || id <= 0 {
				return out, seedbed.FieldError(name, seedbed.Label{Zh: "请从列表中选择（搜索名称后勾选）", En: "choose from the list (search by name, then tick)"})
			}
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	return out, nil
}

// postedCodes reads the codes a picker posted (policy ids), each value possibly a list.
func postedCodes(r *http.Request, name string) []string {
	var out []string
	for _, v := range r.PostForm[name] {
		out = append(out, strings.FieldsFunc(v, func(r rune) bool { return strings.ContainsRune(",， \n\r", r) })...)
	}
	return out
}

// innovatorPicker offers organisations by name: the chosen ones ticked, and when q is set the
// registry's matches (two Chinese characters are enough) to tick. Individuals registered as
// innovators are persons: only those who oversee programs find them by name.
func (s *Server) innovatorPicker(ctx context.Context, c *reqCtx, name string, multi bool, chosen []int64, q string) (picker, error) {
	lang := c.Lang
	k := picker{Name: name, Label: "pf." + name, Hint: "forms.hint_" + name, Multi: multi, Query: q}
	have := map[int64]bool{}
	for _, id := range chosen {
		in, err := s.Registry.Innovator(ctx, id)
		if err != nil {
			if seedbed.ErrorCode(err) == seedbed.ENOTFOUND {
				k.Options = append(k.Options, pickChoice{Value: itoa(id), Label: i18n.T(lang, "forms.unknown_org"), Checked: true})
				have[id] = true
				continue
			}
			return k, err
		}
		have[id] = true
		k.Options = append(k.Options, pickChoice{Value: itoa(id), Label: in.Name, Hint: innovatorHint(lang, in), Checked: true})
	}
	if q == "" {
		return k, nil
	}
	k.Searched = true
	found, total, err := s.Registry.FindInnovators(ctx, seedbed.InnovatorFilter{Query: q, Limit: maxPickerResults})
	if err != nil {
		return k, err
	}
	k.More = total > len(found)
	n := 0
	for i := range found {
		if have[found[i].ID] || (found[i].Kind == seedbed.KindIndividual && !overseer(c.Actor)) {
			continue
		}
		n++
		k.Options = append(k.Options, pickChoice{Value: itoa(found[i].ID), Label: found[i].Name, Hint: innovatorHint(lang, &found[i])})
	}
	k.None = n == 0
	return k, nil
}

// innovatorHint tells organisations of the same name apart: their kind and region.
func innovatorHint(lang string, in *seedbed.Innovator) string {
	parts := []string{seedbed.Kinds.Label(in.Kind).In(lang)}
	if in.Region != "" {
		parts = append(parts, in.Region)
	}
	return strings.Join(parts, " · ")
}

// policyPicker offers the policies by title: the chosen ones ticked, then every other policy
// (the library is small) or, when q is set, those whose title or summary holds it.
func (s *Server) policyPicker(ctx context.Context, lang string, chosen []string, q string) (picker, error) {
	k := picker{Name: "policy_ids", Label: "pf.policy_ids", Hint: "forms.hint_policy_ids", Multi: true, Query: q, Searched: q != ""}
	lib, err := s.Policies.Library(ctx)
	if err != nil {
		return k, err
	}
	today := s.today()
	title := func(id string) (string, string, bool) {
		vs := lib.Versions(id)
		if len(vs) == 0 {
			return "", "", false
		}
		doc := vs[len(vs)-1].Document()
		hint := i18n.T(lang, "forms.policy_not_in_force")
		if cur := lib.At(id, today); cur != nil {
			doc, hint = cur.Document(), i18n.T(lang, "forms.policy_in_force")
		}
		return doc.Title.In(lang), hint, true
	}
	have := map[string]bool{}
	for _, id := range chosen {
		if have[id] {
			continue
		}
		have[id] = true
		t, hint, ok := title(id)
		if !ok {
			t, hint = i18n.T(lang, "forms.unknown_policy"), ""
		}
		k.Options = append(k.Options, pickChoice{Value: id, Label: t, Hint: hint, Checked: true})
	}
	needle := strings.ToLower(q)
	n := 0
	for _, id := range lib.IDs() {
		if have[id] {
			continue
		}
		vs := lib.Versions(id)
		doc := vs[len(vs)-1].Document()
		if needle != "" && !strings.Contains(strings.ToLower(doc.Title.Zh+"\x00"+doc.Title.En+"\x00"+doc.Summary.Zh+"\x00"+doc.Summary.En+"\x00"+doc.Issuer.Zh), needle) {
			continue
		}
		if n == 50 {
			k.More = true
			break
		}
		n++
		t, hint, _ := title(id)
		k.Options = append(k.Options, pickChoice{Value: id, Label: t, Hint: hint})
	}
	k.None = q != "" && n == 0
	return k, nil
}
