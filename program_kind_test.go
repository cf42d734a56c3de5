package seedbed

import (
	"strings"
	"testing"
	"time"
)

func patientProgram() *Program {
	p := &Program{Title: "长期稳定支持", Budget: 1_000_000, Deadline: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), SelectionMode: SelectionRanked,
		Kind: ProgramPatient, EndsAt: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC),
		Stages: []Stage{{Name: "第一年", Share: 30, Months: 12, Milestone: "任务书"}, {Name: "第二年", Share: 35, Months: 12, Milestone: "可运行版本"},
			{Name: "第三年", Share: 35, Months: 12, Milestone: "第三方复现"}}}
	p.Normalize()
	return p
}

// Patient funding: years, at least two tranches, at most two reports a year, a set end.
func TestPatientProgramRules(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(p *Program)
		field string // "" for valid
	}{
		{"valid", func(p *Program) {}, ""},
		{"cap of three", func(p *Program) { p.ReportCap = 3 }, "report_cap"},
		{"one year only", func(p *Program) { p.Stages = p.Stages[:1]; p.Stages[0].Share = 100 }, "stages"},
		{"no end", func(p *Program) { p.EndsAt = time.Time{} }, "ends_at"},
		{"end before the stages could run", func(p *Program) { p.EndsAt = p.Deadline.AddDate(2, 0, 0) }, "ends_at"},
		{"unknown kind", func(p *Program) { p.Kind = "forever" }, "kind"},
	}
	for _, c := range cases {
		p := patientProgram()
		c.edit(p)
		err := p.Validate()
		if c.field == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		es, _ := err.(Errors)
		found := false
		for _, e := range es {
			found = found || e.Field == c.field
		}
		if !found {
			t.Errorf("%s: %v, want an error on %s", c.name, err, c.field)
		}
	}
	if p := patientProgram(); p.ReportCap != DefaultPatientReportCap {
		t.Errorf("default cap %d", p.ReportCap)
	}
}

// The schedules: patient funding one report a year plus the final; standard every six months
// with a yearly financial report; neither beyond its cap; nothing after the program's end.
func TestPlanReportsAndCap(t *testing.T) {
	awarded := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	p := patientProgram()
	rs := PlanReports(p, awarded)
	var kinds []string
	for _, r := range rs {
		kinds = append(kinds, r.Kind)
	}
	if strings.Join(kinds, ",") != "progress,progress,final" || !rs[2].DueAt.Equal(awarded.AddDate(0, 36, 0)) {
		t.Fatalf("patient schedule %v, final %v", kinds, rs[len(rs)-1].DueAt)
	}
	if err := CheckReportCap(rs, awarded, p.ReportCap); err != nil {
		t.Fatal(err)
	}
	extra := append(rs, Report{Kind: ReportFinancial, DueAt: awarded.AddDate(0, 13, 0)}, Report{Kind: ReportProgress, DueAt: awarded.AddDate(0, 14, 0)})
	if err := CheckReportCap(extra, awarded, p.ReportCap); err == nil || !strings.Contains(err.Error(), "award year 2") {
		t.Fatalf("three reports in year 2 under a cap of 2: %v", err)
	}
	p.EndsAt = awarded.AddDate(0, 30, 0)
	if rs := PlanReports(p, awarded); !rs[len(rs)-1].DueAt.Equal(p.EndsAt) {
		t.Fatalf("final report after the program's end: %v", rs[len(rs)-1].DueAt)
	}
	if err := CheckDueInPeriod("due_at", p.EndsAt.Add(time.Hour), awarded, p); err == nil || ErrorCode(err) != ECONFLICT {
		t.Fatalf("a date after the end: %v", err)
	}
}
