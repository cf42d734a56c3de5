package evaluation

import (
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// didPopulation builds the hand-computed case of docs/methods.md: an awardee whose patents
// doubled every quarter before its award in 2021Q1 and stalled after, while its reports
// tripled; three unfunded peers of the same field and size whose patents also doubled before
// and whose slopes then changed by 0, +ln2 and −ln2; a peer funded inside the window; and an
// innovator of another field.
func didPopulation(t *testing.T) Population {
	t.Helper()
	p, err := NewPanel([]int64{1, 2, 3, 4, 5, 6}, q(2020, 1), q(2021, 4))
	if err != nil {
		t.Fatal(err)
	}
	pre := q(2020, 1)
	for i := range 6 {
		setRaw(p, i, PatentsFiled, pre, 0, 1, 3, 7)
	}
	post := q(2021, 1)
	setRaw(p, 0, PatentsFiled, post, 7, 7, 7, 7)
	setRaw(p, 0, ReportsSubmitted, pre, 1, 1, 1, 1, 3, 3, 3, 3)
	setRaw(p, 1, PatentsFiled, post, 15, 31, 63, 127) // slope ln2: change 0
	setRaw(p, 2, PatentsFiled, post, 7, 31, 127, 511) // slope 2·ln2: change +ln2
	setRaw(p, 3, PatentsFiled, post, 7, 7, 7, 7)      // slope 0: change −ln2
	setRaw(p, 4, PatentsFiled, post, 15, 31, 63, 127)
	setRaw(p, 5, PatentsFiled, post, 15, 31, 63, 127)
	return Population{Panel: p, Profiles: []Profile{
		{Field: "ai", SizeClass: "small", Award: q(2021, 1)},
		{Field: "ai", SizeClass: "small"},
		{Field: "ai", SizeClass: "small"},
		{Field: "ai", SizeClass: "small"},
		{Field: "ai", SizeClass: "small", Award: q(2021, 3)},
		{Field: "robotics", SizeClass: "small"},
	}}
}

func didParams() Params {
	ps := DefaultParams()
	ps.Complacency.PreWindow, ps.Complacency.PostWindow = 4, 4
	return ps
}

func TestComplacencyHandComputed(t *testing.T) {
	pop := didPopulation(t)
	res, err := Evaluate(pop, didParams())
	if err != nil {
		t.Fatal(err)
	}
	r := res.Complacency[0]
	ln2 := math.Ln2
	const tol = 1e-9
	// Awardee: slope ln2 before, 0 after, change −ln2 with no residual error.
	// Controls' changes 0, +ln2, −ln2: mean 0, sample SD ln2; SE = sqrt(0 + ln2²/3).
	// DiD = −ln2, z = −ln2 / (ln2/√3) = −√3 ≈ −1.73 ≤ −1.645. Reports: e^(ln4 − ln2) − 1 = +100%.
	switch {
	case r.Status != StatusOK || r.ControlStatus != StatusOK || r.ControlBasis != BasisFieldSize:
		t.Fatalf("status %+v", r)
	case !reflect.DeepEqual(r.ControlIDs, []int64{2, 3, 4}):
		t.Fatalf("controls %v (5 was funded inside the window, 6 is another field)", r.ControlIDs)
	case !near(r.TechPre.Slope, ln2, tol) || !near(r.TechPost.Slope, 0, tol) || !near(r.TechLevel, 1.5*ln2, tol):
		t.Fatalf("trends %+v %+v level %v", r.TechPre, r.TechPost, r.TechLevel)
	case !near(r.ControlPre, ln2, tol) || !near(r.ControlPost, ln2, tol) || !near(r.ControlSD, ln2, tol):
		t.Fatalf("controls pre %v post %v sd %v", r.ControlPre, r.ControlPost, r.ControlSD)
	case !near(r.DiD, -ln2, tol) || !near(r.SE, ln2/math.Sqrt(3), 1e-7) || !near(r.Z, -math.Sqrt(3), 1e-6):
		t.Fatalf("DiD %v SE %v z %v", r.DiD, r.SE, r.Z)
	case r.NonTechStatus != StatusOK || !near(r.NonTechRise, 1, tol):
		t.Fatalf("non-technical %v %v", r.NonTechStatus, r.NonTechRise)
	case !r.RelativeDecline || !r.StallWithNonTechGrowth || !r.Flagged:
		t.Fatalf("signals %+v", r)
	case r.PreFrom != q(2020, 1) || r.PreTo != q(2020, 4) || r.PostFrom != q(2021, 1) || r.PostTo != q(2021, 4):
		t.Fatalf("windows %v–%v, %v–%v", r.PreFrom, r.PreTo, r.PostFrom, r.PostTo)
	}
	reason := r.Reason()
	for _, want := range []string{"资助后技术产出趋势 +0.0%/季度，资助前 +100.0%/季度", "同类未资助主体（3 家）", "双重差分 -0.693 对数点/季度", "非技术活动上升 +100%", "触发预警"} {
		if !strings.Contains(reason.Zh, want) {
			t.Errorf("zh reason %q lacks %q", reason.Zh, want)
		}
	}
	if !strings.Contains(reason.En, "difference-in-differences -0.693") || !strings.Contains(reason.En, "flagged") {
		t.Errorf("en reason %q", reason.En)
	}

	// The peer funded in 2021Q3 has only two quarters after its award: not enough data, no flag.
	r5 := res.Complacency[4]
	if r5.Status != StatusNotEnoughData || r5.Flagged || r5.HavePost != 2 || r5.NeedPost != 4 || r5.HavePre != 4 {
		t.Fatalf("late awardee %+v", r5)
	}
	if !strings.Contains(r5.Reason().Zh, "资助后至少 4 个季度") {
		t.Errorf("reason %q", r5.Reason().Zh)
	}
	if res.Complacency[1].Status != StatusNotAwarded || res.Complacency[1].Flagged {
		t.Fatalf("unfunded %+v", res.Complacency[1])
	}
	if flags := res.Flags(); len(flags) != 1 || flags[0].InnovatorID != 1 {
		t.Fatalf("flags %+v", flags)
	}
}

func TestComplacencyVariants(t *testing.T) {
	tests := []struct {
		name    string
		change  func(pop *Population, ps *Params)
		basis   string
		control Status
		s1, s2  bool
		text    string
	}{
		{"stricter z: only the stall signal", func(_ *Population, ps *Params) { ps.Complacency.Z = 2 },
			BasisFieldSize, StatusOK, false, true, "技术产出停滞而非技术活动增加"},
		{"no non-technical growth: only the DiD signal", func(pop *Population, _ *Params) {
			setRaw(pop.Panel, 0, ReportsSubmitted, q(2021, 1), 1, 1, 1, 1)
		}, BasisFieldSize, StatusOK, true, false, "技术产出相对同类显著放缓"},
		{"peers of another size: field basis", func(pop *Population, _ *Params) {
			for i := 1; i <= 3; i++ {
				pop.Profiles[i].SizeClass = "medium"
			}
		}, BasisField, StatusOK, true, true, "同类未资助主体（3 家）"},
		{"too few peers: no comparison, stall still seen", func(_ *Population, ps *Params) {
			ps.Complacency.MinControls, ps.Complacency.Controls = 4, 4
		}, "", StatusNotEnoughData, false, true, "同类未资助主体不足"},
		{"growth after the award: no flag", func(pop *Population, _ *Params) {
			setRaw(pop.Panel, 0, PatentsFiled, q(2021, 1), 15, 31, 63, 127)
		}, BasisFieldSize, StatusOK, false, false, "未触发预警"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pop, ps := didPopulation(t), didParams()
			tt.change(&pop, &ps)
			res, err := Evaluate(pop, ps)
			if err != nil {
				t.Fatal(err)
			}
			r := res.Complacency[0]
			if r.ControlBasis != tt.basis || r.ControlStatus != tt.control || r.RelativeDecline != tt.s1 ||
				r.StallWithNonTechGrowth != tt.s2 || r.Flagged != (tt.s1 || tt.s2) {
				t.Fatalf("got %+v", r)
			}
			if !strings.Contains(r.Reason().Zh, tt.text) {
				t.Errorf("reason %q lacks %q", r.Reason().Zh, tt.text)
			}
			one, err := ComplacencyOf(pop, 0, ps.Complacency)
			if err != nil || !reflect.DeepEqual(one, r) {
				t.Errorf("ComplacencyOf differs from Evaluate:\n%+v\n%+v", one, r)
			}
		})
	}
}

func TestDiffInDiff(t *testing.T) {
	// change 0.5 (SE 0.1); controls 0.1, 0.2, 0.3: mean 0.2, sample SD 0.1.
	// DiD 0.3, SE sqrt(0.1² + 0.1²/3).
	did, se, ok := DiffInDiff(0.5, 0.1, []float64{0.1, 0.2, 0.3})
	if !ok || !near(did, 0.3, 1e-12) || !near(se, math.Sqrt(0.01+0.01/3), 1e-12) {
		t.Fatalf("got %v %v %v", did, se, ok)
	}
	if _, _, ok := DiffInDiff(0.5, 0.1, []float64{0.1}); ok {
		t.Fatal("one control accepted")
	}
}

func TestPoolNearest(t *testing.T) {
	// Awardee at level 1, slope 0. By distance: id 9 (exact), then 3 and 7 tied (the smaller ID
	// first), then 1. Levels 5, 2, 1, 0 have population SD sqrt(3.5); slopes all 0, so SD 1.
	pl := &pool{}
	for _, c := range []struct {
		id    int64
		level float64
	}{{1, 5}, {7, 2}, {9, 1}, {3, 0}} {
		pl.add(c.id, controlSummary{level: c.level, ok: true})
	}
	pl.finish()
	if !near(pl.sl, math.Sqrt(3.5), 1e-12) || pl.sp != 1 {
		t.Fatalf("scales %v %v", pl.sl, pl.sp)
	}
	for k, want := range map[int][]int64{1: {9}, 3: {9, 3, 7}, 10: {9, 3, 7, 1}} {
		var ids []int64
		for _, j := range pl.nearest(1, 0, k) {
			ids = append(ids, pl.ids[j])
		}
		if !reflect.DeepEqual(ids, want) {
			t.Errorf("k=%d: got %v, want %v", k, ids, want)
		}
	}
}

// TestPoolNearestAgreesWithFullScan: the search that stops by level finds the same members, in
// the same order, as a visit of every member, on pools with many equal levels, slopes and
// distances, for awardees inside, at the edge of and outside the pool's range.
func TestPoolNearestAgreesWithFullScan(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for trial := range 300 {
		n := 1 + r.IntN(400)
		pl := &pool{}
		for j := range n {
			// few distinct values, so that levels, slopes and distances tie often
			pl.add(int64(n-j)*3+int64(r.IntN(3)), controlSummary{level: float64(r.IntN(12)) / 4, pre: float64(r.IntN(7)-3) / 2, ok: true})
		}
		pl.finish()
		if pl.byLevel == nil {
			t.Fatal("a pool of finite numbers has no order by level")
		}
		full := *pl
		full.byLevel = nil
		for range 20 {
			level, pre := float64(r.IntN(20)-4)/4, float64(r.IntN(11)-5)/2
			k := 1 + r.IntN(12)
			got, want := pl.nearest(level, pre, k), full.nearest(level, pre, k)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("trial %d, %d members, awardee (%v, %v), k=%d: got %v, want %v", trial, n, level, pre, k, got, want)
			}
		}
	}
	// a member whose level is not a number: every member is read, as before
	pl := &pool{}
	pl.add(1, controlSummary{level: math.NaN(), ok: true})
	pl.add(2, controlSummary{level: 1, ok: true})
	pl.finish()
	if pl.byLevel != nil {
		t.Fatal("a pool with a level that is not a number is ordered by level")
	}
}

func TestComplacencyParamsRefused(t *testing.T) {
	pop := didPopulation(t)
	for _, change := range []func(*ComplacencyParams){
		func(c *ComplacencyParams) { c.MinPre = 2 },
		func(c *ComplacencyParams) { c.PostWindow = 3 },
		func(c *ComplacencyParams) { c.MinControls = 1 },
		func(c *ComplacencyParams) { c.Z = 0 },
		func(c *ComplacencyParams) { c.SEFloor = 0 },
		func(c *ComplacencyParams) { c.NonTechRise = math.NaN() },
	} {
		ps := didParams()
		change(&ps.Complacency)
		if _, err := Evaluate(pop, ps); err == nil {
			t.Errorf("accepted %+v", ps.Complacency)
		}
	}
	bad := pop
	bad.Profiles = bad.Profiles[:2]
	if _, err := Evaluate(bad, didParams()); err == nil {
		t.Error("profile count mismatch accepted")
	}
}
