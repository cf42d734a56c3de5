package evaluation

import (
	"math"
	"strings"
	"testing"
)

// setLog stores x = e^y − 1 for consecutive quarters from q0, so that ln(1+x) = y.
func setLog(p *Panel, i int, code string, q0 Quarter, ys ...float64) {
	k, _ := IndicatorIndex(code)
	for j, y := range ys {
		if !math.IsNaN(y) {
			p.Set(i, k, q0.Add(j), math.Expm1(y))
		}
	}
}

// setRaw stores the values xs for consecutive quarters from q0.
func setRaw(p *Panel, i int, code string, q0 Quarter, xs ...float64) {
	k, _ := IndicatorIndex(code)
	for j, x := range xs {
		p.Set(i, k, q0.Add(j), x)
	}
}

func onePanel(t *testing.T) *Panel {
	t.Helper()
	p, err := NewPanel([]int64{42}, q(2023, 1), q(2024, 4))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestMomentumHandComputed(t *testing.T) {
	mp := DefaultMomentumParams()
	mp.Window, mp.MinQuarters = 4, 4
	start, asOf := q(2024, 1), q(2024, 4)
	tests := []struct {
		name      string
		build     func(p *Panel)
		score     float64
		tech, mkt float64 // component values
		own       float64
		ownStatus Status
		mktStatus Status
		share     float64
	}{
		{
			// Technical: patents slope 0.1, R&D flat → b_T = 0.05, annual 0.2.
			// Market: revenue slope 0.1 → 0.4. Public share 100/400 = 0.25 → own 0.2·0.75 = 0.15.
			// Score 50·(1 + 0.5·0.2 + 0.3·0.4 + 0.2·0.15) = 62.5.
			name: "all three components",
			build: func(p *Panel) {
				setLog(p, 0, PatentsFiled, start, 0, 0.1, 0.2, 0.3)
				setRaw(p, 0, RDSpend, start, 100, 100, 100, 100)
				setLog(p, 0, Revenue, start, 1, 1.1, 1.2, 1.3)
				setRaw(p, 0, PublicFunding, start, 25, 25, 25, 25)
			},
			score: 62.5, tech: 0.2, mkt: 0.4, own: 0.15, ownStatus: StatusOK, mktStatus: StatusOK, share: 0.25,
		},
		{
			// No market data: weights 0.5 and 0.2 rescaled to 5/7 and 2/7.
			// Score 50·(1 + (0.5·0.2 + 0.2·0.15)/0.7).
			name: "market left out",
			build: func(p *Panel) {
				setLog(p, 0, PatentsFiled, start, 0, 0.1, 0.2, 0.3)
				setRaw(p, 0, RDSpend, start, 100, 100, 100, 100)
				setRaw(p, 0, PublicFunding, start, 25, 25, 25, 25)
			},
			score: 50 * (1 + 0.13/0.7), tech: 0.2, own: 0.15, ownStatus: StatusOK, mktStatus: StatusNotEnoughData, share: 0.25,
		},
		{
			// Growth of 4·0.5 = 2 a year is clipped to 1; no public funding data → own money left out.
			// Market falls: slope −0.05 → −0.2. Score 50·(1 + (0.5·1 + 0.3·(−0.2))/0.8) = 77.5.
			name: "clipped growth, no funding data",
			build: func(p *Panel) {
				setLog(p, 0, PatentsFiled, start, 0, 0.5, 1, 1.5)
				setLog(p, 0, Revenue, start, 2, 1.95, 1.9, 1.85)
			},
			score: 77.5, tech: 1, mkt: -0.2, ownStatus: StatusNotEnoughData, mktStatus: StatusOK,
		},
		{
			// Decline is not excused by public money: own = tech = −0.4 though public money (200)
			// exceeds R&D spending (≈185), so the public share is capped at 1.
			// Score 50·(1 + (0.5·(−0.4) + 0.2·(−0.4))/0.7) = 30.
			name: "decline on public money",
			build: func(p *Panel) {
				setLog(p, 0, PatentsFiled, start, 1, 0.9, 0.8, 0.7)
				setLog(p, 0, RDSpend, start, 4, 3.9, 3.8, 3.7) // about 185 万元 in all
				setRaw(p, 0, PublicFunding, start, 50, 50, 50, 50)
			},
			score: 30, tech: -0.4, own: -0.4, ownStatus: StatusOK, mktStatus: StatusNotEnoughData, share: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := onePanel(t)
			tt.build(p)
			r, err := Momentum(p, 0, asOf, mp)
			if err != nil {
				t.Fatal(err)
			}
			const tol = 1e-5 // values pass through float32
			if r.Status != StatusOK || !near(r.Score, tt.score, tol) || !near(r.Technical.Value, tt.tech, tol) ||
				r.Market.Status != tt.mktStatus || !near(r.Market.Value, tt.mkt, tol) ||
				r.OwnMoney.Status != tt.ownStatus || !near(r.OwnMoney.Value, tt.own, tol) || !near(r.PublicShare, tt.share, 1e-12) {
				t.Fatalf("got %+v", r)
			}
			if r.From != start || r.To != asOf {
				t.Errorf("window %v–%v", r.From, r.To)
			}
			if w := r.Technical.Weight + r.Market.Weight + r.OwnMoney.Weight; !near(w, 1, 1e-12) {
				t.Errorf("weights sum to %v", w)
			}
			if reason := r.Reason(); !strings.Contains(reason.Zh, "动能得分") || !strings.Contains(reason.En, "momentum") {
				t.Errorf("reason %+v", reason)
			}
		})
	}
}

func TestMomentumNotEnoughData(t *testing.T) {
	p := onePanel(t)
	// Three quarters of patents and two of R&D spending in the 8-quarter window: needs 4.
	setRaw(p, 0, PatentsFiled, q(2024, 2), 1, 2, 3)
	setRaw(p, 0, RDSpend, q(2024, 3), 10, 10)
	setRaw(p, 0, Revenue, q(2023, 1), 1, 2, 3, 4, 5, 6, 7, 8) // market data alone is not enough
	r, err := Momentum(p, 0, q(2024, 4), DefaultMomentumParams())
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != StatusNotEnoughData || r.Score != 0 || r.Need != 4 || r.Have != 3 {
		t.Fatalf("got %+v", r)
	}
	reason := r.Reason()
	if !strings.Contains(reason.Zh, "需要至少 4 个季度的数据，现有 3 个") || !strings.Contains(reason.En, "needs at least 4 quarters, has 3") {
		t.Fatalf("reason %+v", reason)
	}
	// A reference quarter before the panel: nothing at all.
	if r, _ := Momentum(p, 0, q(2020, 1), DefaultMomentumParams()); r.Status != StatusNotEnoughData || r.Have != 0 {
		t.Fatalf("before panel: %+v", r)
	}
}

func TestMomentumParamsRefused(t *testing.T) {
	p := onePanel(t)
	for _, change := range []func(*MomentumParams){
		func(m *MomentumParams) { m.MinQuarters = 1 },
		func(m *MomentumParams) { m.Window = 2 },
		func(m *MomentumParams) { m.Cap = 0 },
		func(m *MomentumParams) { m.Cap = math.NaN() },
		func(m *MomentumParams) { m.WeightTechnical = 0 },
		func(m *MomentumParams) { m.WeightMarket = -1 },
	} {
		mp := DefaultMomentumParams()
		change(&mp)
		if _, err := Momentum(p, 0, q(2024, 4), mp); err == nil {
			t.Errorf("accepted %+v", mp)
		}
	}
	if _, err := Momentum(p, 3, q(2024, 4), DefaultMomentumParams()); err == nil {
		t.Error("row out of range accepted")
	}
}

func TestWindowFits(t *testing.T) {
	p := onePanel(t)
	setLog(p, 0, PatentsFiled, q(2024, 1), 0, 0.1, 0.2, 0.3)
	fits := WindowFits(p, 0, q(2024, 1), q(2024, 4))
	k, _ := IndicatorIndex(PatentsFiled)
	if len(fits) != NumIndicators || fits[k].Indicator != PatentsFiled || fits[k].N != 4 || !near(fits[k].Slope, 0.1, 1e-6) || !near(fits[k].Intercept, 0, 1e-6) {
		t.Fatalf("got %+v", fits[k])
	}
	if fits[0].N != 0 {
		t.Errorf("R&D has no data but N = %d", fits[0].N)
	}
	pts := p.Points(0, PatentsFiled, q(2023, 1), q(2030, 1))
	if len(pts) != 4 || pts[0].Period != q(2024, 1) {
		t.Errorf("points %+v", pts)
	}
}
