package seedbed

import (
	"strings"
	"testing"
	"time"
)

func validProgram() Program {
	return Program{Title: "草根创新种子计划", PolicyIDs: []string{"grassroots-seed"}, Budget: 1_000_000,
		Deadline: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), SelectionMode: SelectionLottery}
}

func TestProgramValidate(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(p *Program)
		field string // "" for valid
	}{
		{"valid", func(p *Program) {}, ""},
		{"no title", func(p *Program) { p.Title = "  " }, "title"},
		{"zero budget", func(p *Program) { p.Budget = 0 }, "budget"},
		{"request above budget", func(p *Program) { p.MaxRequest = 2_000_000 }, "max_request"},
		{"unknown mode", func(p *Program) { p.SelectionMode = "beauty_contest" }, "selection_mode"},
		{"bad policy id", func(p *Program) { p.PolicyIDs = []string{"Grassroots Seed"} }, "policy_ids"},
		{"no deadline", func(p *Program) { p.Deadline = time.Time{} }, "deadline"},
		{"bar out of range", func(p *Program) { p.QualityBar = 9 }, "quality_bar"},
		{"too many reviewers", func(p *Program) { p.ReviewersPerApp = 11 }, "reviewers_per_app"},
		{"expertise weight above 1", func(p *Program) { p.ExpertiseWeight = 1.5 }, "expertise_weight"},
		{"champions funded", func(p *Program) { p.ChampionRule = ChampionFund }, ""},
		{"unknown champion rule", func(p *Program) { p.ChampionRule = "crown" }, "champion_rule"},
		{"shares not 100", func(p *Program) {
			p.Stages = []Stage{{Name: "一", Share: 30, Months: 6, Milestone: "m"}, {Name: "二", Share: 30, Months: 6, Milestone: "m"}}
		}, "stages"},
		{"stage without milestone", func(p *Program) { p.Stages = []Stage{{Name: "一", Share: 100, Months: 6}} }, "stages[0].milestone"},
		{"question reuses a core key", func(p *Program) { p.Fields = []FormField{{Key: "team", Label: Label{Zh: "团队"}}} }, "fields[0].key"},
		{"bad question key", func(p *Program) { p.Fields = []FormField{{Key: "Open Source?", Label: Label{Zh: "开源"}}} }, "fields[0].key"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := validProgram()
			c.edit(&p)
			p.Normalize()
			err := p.Validate()
			if c.field == "" {
				if err != nil {
					t.Fatalf("valid program refused: %v", err)
				}
				return
			}
			es, _ := err.(Errors)
			for _, e := range es {
				if e.Field == c.field {
					return
				}
			}
			t.Fatalf("want an error on %s, got %v", c.field, err)
		})
	}
}

func TestApplicationValidate(t *testing.T) {
	p := validProgram()
	p.MaxRequest = 100_000
	p.Fields = []FormField{{Key: "open_source", Label: Label{Zh: "是否开源", En: "Open source?"}, Required: true}}
	p.Normalize()
	full := Application{Title: "稀疏注意力", Direction: "不走主流路线", Team: "三人", Unlocks: "租算力", Amount: 50_000,
		Extra: map[string]string{"open_source": "是"}}
	cases := []struct {
		name     string
		edit     func(a *Application)
		complete bool
		field    string
	}{
		{"complete", func(a *Application) {}, true, ""},
		{"draft may be empty", func(a *Application) { *a = Application{} }, false, ""},
		{"submission needs direction", func(a *Application) { a.Direction = "" }, true, "direction"},
		{"over the limit", func(a *Application) { a.Amount = 100_001 }, false, "amount"},
		{"no amount on submission", func(a *Application) { a.Amount = 0 }, true, "amount"},
		{"a detailed plan is too long", func(a *Application) { a.Direction = strings.Repeat("计划", MaxAppDirection) }, false, "direction"},
		{"required question", func(a *Application) { a.Extra = nil }, true, "extra.open_source"},
		{"unknown question", func(a *Application) { a.Extra["budget_table"] = "…" }, false, "extra.budget_table"},
		{"unknown field", func(a *Application) { a.Field = "alchemy" }, false, "field"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := full
			a.Extra = map[string]string{"open_source": "是"}
			c.edit(&a)
			a.Normalize()
			err := a.Validate(&p, c.complete)
			if c.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			for _, e := range err.(Errors) {
				if e.Field == c.field {
					return
				}
			}
			t.Fatalf("want an error on %s, got %v", c.field, err)
		})
	}
}

func TestTrancheAmounts(t *testing.T) {
	cases := []struct {
		amount int64
		shares []int
		want   []int64
	}{
		{100_000, []int{100}, []int64{100_000}},
		{100_000, []int{30, 70}, []int64{30_000, 70_000}},
		{100_001, []int{33, 33, 34}, []int64{33_000, 33_000, 34_001}},
		{7, []int{50, 50}, []int64{3, 4}},
	}
	for _, c := range cases {
		var stages []Stage
		for _, s := range c.shares {
			stages = append(stages, Stage{Share: s})
		}
		got := TrancheAmounts(c.amount, stages)
		var sum int64
		for i := range got {
			sum += got[i]
			if got[i] != c.want[i] {
				t.Errorf("%d over %v: %v, want %v", c.amount, c.shares, got, c.want)
			}
		}
		if sum != c.amount {
			t.Errorf("%d over %v adds up to %d", c.amount, c.shares, sum)
		}
	}
}

func TestAppCode(t *testing.T) {
	for _, c := range []struct {
		code string
		id   int64
	}{{"A-17", 17}, {"A-017", 0}, {"A-0", 0}, {"B-1", 0}, {"A-1x", 0}, {"A--1", 0}} {
		if got := ParseAppCode(c.code); got != c.id {
			t.Errorf("ParseAppCode(%q) = %d, want %d", c.code, got, c.id)
		}
	}
	if ParseAppCode(AppCode(123456)) != 123456 {
		t.Fatal("AppCode does not round-trip")
	}
}

func TestNextProgramState(t *testing.T) {
	want := map[string]string{ProgramDraft: ProgramOpen, ProgramOpen: ProgramInReview, ProgramInReview: ProgramDecided,
		ProgramDecided: ProgramClosed, ProgramClosed: "", "bogus": ""}
	for from, to := range want {
		if got := NextProgramState(from); got != to {
			t.Errorf("after %s: %q, want %q", from, got, to)
		}
	}
}
