package evaluation

import (
	"fmt"
	"math"
	"strings"

	"seedbed"
)

// ComplacencyParams are the settings of the complacency early warning;
// DefaultComplacencyParams gives the documented defaults.
type ComplacencyParams struct {
	PreWindow   int     // quarters before the award quarter
	PostWindow  int     // quarters from the award quarter on (cut at the panel's last quarter)
	MinPre      int     // values an indicator needs before the award to count (at least 3)
	MinPost     int     // values an indicator needs after the award to count (at least 3)
	Controls    int     // nearest unfunded neighbours used as the comparison group
	MinControls int     // fewer comparable innovators than this: no comparison (at least 2)
	Z           float64 // flag when DiD/SE ≤ −Z (1.645: one-sided 5%)
	SEFloor     float64 // smallest standard error used, so flat data cannot look significant
	StallSlope  float64 // technical slope after the award at or below this counts as stalled
	NonTechRise float64 // rise of non-technical activity counted as growth (0.5 = +50%)
}

// DefaultComplacencyParams returns the defaults documented in docs/methods.md.
func DefaultComplacencyParams() ComplacencyParams {
	return ComplacencyParams{PreWindow: 8, PostWindow: 8, MinPre: 4, MinPost: 4, Controls: 10, MinControls: 3,
		Z: 1.645, SEFloor: 0.01, StallSlope: 0, NonTechRise: 0.5}
}

func (cp ComplacencyParams) validate() error {
	bad := func(what string) error {
		return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "预警参数无效：%s", En: "complacency parameters: %s"}, what)
	}
	switch {
	case cp.MinPre < 3 || cp.PreWindow < cp.MinPre || cp.PreWindow > MaxPanelQuarters:
		return bad("3 ≤ MinPre ≤ PreWindow")
	case cp.MinPost < 3 || cp.PostWindow < cp.MinPost || cp.PostWindow > MaxPanelQuarters:
		return bad("3 ≤ MinPost ≤ PostWindow")
	case cp.MinControls < 2 || cp.Controls < cp.MinControls || cp.Controls > 1000:
		return bad("2 ≤ MinControls ≤ Controls ≤ 1000")
	case !(cp.Z > 0) || math.IsInf(cp.Z, 0):
		return bad("Z > 0")
	case !(cp.SEFloor > 0) || math.IsInf(cp.SEFloor, 0):
		return bad("SEFloor > 0")
	case math.IsNaN(cp.StallSlope) || math.IsInf(cp.StallSlope, 0) || math.IsNaN(cp.NonTechRise) || math.IsInf(cp.NonTechRise, 0):
		return bad("finite StallSlope and NonTechRise")
	}
	return nil
}

// Trend is a slope in log points per quarter with its standard error.
type Trend struct {
	Slope float64 `json:"slope"`
	SE    float64 `json:"se"`
}

// Control group bases: where the comparison innovators were found.
const (
	BasisFieldSize = "field_size" // same field and size class
	BasisField     = "field"      // same field, any size class (too few of the same size)
)

// ComplacencyResult is the early-warning assessment of one awardee: its technical trend before
// and after the award, the same for similar unfunded innovators, the difference-in-differences
// (DiD) with its standard error, its non-technical activity, and whether a flag is raised.
// A flag informs an officer; it never decides anything on its own.
type ComplacencyResult struct {
	InnovatorID int64   `json:"innovator_id"`
	Status      Status  `json:"status"`
	Award       Quarter `json:"award"`
	// Quarters present against quarters needed, before and after, when there is not enough data.
	NeedPre  int `json:"need_pre,omitempty"`
	HavePre  int `json:"have_pre,omitempty"`
	NeedPost int `json:"need_post,omitempty"`
	HavePost int `json:"have_post,omitempty"`
	// The series windows used.
	PreFrom  Quarter `json:"pre_from"`
	PreTo    Quarter `json:"pre_to"`
	PostFrom Quarter `json:"post_from"`
	PostTo   Quarter `json:"post_to"`
	// Technical index (the same indicators before and after).
	TechIndicators int     `json:"tech_indicators"`
	TechLevel      float64 `json:"tech_level"` // weighted mean of ln(1+x) before the award, used for matching
	TechPre        Trend   `json:"tech_pre"`
	TechPost       Trend   `json:"tech_post"`
	// Non-technical activity: its trends and the rise of its level, e^(mean after − mean before) − 1.
	NonTechStatus Status  `json:"non_tech_status"`
	NonTechPre    Trend   `json:"non_tech_pre"`
	NonTechPost   Trend   `json:"non_tech_post"`
	NonTechRise   float64 `json:"non_tech_rise"`
	// The comparison group and the DiD of technical slopes.
	ControlStatus Status  `json:"control_status"`
	ControlBasis  string  `json:"control_basis,omitempty"`
	ControlIDs    []int64 `json:"control_ids"`
	ControlPre    float64 `json:"control_pre"`  // mean slope before
	ControlPost   float64 `json:"control_post"` // mean slope after
	ControlSD     float64 `json:"control_sd"`   // SD of the controls' changes of slope
	DiD           float64 `json:"did"`          // (after − before) of the awardee − the same of the controls
	SE            float64 `json:"se"`           // standard error of DiD (at least SEFloor)
	Z             float64 `json:"z"`            // DiD / SE
	// Signals and the flag.
	RelativeDecline        bool `json:"relative_decline"`           // DiD significantly negative
	StallWithNonTechGrowth bool `json:"stall_with_non_tech_growth"` // technical stall while non-technical activity rises
	Flagged                bool `json:"flagged"`
}

// awardeeCore fills the awardee's own part of the assessment: windows, technical trends before
// and after, non-technical activity. It leaves the comparison to finish.
func awardeeCore(w *workspace, p *Panel, i int, award Quarter, cp ComplacencyParams) ComplacencyResult {
	r := ComplacencyResult{InnovatorID: p.IDs[i], Award: award, NonTechStatus: StatusNotEnoughData, ControlStatus: StatusNotEnoughData}
	r.PreFrom, r.PreTo = award.Add(-cp.PreWindow), award.Add(-1)
	r.PostFrom, r.PostTo = award, min(award.Add(cp.PostWindow-1), p.Last())
	var pre, post [NumIndicators]Fit
	for _, cat := range [...]Category{Technical, NonTechnical} {
		for _, k := range members[cat] {
			pre[k] = w.fit(k, int(r.PreFrom-p.First), int(r.PreTo-p.First))
			post[k] = w.fit(k, int(r.PostFrom-p.First), int(r.PostTo-p.First))
		}
	}
	both := func(k int) bool { return pre[k].N >= cp.MinPre && post[k].N >= cp.MinPost }
	tpre, tpost := combine(Technical, &pre, both), combine(Technical, &post, both)
	if tpre.Indicators == 0 {
		r.Status = StatusNotEnoughData
		r.NeedPre, r.HavePre, r.NeedPost, r.HavePost = cp.MinPre, tpre.MaxN, cp.MinPost, tpost.MaxN
		return r
	}
	r.Status = StatusOK
	r.TechIndicators = tpre.Indicators
	r.TechLevel = tpre.Level
	r.TechPre, r.TechPost = Trend{tpre.Slope, tpre.SE}, Trend{tpost.Slope, tpost.SE}
	if npre, npost := combine(NonTechnical, &pre, both), combine(NonTechnical, &post, both); npre.Indicators > 0 {
		r.NonTechStatus = StatusOK
		r.NonTechPre, r.NonTechPost = Trend{npre.Slope, npre.SE}, Trend{npost.Slope, npost.SE}
		r.NonTechRise = math.Expm1(npost.Level - npre.Level)
	}
	return r
}

// controlSummary is what the matching and the DiD need of a possible comparison innovator at
// one award quarter: its technical level and slope before, and its change of slope.
type controlSummary struct {
	level, pre, change float64
	ok                 bool
}

// controlAt summarises a loaded workspace as a possible control for an award in quarter award.
// It computes exactly what awardeeCore's technical trends would (the same sums, the same
// order), without the standard errors, because it runs for every innovator and award quarter.
func controlAt(w *workspace, p *Panel, award Quarter, cp ComplacencyParams) controlSummary {
	preA, preB := int(award.Add(-cp.PreWindow)-p.First), int(award.Add(-1)-p.First)
	postA, postB := int(award-p.First), int(min(award.Add(cp.PostWindow-1), p.Last())-p.First)
	minPre, minPost := float64(cp.MinPre), float64(cp.MinPost)
	var sw, swPre, swPost, swLevel float64
	for _, k := range members[Technical] {
		pre, post := w.window(k, preA, preB), w.window(k, postA, postB)
		if pre.n < minPre || post.n < minPost {
			continue
		}
		wt := Catalogue[k].Weight
		bPre, mPre, _, _ := pre.line()
		bPost, _, _, _ := post.line()
		sw += wt
		swPre += wt * bPre
		swPost += wt * bPost
		swLevel += wt * mPre
	}
	if sw == 0 {
		return controlSummary{}
	}
	return controlSummary{level: swLevel / sw, pre: swPre / sw, change: swPost/sw - swPre/sw, ok: true}
}

// DiffInDiff returns the difference-in-differences of slopes, change − mean(controls), and its
// standard error sqrt(changeSE² + s²/K), where s is the sample standard deviation of the K
// controls' changes. It needs at least two controls; with fewer it returns ok false.
func DiffInDiff(change, changeSE float64, controls []float64) (did, se float64, ok bool) {
	K := float64(len(controls))
	if len(controls) < 2 {
		return 0, 0, false
	}
	var mean float64
	for _, c := range controls {
		mean += c
	}
	mean /= K
	sd := sampleSD(controls)
	return change - mean, math.Sqrt(changeSE*changeSE + sd*sd/K), true
}

// FlagKey identifies the assessment across runs — innovator, award quarter and the end of the
// post-award window — so that a stored flag and its resolution are not duplicated when the
// batch is run again on the same data.
func (r ComplacencyResult) FlagKey() string {
	return fmt.Sprintf("%d/%s/%s", r.InnovatorID, r.Award, r.PostTo)
}

// decide applies the two signals and sets the flag.
func (r *ComplacencyResult) decide(cp ComplacencyParams) {
	r.RelativeDecline = r.ControlStatus == StatusOK && r.Z <= -cp.Z
	r.StallWithNonTechGrowth = r.Status == StatusOK && r.TechPost.Slope <= cp.StallSlope &&
		r.NonTechStatus == StatusOK && r.NonTechRise >= cp.NonTechRise
	r.Flagged = r.RelativeDecline || r.StallWithNonTechGrowth
}

// Reason explains the assessment with its numbers, in both working languages.
func (r ComplacencyResult) Reason() seedbed.Label {
	switch r.Status {
	case StatusNotAwarded:
		return seedbed.Label{Zh: "未获资助，不做资助后评估", En: "not awarded: no post-award assessment"}
	case StatusNotEnoughData:
		return seedbed.Label{
			Zh: fmt.Sprintf("数据不足：资助前需要至少 %d 个季度、资助后至少 %d 个季度的同一技术指标数据，现有资助前 %d 个、资助后 %d 个", r.NeedPre, r.NeedPost, r.HavePre, r.HavePost),
			En: fmt.Sprintf("not enough data: needs at least %d quarters before and %d after the award for the same technical indicator, has %d before and %d after", r.NeedPre, r.NeedPost, r.HavePre, r.HavePost),
		}
	}
	pct := func(t Trend) string { return signed(growthPct(t.Slope), 1) + "%" }
	zh := []string{fmt.Sprintf("资助后技术产出趋势 %s/季度，资助前 %s/季度", pct(r.TechPost), pct(r.TechPre))}
	en := []string{fmt.Sprintf("technical output after the award %s a quarter, before %s", pct(r.TechPost), pct(r.TechPre))}
	if r.ControlStatus == StatusOK {
		zh = append(zh, fmt.Sprintf("同类未资助主体（%d 家）资助前 %s/季度、资助后 %s/季度；双重差分 %s 对数点/季度（标准误 %.3f，z = %s）",
			len(r.ControlIDs), pct(Trend{Slope: r.ControlPre}), pct(Trend{Slope: r.ControlPost}), signed(r.DiD, 3), r.SE, signed(r.Z, 2)))
		en = append(en, fmt.Sprintf("similar unfunded innovators (%d) %s before, %s after; difference-in-differences %s log points a quarter (SE %.3f, z = %s)",
			len(r.ControlIDs), pct(Trend{Slope: r.ControlPre}), pct(Trend{Slope: r.ControlPost}), signed(r.DiD, 3), r.SE, signed(r.Z, 2)))
	} else {
		zh = append(zh, "同类未资助主体不足，未做对照比较")
		en = append(en, "too few similar unfunded innovators: no comparison")
	}
	if r.NonTechStatus == StatusOK {
		verb := "变化"
		if r.NonTechRise > 0 {
			verb = "上升"
		}
		zh = append(zh, fmt.Sprintf("非技术活动%s %s%%", verb, signed(100*r.NonTechRise, 0)))
		en = append(en, fmt.Sprintf("non-technical activity %s%%", signed(100*r.NonTechRise, 0)))
	} else {
		zh = append(zh, "非技术活动数据不足")
		en = append(en, "not enough non-technical data")
	}
	var vz, ve []string
	if r.RelativeDecline {
		vz, ve = append(vz, "技术产出相对同类显著放缓"), append(ve, "technical output slowed significantly against similar innovators")
	}
	if r.StallWithNonTechGrowth {
		vz, ve = append(vz, "技术产出停滞而非技术活动增加"), append(ve, "technical output stalled while non-technical activity grew")
	}
	verdictZh, verdictEn := "未触发预警", "no flag"
	if r.Flagged {
		verdictZh = "触发预警（" + strings.Join(vz, "；") + "），请项目主管核实"
		verdictEn = "flagged (" + strings.Join(ve, "; ") + "); for an officer to review"
	}
	return seedbed.Label{
		Zh: strings.Join(zh, "；") + "。" + verdictZh + "。",
		En: strings.Join(en, "; ") + ". " + verdictEn + ".",
	}
}
