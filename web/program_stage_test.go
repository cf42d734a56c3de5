package web

import (
	"testing"

	"seedbed"
)

func TestStageLineRoundTrip(t *testing.T) {
	for _, st := range []seedbed.Stage{
		{Name: "第一阶段：概念验证", NameEn: "Phase I: proof of concept", Share: 30, Months: 6, Milestone: "签署任务书", MilestoneEn: "agreement signed"},
		{Name: "全额资助", Share: 100, Months: 12, Milestone: "签署任务书"},
	} {
		got, err := parseStageLine(stageLine(st))
		if err != nil || got != st {
			t.Errorf("%q read back as %+v (%v)", stageLine(st), got, err)
		}
	}
	for _, bad := range []string{"一 | 二 | 三", "名称 | 三十 | 6 | 里程碑"} {
		if _, err := parseStageLine(bad); err == nil || err.In("en") == err.In("zh") {
			t.Errorf("%q: error %v, want one in both languages", bad, err)
		}
	}
}
