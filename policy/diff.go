package policy

import (
	"strconv"
	"strings"

	"seedbed"
)

// Change kinds of a Diff.
const (
	ChangeMetadata          = "metadata"
	ChangeClauseAdded       = "clause_added"
	ChangeClauseRemoved     = "clause_removed"
	ChangeClauseChanged     = "clause_changed"
	ChangeInstrumentAdded   = "instrument_added"
	ChangeInstrumentRemoved = "instrument_removed"
	ChangeInstrumentChanged = "instrument_changed"
)

// Change is one difference between two versions, with the old and new values and, for texts
// in two languages and for expressions, the old and new values in words.
type Change struct {
	Kind        string        `json:"kind"`
	Path        string        `json:"path"` // "title", "conditions.small", "instruments.seed.cap"
	Old         string        `json:"old,omitempty"`
	New         string        `json:"new,omitempty"`
	OldSentence seedbed.Label `json:"old_sentence"`
	NewSentence seedbed.Label `json:"new_sentence"`
	Summary     seedbed.Label `json:"summary"`
}

// VersionDiff is the structured difference between two versions of a policy.
type VersionDiff struct {
	ID      string   `json:"id"`
	From    int      `json:"from"`
	To      int      `json:"to"`
	Changes []Change `json:"changes"`
}

// Diff returns the differences from version a to version b: metadata, clauses added,
// removed and changed (matched by id), and instruments likewise. Test cases are not compared.
func Diff(a, b *Document) VersionDiff {
	d := VersionDiff{ID: b.ID, From: a.Version, To: b.Version}
	code := func(s string) seedbed.Label { return seedbed.Label{Zh: s, En: s} }
	meta := []struct {
		path, zh, en string
		old, new     seedbed.Label
	}{
		{"id", "编号", "id", code(a.ID), code(b.ID)},
		{"title", "标题", "title", a.Title, b.Title},
		{"summary", "摘要", "summary", a.Summary, b.Summary},
		{"issuer", "发布机关", "issuer", a.Issuer, b.Issuer},
		{"effective_from", "生效日期", "effective from", code(a.EffectiveFrom.String()), code(b.EffectiveFrom.String())},
		{"effective_to", "失效日期", "effective to", code(openEnd(a.EffectiveTo)), code(openEnd(b.EffectiveTo))},
		{"segment", "对象", "segment", Segments.Label(a.Segment), Segments.Label(b.Segment)},
		{"selection", "遴选方式", "selection", Selections.Label(a.Selection), Selections.Label(b.Selection)},
		{"application", "申请方式", "application", Applications.Label(a.Application), Applications.Label(b.Application)},
		{"horizon_months", "资助期限（月）", "horizon (months)", code(strconv.Itoa(a.HorizonMonths)), code(strconv.Itoa(b.HorizonMonths))},
		{"notes", "说明", "notes", a.Notes, b.Notes},
	}
	for _, m := range meta {
		if m.old != m.new {
			d.Changes = append(d.Changes, Change{Kind: ChangeMetadata, Path: m.path, Old: labelText(m.old), New: labelText(m.new),
				OldSentence: m.old, NewSentence: m.new,
				Summary: seedbed.Label{
					Zh: "修改" + m.zh + "：" + pick(m.old.Zh, "（无）") + " → " + pick(m.new.Zh, "（无）"),
					En: "changed " + m.en + ": " + pick(m.old.En, "(none)") + " → " + pick(m.new.En, "(none)")}})
		}
	}
	d.Changes = append(d.Changes, diffClauses(a.Conditions, b.Conditions)...)
	d.Changes = append(d.Changes, diffInstruments(a.Instruments, b.Instruments)...)
	return d
}

func labelText(l seedbed.Label) string {
	if l.En == "" || l.En == l.Zh {
		return l.Zh
	}
	return l.Zh + " / " + l.En
}

func sameExpr(a, b Expr) bool {
	return strings.Join(strings.Fields(a.Text), " ") == strings.Join(strings.Fields(b.Text), " ")
}

func sentenceOf(e Expr) seedbed.Label {
	if e.IsZero() {
		return seedbed.Label{}
	}
	l, _ := RenderExpr(e.Text)
	return l
}

func diffClauses(old, new []Clause) []Change {
	var out []Change
	byID := map[string]Clause{}
	for _, c := range old {
		byID[c.ID] = c
	}
	seen := map[string]bool{}
	for _, n := range new {
		seen[n.ID] = true
		o, ok := byID[n.ID]
		path := "conditions." + n.ID
		ns := sentenceOf(n.Expr)
		switch {
		case !ok:
			out = append(out, Change{Kind: ChangeClauseAdded, Path: path, New: n.Expr.Text, NewSentence: ns,
				Summary: seedbed.Label{Zh: "新增条件「" + named(n.Text.Zh, n.ID) + "」：" + ns.Zh, En: "added condition “" + named(n.Text.En, n.ID) + "”: " + ns.En}})
		case !sameExpr(o.Expr, n.Expr) || o.Text != n.Text:
			os := sentenceOf(o.Expr)
			out = append(out, Change{Kind: ChangeClauseChanged, Path: path, Old: o.Expr.Text, New: n.Expr.Text, OldSentence: os, NewSentence: ns,
				Summary: seedbed.Label{Zh: "修改条件「" + named(n.Text.Zh, n.ID) + "」：" + os.Zh + " → " + ns.Zh, En: "changed condition “" + named(n.Text.En, n.ID) + "”: " + os.En + " → " + ns.En}})
		}
	}
	for _, o := range old {
		if !seen[o.ID] {
			os := sentenceOf(o.Expr)
			out = append(out, Change{Kind: ChangeClauseRemoved, Path: "conditions." + o.ID, Old: o.Expr.Text, OldSentence: os,
				Summary: seedbed.Label{Zh: "删除条件「" + named(o.Text.Zh, o.ID) + "」：" + os.Zh, En: "removed condition “" + named(o.Text.En, o.ID) + "”: " + os.En}})
		}
	}
	return out
}

func diffInstruments(old, new []Instrument) []Change {
	var out []Change
	byID := map[string]Instrument{}
	for _, in := range old {
		byID[in.ID] = in
	}
	seen := map[string]bool{}
	for _, n := range new {
		seen[n.ID] = true
		o, ok := byID[n.ID]
		if !ok {
			ns := sentenceOf(n.Amount)
			out = append(out, Change{Kind: ChangeInstrumentAdded, Path: "instruments." + n.ID, New: n.Amount.Text, NewSentence: ns,
				Summary: seedbed.Label{Zh: "新增支持工具「" + named(n.Name.Zh, n.ID) + "」", En: "added instrument “" + named(n.Name.En, n.ID) + "”"}})
			continue
		}
		out = append(out, diffInstrument(o, n)...)
	}
	for _, o := range old {
		if !seen[o.ID] {
			out = append(out, Change{Kind: ChangeInstrumentRemoved, Path: "instruments." + o.ID, Old: o.Amount.Text, OldSentence: sentenceOf(o.Amount),
				Summary: seedbed.Label{Zh: "删除支持工具「" + named(o.Name.Zh, o.ID) + "」", En: "removed instrument “" + named(o.Name.En, o.ID) + "”"}})
		}
	}
	return out
}

func diffInstrument(o, n Instrument) []Change {
	var out []Change
	add := func(field, zh, en, ov, nv string, os, ns seedbed.Label) {
		out = append(out, Change{Kind: ChangeInstrumentChanged, Path: "instruments." + n.ID + "." + field, Old: ov, New: nv,
			OldSentence: os, NewSentence: ns,
			Summary: seedbed.Label{
				Zh: "修改支持工具「" + named(n.Name.Zh, n.ID) + "」的" + zh + "：" + pick(os.Zh, ov) + " → " + pick(ns.Zh, nv),
				En: "changed " + en + " of instrument “" + named(n.Name.En, n.ID) + "”: " + pick(os.En, ov) + " → " + pick(ns.En, nv)}})
	}
	none := seedbed.Label{}
	if o.Kind != n.Kind {
		add("kind", "类型", "kind", o.Kind, n.Kind, none, none)
	}
	if o.Name != n.Name {
		add("name", "名称", "name", labelText(o.Name), labelText(n.Name), o.Name, n.Name)
	}
	if !sameExpr(o.When, n.When) {
		add("when", "适用条件", "condition", o.When.Text, n.When.Text, sentenceOf(o.When), sentenceOf(n.When))
	}
	if !sameExpr(o.Amount, n.Amount) {
		add("amount", "金额公式", "amount formula", o.Amount.Text, n.Amount.Text, sentenceOf(o.Amount), sentenceOf(n.Amount))
	}
	if o.Cap != n.Cap {
		add("cap", "上限", "cap", formatNumber(o.Cap), formatNumber(n.Cap), none, none)
	}
	if o.Unit != n.Unit {
		add("unit", "单位", "unit", o.Unit, n.Unit, none, none)
	}
	oc, nc := cofundingText(o.Cofunding), cofundingText(n.Cofunding)
	if oc != nc {
		add("cofunding", "配套规则", "co-funding rule", oc, nc, none, none)
	}
	return out
}

func cofundingText(c *Cofunding) string {
	if c == nil {
		return "-"
	}
	return formatNumber(c.Ratio) + " × (" + strings.Join(strings.Fields(c.Own.Text), " ") + ")"
}

// named is a clause's or instrument's written name, or its id when it has none.
func named(name, id string) string { return pick(name, id) }

func pick(s, fallback string) string {
	if s != "" {
		return s
	}
	return fallback
}
