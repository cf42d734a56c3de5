package app

import (
	"strings"
	"testing"

	"seedbed"
	"seedbed/sqlstore/storetest"
)

const smallSensitivity = `sensitivity:
  base:
    replications: 2
    quarters: 8
    population:
      innovators: 60
  parameters:
    behaviour.complacency: [0, 0.6]
    funding.grant_size: [4, 40]
  outputs: [pick_by_forecast.landmarks - broad_small_grants.landmarks]
  samples: 4
  bootstrap: 10
`

func TestLabSensitivity(t *testing.T) {
	a := New(storetest.SQLite(t), Options{})
	if _, err := a.Lab.Sensitivity(t.Context(), []byte(a.Lab.DefaultSensitivity())); err != nil {
		t.Fatalf("the page's default analysis: %v", err)
	}
	res, err := a.Lab.Sensitivity(t.Context(), []byte(smallSensitivity))
	if err != nil {
		t.Fatal(err)
	}
	if res.Runs != 16 || len(res.Outputs[0].Parameters) != 2 {
		t.Fatalf("%d runs, %+v", res.Runs, res.Outputs)
	}
	for _, c := range []struct{ body, key, reason string }{
		{strings.Replace(smallSensitivity, "[4, 40]", "[40, 4]", 1), "sensitivity.parameters.funding.grant_size", "lower bound 40 is above upper bound 4"},
		{strings.Replace(smallSensitivity, "funding.grant_size", "funding.bribe", 1), "sensitivity.parameters.funding.bribe", "unknown parameter"},
		{strings.Replace(smallSensitivity, "samples: 4", "samples: 4000", 1), "sensitivity.samples", "over the limit max_runs"},
	} {
		_, err := a.Lab.Sensitivity(t.Context(), []byte(c.body))
		if seedbed.ErrorCode(err) != seedbed.EINVALID || !strings.Contains(seedbed.ErrorIn(err, "en"), c.key) ||
			!strings.Contains(seedbed.ErrorIn(err, "en"), c.reason) || strings.Contains(seedbed.ErrorIn(err, "en"), "：") {
			t.Errorf("%s: %v", c.key, err)
		}
		if zh := seedbed.ErrorIn(err, "zh"); !strings.Contains(zh, c.key+"：") {
			t.Errorf("%s: Chinese message %q", c.key, zh)
		}
	}
	huge := strings.Replace(smallSensitivity, "innovators: 60", "innovators: 1000000", 1)
	huge = strings.Replace(huge, "replications: 2", "replications: 1000", 1)
	if _, err := a.Lab.Sensitivity(t.Context(), []byte(huge)); err == nil || !strings.Contains(seedbed.ErrorIn(err, "en"), "agent-steps") {
		t.Errorf("an analysis over the lab's work bound: %v", err)
	}
}
