package web

import (
	"html/template"

	"seedbed"
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
