package evaluation

import (
	"fmt"
	"math"

	"seedbed"
)

// Status says whether a result holds a number and, if not, why.
type Status string

// Result statuses.
const (
	StatusOK            Status = "ok"
	StatusNotEnoughData Status = "not_enough_data" // too little history: no number is given
	StatusNotAwarded    Status = "not_awarded"     // complacency is only assessed for awardees
	StatusUndefined     Status = "undefined"       // a ratio whose denominator is zero
	StatusWithheld      Status = "withheld"        // computed, but not published: too few behind it
)

// Label returns the status in both working languages.
func (s Status) Label() seedbed.Label {
	switch s {
	case StatusOK:
		return seedbed.Label{Zh: "正常", En: "ok"}
	case StatusNotEnoughData:
		return seedbed.Label{Zh: "数据不足", En: "not enough data"}
	case StatusNotAwarded:
		return seedbed.Label{Zh: "未获资助", En: "not awarded"}
	case StatusUndefined:
		return seedbed.Label{Zh: "无法计算", En: "undefined"}
	case StatusWithheld:
		return seedbed.Label{Zh: "不公布", En: "withheld"}
	}
	return seedbed.Label{Zh: string(s), En: string(s)}
}

// needQuarters is the "not enough data" sentence shared by every score.
func needQuarters(what seedbed.Label, need, have int) seedbed.Label {
	return seedbed.Label{
		Zh: fmt.Sprintf("数据不足：%s需要至少 %d 个季度的数据，现有 %d 个", what.Zh, need, have),
		En: fmt.Sprintf("not enough data: %s needs at least %d quarters, has %d", what.En, need, have),
	}
}

// growthPct turns a slope in log points per quarter into percent growth per quarter.
func growthPct(slope float64) float64 { return 100 * math.Expm1(slope) }

// signed formats a number with an explicit sign and the given decimals.
func signed(x float64, decimals int) string {
	scale := math.Pow(10, float64(decimals))
	if math.Round(x*scale) == 0 {
		x = 0 // no "-0.0"
	}
	return fmt.Sprintf("%+.*f", decimals, x)
}
