package seedbed

import (
	"strings"
	"testing"
)

func TestAuditDetail(t *testing.T) {
	cases := []struct {
		action, detail, zh, en string
		ok                     bool
	}{
		{"program.transition", "draft → in_review", "草稿 → 评审中", "", true},
		{"application.submit", "ineligible", "不符合条件", "Ineligible", true},
		{"tranche.review", "accept", "通过", "Accepted", true},
		{"award.fail", "technical", "技术路线未走通", "", true},
		{"exemption.decide", "confirm → exempt", "", "", true},
		{"review.assign", "36 pairs, 0 problems", "分配 36 对，问题 0 个", "36 pairs assigned, 0 problems", true},
		{"review.assign", "a note", "a note", "a note", false},
		// the monitoring data's version, a code, stays in the record and is not read out
		{"monitoring.flags", "data m12.a132.77: 560 assessed, 14 flagged, 3 new, 1 cleared", "评估 560 个，预警 14 个，新增 3 个，解除 1 个", "560 assessed, 14 flagged, 3 new, 1 cleared", true},
		{"program.create", "2019 年小微创新种子计划", "2019 年小微创新种子计划", "", false},
		{"login", "", "", "", false},
	}
	for _, c := range cases {
		got, ok := AuditDetail(c.action, c.detail)
		if ok != c.ok || (c.zh != "" && got.Zh != c.zh) || (c.en != "" && got.En != c.en) {
			t.Errorf("%s %q: %q %v", c.action, c.detail, got, ok)
		}
		if ok && (got.Zh == c.detail || got.En == c.detail) {
			t.Errorf("%s %q: not labelled: %q", c.action, c.detail, got)
		}
	}
}

// TestObservationAddDetail: the record of indicator values added names each source by its
// label in both languages, never by its code; a record that is not of that form stays as written.
func TestObservationAddDetail(t *testing.T) {
	detail := ObservationAddDetail(12, map[string]int{SourceOfficer: 3, SourceCSV: 9})
	got, ok := AuditDetail("observation.add", detail)
	if !ok || got.Zh != "12 个数值：CSV 导入 9 个、项目主管录入 3 个" || got.En != "12 values (CSV import: 9, Entered by officer: 3)" {
		t.Fatalf("%q read as %+v %v", detail, got, ok)
	}
	for _, s := range ObservationSources {
		got, ok := AuditDetail("observation.add", ObservationAddDetail(1, map[string]int{s.Code: 1}))
		if !ok || strings.Contains(got.Zh, s.Code) || !strings.Contains(got.Zh, s.Label.Zh) || !strings.Contains(got.En, s.Label.En) {
			t.Errorf("%s read as %+v %v", s.Code, got, ok)
		}
	}
	for _, raw := range []string{"3 values, sources map[somewhere:3]", "3 values, sources map[officer:x]", "three values"} {
		if got, ok := AuditDetail("observation.add", raw); ok || got.Zh != raw {
			t.Errorf("%s read as %+v", raw, got)
		}
	}
}

// TestLabelDetail: a refusal's reason, written in both languages, reads in either; a detail that
// merely looks like one (another object, one language, trailing text) stays the raw record.
func TestLabelDetail(t *testing.T) {
	l := Label{Zh: "预算不足：还剩 1,000 元", En: "not enough budget: 1,000 yuan left"}
	if got, ok := AuditDetail("award.create", LabelDetail(l)); !ok || got != l {
		t.Fatalf("read %+v %v", got, ok)
	}
	long := strings.Repeat("长", 600)
	if got, _ := AuditDetail("x", LabelDetail(Label{Zh: long, En: "e"})); len([]rune(got.Zh)) != 501 {
		t.Fatalf("a long reason is %d characters", len([]rune(got.Zh)))
	}
	for _, raw := range []string{`{"zh":"只有中文"}`, `{"zh":"a","en":"b","x":1}`, `{"zh":"a","en":"b"} and more`, `{"zh":"a","en":"b"}{}`} {
		if got, ok := AuditDetail("x", raw); ok || got.Zh != raw {
			t.Errorf("%s read as %+v", raw, got)
		}
	}
}
