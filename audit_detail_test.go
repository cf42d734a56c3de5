package seedbed

import "testing"

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
