package web

import (
	"html/template"

	"seedbed"
	"seedbed/evaluation"
)

// todoArgs carries the to-do counts of the awards into the shared "award_todo" partial.
type todoArgs struct {
	Page *page
	Todo seedbed.AwardTodo
}

// awardLifeFuncs are the template functions of the award-life pages.
var awardLifeFuncs = template.FuncMap{
	"todoArgs": func(p *page, t seedbed.AwardTodo) todoArgs { return todoArgs{Page: p, Todo: t} },
}

// closeoutOutcomeKinds lists the impact module's outcome kinds, with their measures, for the
// closeout form.
func closeoutOutcomeKinds() seedbed.OptionSet {
	var out seedbed.OptionSet
	for _, k := range evaluation.OutcomeKinds {
		out = append(out, seedbed.Option{Code: k.Code, Label: seedbed.FormatLabel(seedbed.Label{Zh: "%s（%s）", En: "%s (%s)"}, k.Label, k.Measure)})
	}
	return out
}
