package app

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"seedbed"
	"seedbed/evaluation"
)

// TestComplacencyFlagLifecycle stores the hand-computed example of docs/methods.md §3 — an
// awardee whose patents stall after a 2021Q1 award while its reports triple, against three
// unfunded peers — and follows the flag: raised with its event, listed, holding the stage gate,
// resolved with its event, and cleared when a correction removes its cause.
func TestComplacencyFlagLifecycle(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx, s, m := context.Background(), a.Store(), a.Monitoring
		ids := newInnovators(t, s, 4, "预警主体")
		aw := fundInnovators(t, a, time.Date(2021, 2, 1, 9, 0, 0, 0, time.UTC), 500_000, ids[0])[0]
		fixedClock(s)
		before, after := qtr(2020, 1), qtr(2021, 1)
		var obs []evaluation.Observation
		obs = append(obs, series(ids[0], "patents_filed", before, 0, 1, 3, 7, 7, 7, 7, 7)...)
		obs = append(obs, series(ids[0], "reports_submitted", before, 1, 1, 1, 1, 3, 3, 3, 3)...)
		obs = append(obs, series(ids[1], "patents_filed", before, 0, 1, 3, 7, 7, 15, 31, 63)...)
		obs = append(obs, series(ids[2], "patents_filed", before, 0, 1, 3, 7, 7, 31, 127, 511)...)
		obs = append(obs, series(ids[3], "patents_filed", before, 0, 1, 3, 7, 7, 7, 7, 7)...)
		if _, err := m.AddObservations(ctx, officer, obs); err != nil {
			t.Fatal(err)
		}
		// Storing the values raised the flag: nothing else is called.
		sn, err := m.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		c, _ := sn.Complacency(ids[0])
		if !c.Flagged || !c.RelativeDecline || !c.StallWithNonTechGrowth || math.Abs(c.DiD+math.Ln2) > 1e-6 ||
			math.Abs(c.Z+math.Sqrt(3)) > 1e-6 || c.Award != after {
			t.Fatalf("assessment %+v", c)
		}
		flags, total, err := m.FindFlags(ctx, seedbed.FlagFilter{Status: seedbed.FlagOpen})
		if err != nil || total != 1 {
			t.Fatalf("flags %v (%d), %v", flags, total, err)
		}
		f := flags[0]
		if f.InnovatorID != ids[0] || f.AwardID != aw.ID || f.ProgramID != aw.ProgramID || !f.Active || f.Key != c.FlagKey() ||
			f.AwardQuarter != "2021Q1" || !strings.Contains(f.Reason.Zh, "触发预警") || !strings.Contains(f.Reason.En, "flagged") ||
			f.InnovatorName == "" || !strings.Contains(string(f.Assessment), `"did"`) {
			t.Fatalf("flag %+v", f)
		}
		if evs, _ := s.FindEvents(ctx, seedbed.EventFilter{Kind: seedbed.EventFlagRaised}); len(evs) != 1 || evs[0].Subject != fmt.Sprintf("award:%d", aw.ID) {
			t.Fatalf("raise events %v", evs)
		}
		// Recomputing on the same data raises nothing new.
		if run, err := m.RecomputeFlags(ctx, officer); err != nil || run.Flagged != 1 || run.Raised != 0 {
			t.Fatalf("recompute on the same data: %+v, %v", run, err)
		}
		if evs, _ := s.FindEvents(ctx, seedbed.EventFilter{Kind: seedbed.EventFlagRaised}); len(evs) != 1 {
			t.Fatalf("%d raise events after a second computation", len(evs))
		}
		if open, err := m.OpenFlagsForAward(ctx, aw.ID); err != nil || len(open) != 1 {
			t.Fatalf("open flags for the gate: %v, %v", open, err)
		}
		applicant := seedbed.Actor{Username: "app", Role: seedbed.RoleApplicant, InnovatorID: &ids[0]}
		for _, bad := range []struct {
			a    seedbed.Actor
			res  string
			code string
		}{{officer, "  ", seedbed.EINVALID}, {applicant, "我们很好", seedbed.EFORBIDDEN}, {officer, strings.Repeat("长", 2001), seedbed.EINVALID}} {
			if _, err := m.ResolveFlag(ctx, bad.a, f.ID, seedbed.FlagResolution{Resolution: bad.res}); seedbed.ErrorCode(err) != bad.code {
				t.Errorf("resolution %q by %s: %v", bad.res[:min(len(bad.res), 9)], bad.a.Role, err)
			}
		}
		done, err := m.ResolveFlag(ctx, officer, f.ID, seedbed.FlagResolution{Resolution: "已约谈：核心工程师离职，已补充招聘计划"})
		if err != nil || done.Status != seedbed.FlagResolved || done.ResolvedBy != officer.Username || done.ResolvedAt == nil {
			t.Fatalf("resolved %+v, %v", done, err)
		}
		if _, err := m.ResolveFlag(ctx, officer, f.ID, seedbed.FlagResolution{Resolution: "再次"}); seedbed.ErrorCode(err) != seedbed.ECONFLICT {
			t.Fatalf("second resolution: %v", err)
		}
		if evs, _ := s.FindEvents(ctx, seedbed.EventFilter{Kind: seedbed.EventFlagResolved}); len(evs) != 1 ||
			!strings.Contains(string(evs[0].Payload), "核心工程师离职") {
			t.Fatalf("resolution events %v", evs)
		}
		if open, _ := m.OpenFlagsForAward(ctx, aw.ID); len(open) != 0 {
			t.Fatalf("resolved flag still holds the gate: %v", open)
		}
		// A correction that removes the stall clears the flag: it no longer holds anything.
		cur, _, _ := m.FindObservations(ctx, evaluation.ObservationFilter{InnovatorID: ids[0], Indicator: "patents_filed", From: qtr(2021, 4), To: qtr(2021, 4)})
		if _, err := m.CorrectObservation(ctx, officer, cur[0].ID, evaluation.Correction{Value: 63, Reason: "漏报三季度专利", Version: 1}); err != nil {
			t.Fatal(err)
		}
		if f, _ := m.GetFlag(ctx, f.ID); f.Active || f.Status != seedbed.FlagResolved {
			t.Fatalf("after the correction %+v", f)
		}
		if _, err := m.GetFlag(ctx, 424242); seedbed.ErrorCode(err) != seedbed.ENOTFOUND {
			t.Fatalf("missing flag: %v", err)
		}
		if _, _, err := m.FindFlags(ctx, seedbed.FlagFilter{Status: "maybe"}); seedbed.ErrorCode(err) != seedbed.EINVALID {
			t.Fatalf("bad status filter: %v", err)
		}
	})
}

// TestMonitoringNotEnoughData checks that short histories give no number.
func TestMonitoringNotEnoughData(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx, s, m := context.Background(), a.Store(), a.Monitoring
		fixedClock(s)
		ids := newInnovators(t, s, 1, "新主体")
		if _, err := m.AddObservations(ctx, officer, series(ids[0], "patents_filed", qtr(2025, 3), 1, 2)); err != nil {
			t.Fatal(err)
		}
		sn, err := m.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		mo, ok := sn.Momentum(ids[0])
		if !ok || mo.Status != evaluation.StatusNotEnoughData || mo.Score != 0 || !strings.Contains(mo.Reason().En, "not enough data") {
			t.Fatalf("momentum %+v", mo)
		}
		if c, _ := sn.Complacency(ids[0]); c.Status != evaluation.StatusNotAwarded {
			t.Fatalf("complacency of an innovator never funded: %+v", c)
		}
		if pf := sn.Portfolio(0); pf.CostPerLandmarkStatus != evaluation.StatusUndefined || pf.HitRateStatus != evaluation.StatusUndefined {
			t.Fatalf("empty portfolio %+v", pf)
		}
	})
}
