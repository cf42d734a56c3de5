package sim

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"testing"
)

// pinnedVersion and pinnedDigest fix the results of a set of runs — the six strategies at two
// ruggednesses (one-bit changes evaluated incrementally and in full), a larger population and a
// factorial design — as JSON. A change that makes the model faster must leave them byte for byte
// unchanged; a change to the model itself bumps ModelVersion and pins the new digest.
const (
	pinnedVersion = "seedbed-sim/1"
	pinnedDigest  = "6dc2b908b4ec82a94a070aa098b9e3ad191271863221cf304a4feac3a2a77a9c"
)

func TestResultsPinned(t *testing.T) {
	if ModelVersion != pinnedVersion {
		t.Skipf("model %s: pin the digest of this version", ModelVersion)
	}
	h := sha256.New()
	add := func(v any) {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		h.Write(b)
	}
	six := []string{NoSupport, PickBySize, PickByForecast, BroadSmallGrants, PartialLottery, StagedMilestones}
	cfgs := []Config{DefaultConfig(), DefaultConfig(), DefaultConfig()}
	cfgs[0].Population.Innovators, cfgs[0].Replications = 800, 6
	cfgs[1].Population.Innovators, cfgs[1].Replications = 500, 4
	cfgs[1].Landscape.Bits, cfgs[1].Landscape.Ruggedness = 14, 9 // evaluated in full
	cfgs[2].Population.Innovators, cfgs[2].Replications = 5000, 2
	cfgs[2].Funding.Budget = 50000
	for _, cfg := range cfgs {
		cfg.Strategies = six
		res, err := Run(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		add(res)
	}
	fr, err := RunFactorial(context.Background(), smallDesign())
	if err != nil {
		t.Fatal(err)
	}
	add(fr)
	if got := hex.EncodeToString(h.Sum(nil)); got != pinnedDigest {
		t.Errorf("results digest %s, want %s: the model's results changed", got, pinnedDigest)
	}
}
