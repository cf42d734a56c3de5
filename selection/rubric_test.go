package selection

import (
	"errors"
	"math"
	"strings"
	"testing"

	"seedbed"
)

func TestDefaultRubricValid(t *testing.T) {
	r := DefaultRubric()
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, c := range r.Criteria {
		if c.Guide.Zh == "" || c.Guide.En == "" {
			t.Errorf("criterion %s has no guide in both languages", c.ID)
		}
	}
}

func TestRubricValidate(t *testing.T) {
	good := Criterion{ID: "a", Name: seedbed.Label{Zh: "甲", En: "A"}, Weight: 1, Min: 1, Max: 5}
	with := func(f func(*Criterion)) Rubric {
		c := good
		f(&c)
		return Rubric{Criteria: []Criterion{c}}
	}
	cases := []struct {
		name  string
		r     Rubric
		field string // "" for valid
	}{
		{"valid", Rubric{Criteria: []Criterion{good}}, ""},
		{"empty", Rubric{}, "criteria"},
		{"duplicate id", Rubric{Criteria: []Criterion{good, good}}, "criteria[1].id"},
		{"bad id", with(func(c *Criterion) { c.ID = "Team Drive" }), "criteria[0].id"},
		{"no english name", with(func(c *Criterion) { c.Name.En = "" }), "criteria[0].name"},
		{"zero weight", with(func(c *Criterion) { c.Weight = 0 }), "criteria[0].weight"},
		{"NaN weight", with(func(c *Criterion) { c.Weight = math.NaN() }), "criteria[0].weight"},
		{"infinite weight", with(func(c *Criterion) { c.Weight = math.Inf(1) }), "criteria[0].weight"},
		{"inverted scale", with(func(c *Criterion) { c.Min, c.Max = 5, 1 }), "criteria[0].max"},
		{"flat scale", with(func(c *Criterion) { c.Min, c.Max = 3, 3 }), "criteria[0].max"},
	}
	for _, c := range cases {
		err := c.r.Validate()
		if c.field == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		var es seedbed.Errors
		if !errors.As(err, &es) || es[0].Field != c.field || es[0].Code != seedbed.EINVALID {
			t.Errorf("%s: got %v, want an invalid error on %s", c.name, err, c.field)
		}
	}
}

func TestRubricTotal(t *testing.T) {
	mixed := Rubric{Criteria: []Criterion{
		{ID: "a", Name: seedbed.Label{Zh: "甲", En: "A"}, Weight: 1, Min: 0, Max: 10},
		{ID: "b", Name: seedbed.Label{Zh: "乙", En: "B"}, Weight: 3, Min: 1, Max: 5},
	}}
	cases := []struct {
		name   string
		r      Rubric
		scores map[string]float64
		want   float64
	}{
		{"all top", DefaultRubric(), map[string]float64{"originality": 5, "team_drive": 5, "leverage": 5, "next_step": 5}, 100},
		{"all bottom", DefaultRubric(), map[string]float64{"originality": 1, "team_drive": 1, "leverage": 1, "next_step": 1}, 0},
		// (3·4/4 + 3·2/4 + 2·0/4 + 2·3/4) / 10 · 100 = (3 + 1.5 + 0 + 1.5) · 10
		{"weighted", DefaultRubric(), map[string]float64{"originality": 5, "team_drive": 3, "leverage": 1, "next_step": 4}, 60},
		// (1·5/10 + 3·1/4) / 4 · 100 = (0.5 + 0.75) · 25
		{"mixed scales", mixed, map[string]float64{"a": 5, "b": 2}, 31.25},
		{"half points", mixed, map[string]float64{"a": 10, "b": 4.5}, (1 + 3*3.5/4) / 4 * 100},
	}
	for _, c := range cases {
		got, err := c.r.Total(c.scores)
		if err != nil || math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%s: got %v, %v; want %v", c.name, got, err, c.want)
		}
	}
}

func TestRubricTotalRefuses(t *testing.T) {
	full := map[string]float64{"originality": 4, "team_drive": 4, "leverage": 4, "next_step": 4}
	with := func(id string, v float64, drop bool) map[string]float64 {
		m := map[string]float64{}
		for k, x := range full {
			m[k] = x
		}
		if drop {
			delete(m, id)
		} else {
			m[id] = v
		}
		return m
	}
	cases := []struct {
		name   string
		scores map[string]float64
		field  string
		text   string
	}{
		{"missing", with("team_drive", 0, true), "scores.team_drive", "团队自驱力"},
		{"too high", with("leverage", 6, false), "scores.leverage", "资金撬动作用"},
		{"too low", with("originality", 0, false), "scores.originality", "1–5"},
		{"NaN", with("next_step", math.NaN(), false), "scores.next_step", "下一步可行性"},
		{"unknown", with("plan_detail", 3, false), "scores.plan_detail", "plan_detail"},
	}
	for _, c := range cases {
		_, err := DefaultRubric().Total(c.scores)
		var es seedbed.Errors
		if !errors.As(err, &es) || es[0].Field != c.field || !strings.Contains(es[0].Error(), c.text) {
			t.Errorf("%s: got %v, want an error on %s mentioning %q", c.name, err, c.field, c.text)
		}
	}
}
