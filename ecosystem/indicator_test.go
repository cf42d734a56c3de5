package ecosystem

import (
	"errors"
	"math"
	"testing"
	"time"

	"seedbed"
	"seedbed/evaluation"
)

func day(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 12, 0, 0, 0, evaluation.BureauZone)
}

func quarter(y, q int) evaluation.Quarter { return evaluation.Quarter(y*4 + q - 1) }

// region builds a small region whose figures are worked out by hand in the tests below.
//
//	innovator  kind        size    region  tags           awards (year: yuan)
//	1          enterprise  small   R1      llm            2024: 50, 2025: 100
//	2          enterprise  large   R1      llm            2025: 400
//	3          team                R1      robot          2025: 100
//	4          individual          R1      vision         2025: 100
//	5          enterprise  medium  R1      llm, robot     2025: 300
//	6          institute           R2      quantum        2024: 200
func region() *Data {
	ins := []Innovator{
		{ID: 1, Name: "一", Kind: seedbed.KindEnterprise, SizeClass: seedbed.SizeSmall, Region: "R1", Field: "ai", PathTags: []string{"llm"}, Registered: day(2024, 1, 5)},
		{ID: 2, Name: "二", Kind: seedbed.KindEnterprise, SizeClass: seedbed.SizeLarge, Region: "R1", Field: "ai", PathTags: []string{"llm"}, Registered: day(2025, 1, 5),
			BecameFirm: day(2025, 3, 1)},
		{ID: 3, Name: "三", Kind: seedbed.KindTeam, SizeClass: seedbed.SizeUnclassified, Region: "R1", Field: "robotics", PathTags: []string{"robot"}, Registered: day(2025, 2, 5)},
		{ID: 4, Name: "四", Kind: seedbed.KindIndividual, SizeClass: seedbed.SizeUnclassified, Region: "R1", Field: "ai", PathTags: []string{"vision"}, Registered: day(2025, 3, 5)},
		{ID: 5, Name: "五", Kind: seedbed.KindEnterprise, SizeClass: seedbed.SizeMedium, Region: "R1", Field: "robotics", PathTags: []string{"llm", "robot"}, Registered: day(2025, 4, 5)},
		{ID: 6, Name: "六", Kind: seedbed.KindInstitute, SizeClass: seedbed.SizeUnclassified, Region: "R2", Field: "quantum", PathTags: []string{"quantum"}, Registered: day(2024, 4, 5)},
	}
	apps := []Application{
		{ID: 1, ProgramID: 1, InnovatorID: 1, Submitted: day(2024, 2, 1)},
		{ID: 2, ProgramID: 2, InnovatorID: 1, Submitted: day(2025, 2, 1)},
		{ID: 3, ProgramID: 2, InnovatorID: 2, Submitted: day(2025, 2, 1)},
		{ID: 4, ProgramID: 2, InnovatorID: 3, Submitted: day(2025, 2, 1)},
		{ID: 5, ProgramID: 2, InnovatorID: 4, Submitted: day(2025, 4, 1)},
		{ID: 6, ProgramID: 2, InnovatorID: 5, Submitted: day(2025, 5, 1)},
		{ID: 7, ProgramID: 1, InnovatorID: 6, Submitted: day(2024, 2, 1)},
	}
	awards := []Award{
		{ID: 10, ProgramID: 1, InnovatorID: 1, Amount: 50, Awarded: day(2024, 3, 1)},
		{ID: 11, ProgramID: 2, InnovatorID: 1, Amount: 100, Awarded: day(2025, 6, 1)},
		{ID: 12, ProgramID: 2, InnovatorID: 2, Amount: 400, Awarded: day(2025, 6, 1)},
		{ID: 13, ProgramID: 2, InnovatorID: 3, Amount: 100, Awarded: day(2025, 6, 1)},
		{ID: 14, ProgramID: 2, InnovatorID: 4, Amount: 100, Awarded: day(2025, 6, 1)},
		{ID: 15, ProgramID: 2, InnovatorID: 5, Amount: 300, Awarded: day(2025, 6, 1)},
		{ID: 16, ProgramID: 1, InnovatorID: 6, Amount: 200, Awarded: day(2024, 3, 1)},
	}
	// Horizons of the 2025 awards 36, 12, 24, 6 and 18 months; milestone reports 3, 2, 2, 1, 2.
	for i, h := range []struct{ months, reports int }{{36, 3}, {12, 2}, {24, 2}, {6, 1}, {18, 2}} {
		awards[i+1].LastDue, awards[i+1].Reports = awards[i+1].Awarded.AddDate(0, h.months, 0), h.reports
	}
	outcomes := []Outcome{
		{AwardID: 11, InnovatorID: 1, Period: quarter(2025, 4), Scored: true, Landmark: true},
		{AwardID: 15, InnovatorID: 5, Period: quarter(2025, 4), Scored: true},
		{AwardID: 16, InnovatorID: 6, Period: quarter(2025, 1), Scored: false},
	}
	return NewData(day(2025, 12, 31), ins, apps, awards, outcomes)
}

func byKey(inds []Indicator) map[string]Indicator {
	m := map[string]Indicator{}
	for _, ind := range inds {
		m[ind.Key] = ind
	}
	return m
}

func TestComputeHandWorked(t *testing.T) {
	d := region()
	got := byKey(Compute(d, Scope{Region: "R1", Year: 2025}))
	entropy := 0.5 + math.Log2(3)/3 + math.Log2(6)/6 // tags of awardees: llm 3, robot 2, vision 1
	want := map[string]float64{
		"new_innovators":          4,   // 2, 3, 4, 5
		"new_grassroots_teams":    1,   // 3 (an individual is not a team)
		"sme_share_applicants":    0.4, // 1 and 5 of 1–5
		"sme_share_awards":        0.4, // awards 11 and 15 of five
		"sme_share_money":         0.4, // (100 + 300) / 1000
		"grassroots_share_awards": 0.4, // 13 and 14
		"grassroots_share_money":  0.2, // 200 / 1000
		"first_time_share_awards": 0.8, // 1 had an award in 2024
		"first_time_share_money":  0.9, // (400 + 100 + 100 + 300) / 1000
		// applicants' tags llm 3, robot 2, vision 1: llm alone is half of them, the mainstream;
		// awards 13 (robot) and 14 (vision) are off it
		"nonmainstream_share_money": 0.2,
		// money per awardee 100, 400, 100, 100, 300: ascending Σ i·x = 3800, 2·3800/5000 − 6/5
		"funding_gini":          0.32,
		"funding_hhi":           0.28, // .1² + .4² + .1² + .1² + .3²
		"path_entropy_awardees": entropy,
		// fields of awardees: ai 3, robotics 2
		"field_entropy_awardees":  -(0.6*math.Log2(0.6) + 0.4*math.Log2(0.4)),
		"path_entropy_applicants": entropy,
		"selection_narrowing":     0,
		"failures":                0,
		"landmarks":               1,
		"teams_became_firms":      1,  // 2, in March 2025
		"horizon_months_median":   18, // 6, 12, 18, 24, 36
		// multi-year (24 months or more) and small: 11 (an SME, 36 months) and 13 (a team, 24)
		"multiyear_small_share_money": 0.2, // (100 + 100) / 1000
		"reports_per_award":           2,   // 10 reports / 5 awards
		"reports_per_million_yuan":    1e4, // 10 reports / 0.001 million yuan
	}
	for key, w := range want {
		ind, ok := got[key]
		if !ok || ind.Value == nil || !near(*ind.Value, w) {
			t.Errorf("%s = %+v, want %v", key, ind, w)
		}
		if ind.Period != "2025" {
			t.Errorf("%s: period %q", key, ind.Period)
		}
	}
	for _, key := range []string{"funding_top10_share", "retry_rate", "refunded_rate", "retry_days_median", "first_landmark_days_median"} {
		if ind := got[key]; ind.Value != nil || ind.Status != evaluation.StatusNotEnoughData {
			t.Errorf("%s = %+v, want not enough data", key, ind)
		}
	}
	if len(got) != len(Definitions) {
		t.Errorf("%d indicators, want %d", len(got), len(Definitions))
	}
}

func TestComputeNotEnoughData(t *testing.T) {
	d := region()
	got := byKey(Compute(d, Scope{Region: "R2"})) // one innovator, one award, an unscored outcome
	if ind := got["new_innovators"]; ind.Value == nil || *ind.Value != 1 || ind.Period != "all" {
		t.Errorf("new_innovators in R2 = %+v", ind)
	}
	for _, key := range []string{"sme_share_awards", "funding_gini", "path_entropy_awardees", "landmarks"} {
		if got[key].Value != nil {
			t.Errorf("%s in R2 has a figure on one award", key)
		}
	}
}

// TestRetry works the retry figures on five innovators whose awards failed in 2025.
func TestRetry(t *testing.T) {
	closed := day(2025, 3, 1)
	var ins []Innovator
	var awards []Award
	for id := int64(1); id <= 5; id++ {
		ins = append(ins, Innovator{ID: id, Kind: seedbed.KindTeam, Region: "R", Registered: day(2023, 1, 1)})
		awards = append(awards, Award{ID: id, InnovatorID: id, Amount: 10, Status: seedbed.AwardFailed, Awarded: day(2024, 1, 1), Closed: closed})
	}
	awards[4].Status = seedbed.AwardStopped
	apps := []Application{
		{ID: 1, InnovatorID: 1, Submitted: day(2025, 3, 11)}, // 10 days later
		{ID: 2, InnovatorID: 2, Submitted: day(2025, 4, 10)}, // 40 days later, funded again
		{ID: 3, InnovatorID: 3, Submitted: day(2023, 12, 1)}, // before the failure only
	}
	awards = append(awards, Award{ID: 6, InnovatorID: 2, Amount: 10, Status: seedbed.AwardActive, Awarded: day(2025, 6, 1)})
	got := byKey(Compute(NewData(day(2025, 12, 1), ins, apps, awards, nil), Scope{Year: 2025}))
	for key, w := range map[string]float64{"failures": 5, "retry_rate": 0.4, "refunded_rate": 0.2} {
		if ind := got[key]; ind.Value == nil || !near(*ind.Value, w) {
			t.Errorf("%s = %+v, want %v", key, ind, w)
		}
	}
	if ind := got["retry_days_median"]; ind.Value != nil || ind.Base != 2 {
		t.Errorf("retry_days_median on two retries = %+v, want not enough data over 2", ind)
	}
	rows, err := Behind(NewData(day(2025, 12, 1), ins, apps, awards, nil), Scope{Year: 2025}, "retry_rate")
	if err != nil || len(rows) != 5 {
		t.Fatalf("Behind retry_rate: %d rows, %v", len(rows), err)
	}
	counted := 0
	for _, r := range rows {
		if r.Counted {
			counted++
		}
	}
	if counted != 2 {
		t.Errorf("%d counted rows behind retry_rate, want 2", counted)
	}
}

func TestBehind(t *testing.T) {
	d := region()
	rows, err := Behind(d, Scope{Region: "R1", Year: 2025}, "sme_share_awards")
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, r := range rows {
		if r.Counted {
			ids = append(ids, r.ID)
		}
	}
	if len(rows) != 5 || len(ids) != 2 || ids[0] != 11 || ids[1] != 15 {
		t.Errorf("behind sme_share_awards: %d rows, counted %v; want 5 rows, 11 and 15", len(rows), ids)
	}
	if rows, _ := Behind(d, Scope{Year: 2025}, "landmarks"); len(rows) != 1 || rows[0].ID != 11 {
		t.Errorf("behind landmarks: %+v", rows)
	}
	for _, key := range []string{"nope", "new_innovators"} {
		if _, err := Behind(d, Scope{}, key); seedbed.ErrorCode(err) != seedbed.EINVALID {
			t.Errorf("Behind(%q): %v, want invalid", key, err)
		}
	}
}

func TestScopeValidate(t *testing.T) {
	d := region()
	if err := (Scope{Region: "R1", Field: "ai", Year: 2024}).Validate(d); err != nil {
		t.Errorf("a known scope: %v", err)
	}
	err := Scope{Region: "R9", Field: "alchemy", Year: 1999}.Validate(d)
	var es seedbed.Errors
	if !errors.As(err, &es) || len(es) != 3 {
		t.Errorf("an unknown region, field and year: %v", err)
	}
}

func TestProgramBreadth(t *testing.T) {
	d := region()
	b := ProgramBreadth(d, 2)
	if b.Awards != 5 || !near(*b.SMEShare, 0.4) || !near(*b.GrassrootsShare, 0.4) || !near(*b.GrassrootsShareMoney, 0.2) {
		t.Errorf("breadth of program 2: %+v", b)
	}
	if b := ProgramBreadth(d, 99); b.SMEShare != nil || b.Status != evaluation.StatusUndefined {
		t.Errorf("breadth of a program without awards: %+v", b)
	}
}

// TestRouteTags: an innovator's route tag decides whether it is off the mainstream, and route
// tags are not paths. In R1 2025 the awards are 100, 400, 100, 100 and 300 yuan (innovators 1–5);
// with 4 declaring 非主流路线 and 2 declaring 主流路线 (although its only path, "quantum", is rare),
// the applicants' paths are llm 2, robot 2, vision 1, quantum 1 (route tags not counted), so the
// mainstream is llm and robot: innovator 3 (robot) is on it, and the money off the mainstream is
// innovator 4's 100 of 1000.
func TestRouteTags(t *testing.T) {
	d := region()
	d.list[3].PathTags = []string{RouteNonMainstream, "vision"}
	d.list[1].PathTags = []string{RouteMainstream, "quantum"}
	got := byKey(Compute(d, Scope{Region: "R1", Year: 2025}))["nonmainstream_share_money"]
	if got.Value == nil || math.Abs(*got.Value-0.1) > 1e-9 {
		t.Errorf("nonmainstream_share_money %v, want 0.1", got.Value)
	}
}
