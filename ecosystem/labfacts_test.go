package ecosystem

import (
	"testing"

	"seedbed"
)

// TestLabFactsHandWorked checks the lab's figures on the hand-worked region of indicator_test.go.
func TestLabFactsHandWorked(t *testing.T) {
	d := region()
	got := d.LabFacts(Scope{Year: 2025}) // the year is ignored: the lab reads the whole history
	// Awards 50+100+400+100+100+300+200; the first in 2024, now 2025. Innovator 2 is the only
	// large firm: small awards 50,100,100,100,200,300 (median 100), other 400. One landmark, by
	// innovator 1 (small, tag llm). The registry's tags llm 3, robot 2, vision 1, quantum 1:
	// llm and robot make up half, so llm is mainstream.
	want := LabFacts{Innovators: 6, Awards: 7, Money: 1250, Years: 2, MedianSmall: 100, MedianOther: 400,
		HasMedianSmall: true, HasMedianOther: true, Landmarks: 1, LandmarkSmall: 1, LandmarkNonMainstream: 0}
	if got != want {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}

	r2 := d.LabFacts(Scope{Region: "R2"}) // innovator 6, an institute: small, one award of 200
	if r2.Innovators != 1 || r2.Awards != 1 || r2.MedianSmall != 200 || !r2.HasMedianSmall || r2.HasMedianOther || r2.Landmarks != 0 {
		t.Fatalf("R2: %+v", r2)
	}
}

// TestLabFactsEndedAndNonMainstream counts awards that ended, those that failed, and a landmark
// off the mainstream paths.
func TestLabFactsEndedAndNonMainstream(t *testing.T) {
	ins := []Innovator{
		{ID: 1, Kind: seedbed.KindTeam, PathTags: []string{"主流"}, Registered: day(2023, 1, 1)},
		{ID: 2, Kind: seedbed.KindTeam, PathTags: []string{"主流"}, Registered: day(2023, 1, 1)},
		{ID: 3, Kind: seedbed.KindTeam, PathTags: []string{"冷门"}, Registered: day(2023, 1, 1)},
		{ID: 4, Kind: seedbed.KindEnterprise, SizeClass: seedbed.SizeLarge, Registered: day(2023, 1, 1)},
	}
	awards := []Award{
		{ID: 1, InnovatorID: 1, Amount: 10, Awarded: day(2023, 3, 1), Status: seedbed.AwardStopped, Closed: day(2024, 3, 1)},
		{ID: 2, InnovatorID: 2, Amount: 30, Awarded: day(2023, 3, 1), Status: seedbed.AwardCompleted, Closed: day(2024, 3, 1)},
		{ID: 3, InnovatorID: 3, Amount: 20, Awarded: day(2024, 3, 1), Status: seedbed.AwardActive},
		{ID: 4, InnovatorID: 4, Amount: 90, Awarded: day(2024, 3, 1), Status: seedbed.AwardActive},
	}
	outs := []Outcome{
		{AwardID: 3, InnovatorID: 3, Period: quarter(2024, 4), Scored: true, Landmark: true},
		{AwardID: 4, InnovatorID: 4, Period: quarter(2024, 4), Scored: true, Landmark: true},
		{AwardID: 2, InnovatorID: 2, Period: quarter(2024, 4), Scored: true},
	}
	got := NewData(day(2025, 6, 1), ins, nil, awards, outs).LabFacts(Scope{})
	if got.Ended != 2 || got.Failed != 1 {
		t.Errorf("ended %d failed %d, want 2 and 1 (a stop is a failure, a completion is not)", got.Ended, got.Failed)
	}
	if got.Years != 3 || got.Money != 150 || got.MedianSmall != 20 || got.MedianOther != 90 {
		t.Errorf("years %d money %v medians %v %v, want 3, 150, 20, 90", got.Years, got.Money, got.MedianSmall, got.MedianOther)
	}
	// Two landmarks: one by team 3 (small, off the mainstream: 主流 is two of three tags), one by
	// the large firm (no tags: not counted as non-mainstream).
	if got.Landmarks != 2 || got.LandmarkSmall != 0.5 || got.LandmarkNonMainstream != 0.5 {
		t.Errorf("landmarks %d small %v non-mainstream %v, want 2, 0.5, 0.5", got.Landmarks, got.LandmarkSmall, got.LandmarkNonMainstream)
	}
}
