package selection

import (
	"slices"

	"seedbed"
)

// MayTriage decides whether the panel may triage an application — leave it undiscussed as
// clearly below the others (the NIH read phase). It may when the upper end of its score interval
// lies below the median score of the program's applications, so that no plausible reading of
// its reviews puts it in the upper half; never when its reviewers disagree (a spread the panel
// must discuss, not set aside) or when a reviewer champions it. It returns nil, or an ECONFLICT
// error saying why not.
func MayTriage(n Normalised, appID string, championed bool) error {
	var app *AppScore
	scores := make([]float64, 0, len(n.Apps))
	for i := range n.Apps {
		scores = append(scores, n.Apps[i].Score)
		if n.Apps[i].AppID == appID {
			app = &n.Apps[i]
		}
	}
	if app == nil {
		return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "申请 %s 还没有校正后的评分，不能分流", En: "application %s has no adjusted score yet, so it cannot be triaged"}, appID)
	}
	if championed {
		return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "申请 %s 有评审专家力荐，必须讨论，不能分流", En: "a reviewer champions application %s, so the panel must discuss it; it cannot be triaged"}, appID)
	}
	for _, f := range app.Flags {
		if f.Code == FlagDisagreement {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "申请 %s 的评审意见分歧明显，必须讨论，不能分流", En: "the reviewers of application %s disagree markedly, so the panel must discuss it; it cannot be triaged"}, appID)
		}
	}
	median := median(scores)
	if app.Upper >= median {
		return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{
			Zh: "申请 %s 并非明显落后：其得分区间上限 %.2f 不低于全部申请得分的中位数 %.2f，应当讨论",
			En: "application %s is not clearly below the others: the upper end of its interval, %.2f, is not below the median score %.2f of all applications, so the panel discusses it"},
			appID, app.Upper, median)
	}
	return nil
}

// median returns the median of xs (0 for none).
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}
