package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"seedbed/sim"
)

const tinySensitivity = `sensitivity:
  base:
    replications: 2
    quarters: 8
    population:
      innovators: 80
    funding:
      budget: 400
  method: sobol
  parameters:
    behaviour.complacency: [0, 0.6]
    landscape.ruggedness: [0, 4]
  outputs:
    - pick_by_forecast.landmarks - broad_small_grants.landmarks
    - no_support.survivors
  samples: 4
  bootstrap: 10
`

func TestSimSensitivityShardsMatchOneRun(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, dir, "s.yaml", tinySensitivity)
	code, whole, errOut := simCLI(t, "sensitivity", "--config", cfg, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var res sim.SensitivityResult
	if err := json.Unmarshal([]byte(whole), &res); err != nil {
		t.Fatal(err)
	}
	if res.Runs != 16 || len(res.Outputs) != 2 || res.Outputs[0].Parameters[0].Sobol == nil {
		t.Fatalf("%d runs, %+v", res.Runs, res.Outputs)
	}
	var files []string
	for _, sh := range []string{"0/3", "1/3", "2/3"} {
		out := filepath.Join(dir, "s"+sh[:1]+".jsonl")
		files = append(files, out)
		if code, _, errOut := simCLI(t, "sensitivity", "--config", cfg, "--out", out, "--shard", sh); code != 0 {
			t.Fatalf("shard %s: exit %d: %s", sh, code, errOut)
		}
		// Rerunning a finished shard runs nothing.
		if _, msg, _ := simCLI(t, "sensitivity", "--config", cfg, "--out", out, "--shard", sh); !strings.Contains(msg, "ran 0") {
			t.Errorf("shard %s rerun: %s", sh, msg)
		}
	}
	code, merged, errOut := simCLI(t, append([]string{"sensitivity", "--config", cfg, "--format", "json"}, files...)...)
	if code != 0 {
		t.Fatalf("analyse: exit %d: %s", code, errOut)
	}
	if merged != whole {
		t.Error("the shards' analysis differs from one unsharded run")
	}
	if code, _, errOut := simCLI(t, append([]string{"sensitivity", "--config", cfg}, files[:2]...)...); code == 0 || !strings.Contains(errOut, "missing") {
		t.Errorf("analysis with a shard missing: exit %d: %s", code, errOut)
	}
	code, table, _ := simCLI(t, "sensitivity", "--config", cfg, "--method", "morris")
	if code != 0 || !strings.Contains(table, "μ*") || !strings.Contains(table, "behaviour.complacency") {
		t.Errorf("morris table: exit %d:\n%s", code, table)
	}
}

func TestSimSensitivityRefusals(t *testing.T) {
	dir := t.TempDir()
	cases := []struct{ body, want string }{
		{strings.Replace(tinySensitivity, "[0, 0.6]", "[0.6, 0]", 1), "sensitivity.parameters.behaviour.complacency"},
		{strings.Replace(tinySensitivity, "behaviour.complacency", "behaviour.courage", 1), "unknown parameter"},
		{strings.Replace(tinySensitivity, "samples: 4", "samples: 4000\n  max_runs: 100", 1), "over the limit max_runs = 100"},
	}
	for i, c := range cases {
		cfg := writeFile(t, dir, "bad"+string(rune('a'+i))+".yaml", c.body)
		code, _, errOut := simCLI(t, "sensitivity", "--config", cfg)
		if code == 0 || !strings.Contains(errOut, c.want) {
			t.Errorf("case %d: exit %d: %s", i, code, errOut)
		}
	}
	if code, _, errOut := simCLI(t, "sensitivity", "--config", "x.yaml", "--shard", "1/2"); code == 0 || !strings.Contains(errOut, "--out") {
		t.Errorf("--shard without --out: exit %d: %s", code, errOut)
	}
	if code, out, _ := simCLI(t, "sensitivity", "--help"); !strings.Contains(out, "seedbed sim sensitivity") {
		t.Errorf("--help: exit %d: %s", code, out)
	}
}

func TestSimSensitivityExampleParses(t *testing.T) {
	code, _, errOut := simCLI(t, "sensitivity", "--config", "../../examples/sim/sensitivity.yaml", "--samples", "100000")
	if code == 0 || !strings.Contains(errOut, "max_runs") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}
