package seedbed

import (
	"time"
)

// Program kinds. A standard program funds a project over a year or two; patient funding (长期稳定
// 支持) funds a small team over several years, in yearly tranches against light, technical
// milestones, with a low cap on the reports it may ask for each year: the essay's long rhythm,
// in which the team's effort goes to the technology rather than to paperwork.
const (
	ProgramStandard = "standard"
	ProgramPatient  = "patient"
)

// ProgramKinds lists the program kinds with their labels.
var ProgramKinds = OptionSet{
	{ProgramStandard, Label{"常规资助", "Standard"}},
	{ProgramPatient, Label{"小团队长期稳定支持", "Patient funding for small teams"}},
}

// Reporting caps: how many scheduled reports one award may owe in one award year.
const (
	DefaultReportCap        = 4
	DefaultPatientReportCap = 2
	MaxPatientReportCap     = 2
	MaxReportCap            = 12
	MinPatientMonths        = 24 // patient funding runs for two years at least
)

// KindLabel is the label of the program's kind.
func (p *Program) KindLabel() Label { return ProgramKinds.Label(p.Kind) }

// Months is how long a full award of the program runs: the sum of its stages.
func (p *Program) Months() int {
	n := 0
	for _, s := range p.Stages {
		n += s.Months
	}
	return n
}

// End is the end of the program's period, past which no award's milestone or report may be due:
// the date set, or else a year after an award made at the deadline would have run its stages.
func (p *Program) End() time.Time {
	if !p.EndsAt.IsZero() {
		return p.EndsAt
	}
	return p.Deadline.AddDate(0, p.Months()+12, 0)
}

// normalizeKind fills the kind and the reporting cap of a program that names none.
func (p *Program) normalizeKind() {
	if p.Kind == "" {
		p.Kind = ProgramStandard
	}
	if p.ReportCap == 0 {
		p.ReportCap = DefaultReportCap
		if p.Kind == ProgramPatient {
			p.ReportCap = DefaultPatientReportCap
		}
	}
}

// validateKind checks the kind, the period and the reporting cap: patient funding runs over
// years in at least two tranches, asks for at most two reports a year, and ends on a set date.
func (p *Program) validateKind() Errors {
	var es Errors
	if !ProgramKinds.Has(p.Kind) {
		es = append(es, FieldError("kind", Label{Zh: "未知的计划类型 %q", En: "unknown program kind %q"}, p.Kind))
		return es
	}
	if p.ReportCap < 1 || p.ReportCap > MaxReportCap {
		es = append(es, FieldError("report_cap", Label{Zh: "每年报告上限应为 1 到 %d 份", En: "the yearly report cap must be from 1 to %d"}, MaxReportCap))
	}
	if !p.EndsAt.IsZero() && !p.Deadline.IsZero() && p.EndsAt.Before(p.Deadline.AddDate(0, p.Months(), 0)) {
		es = append(es, FieldError("ends_at", Label{Zh: "计划执行期应在申报截止后至少容纳各阶段的 %d 个月", En: "the program's period must hold the stages' %d months after the deadline"}, p.Months()))
	}
	if p.Kind != ProgramPatient {
		return es
	}
	if p.ReportCap > MaxPatientReportCap {
		es = append(es, FieldError("report_cap", Label{Zh: "长期稳定支持每年最多要求 %d 份报告", En: "patient funding asks for at most %d reports a year"}, MaxPatientReportCap))
	}
	if len(p.Stages) < 2 || p.Months() < MinPatientMonths {
		es = append(es, FieldError("stages", Label{Zh: "长期稳定支持应分至少两批、历时至少 %d 个月拨付", En: "patient funding pays in at least two tranches over at least %d months"}, MinPatientMonths))
	}
	if p.EndsAt.IsZero() {
		es = append(es, FieldError("ends_at", Label{Zh: "长期稳定支持须写明执行期截止日期", En: "patient funding needs the end of its period"}))
	}
	return es
}
