package app

import (
	"context"
	"reflect"
	"testing"

	"seedbed"
	"seedbed/sqlstore/storetest"
)

// TestLabCalibrationCached: the calibration page's run is computed once for the data it is
// calibrated from — served again while the lab's only slot is taken — and run again, needing a
// slot, once a registry change calibrates a different configuration.
func TestLabCalibrationCached(t *testing.T) {
	ctx := context.Background()
	a := New(storetest.SQLite(t), Options{LabConcurrency: 1})
	add := func(name, path string) {
		t.Helper()
		must(t, a.Registry.CreateInnovator(ctx, seedbed.System, &seedbed.Innovator{Name: name, Kind: seedbed.KindTeam,
			Region: "西湖区", PathTags: []string{path}}))
	}
	add("主流团队", "主流路线")
	add("非主流团队", "非主流路线")

	first, err := a.Lab.Calibration(ctx)
	must(t, err)
	if got := first.Config.Population.ShareNonMainstream; got != 0.5 {
		t.Fatalf("share non-mainstream %v, want 0.5", got)
	}
	release, err := a.Lab.acquire()
	must(t, err)
	again, err := a.Lab.Calibration(ctx)
	if err != nil {
		t.Fatalf("unchanged data while the lab is busy: %v, want the cached run", err)
	}
	if !reflect.DeepEqual(first, again) {
		t.Fatal("the cached calibration differs from the first")
	}

	add("另一个主流团队", "主流路线")
	if _, err := a.Lab.Calibration(ctx); seedbed.ErrorCode(err) != seedbed.ETOOMANY {
		t.Fatalf("changed data while the lab is busy: %v, want a new run refused as busy", err)
	}
	release()
	changed, err := a.Lab.Calibration(ctx)
	must(t, err)
	if got := changed.Config.Population.ShareNonMainstream; got != 0.33 {
		t.Fatalf("share non-mainstream after the change %v, want 0.33", got)
	}
	if reflect.DeepEqual(first.Fit, changed.Fit) {
		t.Error("a different configuration gave the same fit")
	}
}
