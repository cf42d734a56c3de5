package evaluation

import (
	"strings"
	"time"
	"unicode/utf8"

	"seedbed"
)

// CorrectionSource is the source a corrected value carries: an applicant (the awardee) corrects
// in a progress report, anyone else as an officer.
func CorrectionSource(role string) string {
	if role == seedbed.RoleApplicant {
		return SourceProgressReport
	}
	return SourceOfficer
}

// Check trims the reason and checks the correction of the stored value old, made with source at
// now: the reason is required and bounded, the new value is checked as a new observation would
// be, and it must differ from the stored one. It returns the corrected observation and the
// problems, which point at no row. The version is not checked here: that is the caller's
// concurrency check.
func (c *Correction) Check(old ObservationRecord, source string, now time.Time) (Observation, seedbed.Errors) {
	var es seedbed.Errors
	c.Reason = strings.TrimSpace(c.Reason)
	switch n := utf8.RuneCountInString(c.Reason); {
	case n == 0:
		es = append(es, seedbed.FieldError("reason", seedbed.Label{Zh: "请说明更正原因", En: "give the reason for the correction"}))
	case n > MaxCorrectionReason:
		es = append(es, seedbed.FieldError("reason", seedbed.Label{Zh: "更正原因过长（最多 %d 字）", En: "reason too long (at most %d characters)"}, MaxCorrectionReason))
	}
	next := Observation{InnovatorID: old.InnovatorID, Indicator: old.Indicator, Period: old.Period, Value: c.Value, Unit: c.Unit, Source: source}
	next.Normalize()
	es = append(es, ValidateObservations([]Observation{next}, now.In(BureauZone))...)
	for _, e := range es {
		e.Line = 0 // a single value: no rows to point at
	}
	if len(es) == 0 && c.Value == old.Value {
		es = append(es, seedbed.FieldError("value", seedbed.Label{Zh: "新数值与现有数值相同", En: "the new value equals the stored one"}))
	}
	return next, es
}
