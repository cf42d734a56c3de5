package seedbed

import "testing"

func TestDefaultNoticeEnd(t *testing.T) {
	for _, c := range []struct {
		start   string
		minDays int
		want    string
	}{
		{"2026-03-02", 0, "2026-03-06"}, // Monday: five working days end on Friday
		{"2026-03-04", 0, "2026-03-10"}, // Wednesday: over the weekend
		{"2026-03-07", 0, "2026-03-13"}, // Saturday: the weekend does not count
		{"2026-03-02", 7, "2026-03-08"}, // the procedure asks for seven calendar days
		{"2026-03-04", 7, "2026-03-10"}, // five working days already last seven days
		{"2026-03", 0, ""},
	} {
		if got := DefaultNoticeEnd(c.start, c.minDays); got != c.want {
			t.Errorf("DefaultNoticeEnd(%s, %d) = %q, want %q", c.start, c.minDays, got, c.want)
		}
	}
}

func TestHasContactDetails(t *testing.T) {
	for s, want := range map[string]bool{
		"请联系13812345678":         true,
		"电话 0571-87654321":       true,
		"邮箱 a.b@example.com.cn":  true,
		"身份证 11010519491231002X": true,
		"资助 300000 元，2026-03-02": false,
		"申报编号 12 号":              false,
		"该团队的核心成员同时在另一团队任职":      false,
	} {
		if got := HasContactDetails(s); got != want {
			t.Errorf("HasContactDetails(%q) = %v, want %v", s, got, want)
		}
	}
}
