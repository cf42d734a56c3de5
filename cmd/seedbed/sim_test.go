package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"seedbed/sim"
)

// simCLI runs `seedbed sim args...` through the real dispatcher.
func simCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), append([]string{"sim"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const exampleConfig = "../../examples/sim/default.yaml"

func TestSimRunExample(t *testing.T) {
	code, out, errOut := simCLI(t, "run", "--config", exampleConfig, "--format", "json", "--replications", "6")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var res sim.Result
	dec := json.NewDecoder(strings.NewReader(out))
	if err := dec.Decode(&res); err != nil {
		t.Fatal(err)
	}
	if dec.More() {
		t.Error("more than one JSON document")
	}
	if res.ModelVersion != sim.ModelVersion || len(res.Strategies) != 6 || res.Config.Replications != 6 {
		t.Errorf("result: version %q, %d strategies, %d replications", res.ModelVersion, len(res.Strategies), res.Config.Replications)
	}
	for i, id := range sim.ReferenceStrategyIDs() {
		if res.Strategies[i].ID != id {
			t.Errorf("strategy %d is %s, want %s", i, res.Strategies[i].ID, id)
		}
	}
	// Same command, same bytes.
	if _, again, _ := simCLI(t, "run", "--config", exampleConfig, "--format", "json", "--replications", "6"); again != out {
		t.Error("two runs of the same config printed different results")
	}
}

func TestSimRunFormats(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, dir, "small.json", `{"replications": 3, "quarters": 8, "population": {"innovators": 50}, "funding": {"budget": 100}}`)
	tests := []struct {
		name  string
		args  []string
		check func(string) bool
	}{
		{"table by default", nil, func(s string) bool {
			return strings.Contains(s, "Landmark discoveries") && strings.Contains(s, "广泛小额资助 / broad_small_grants")
		}},
		{"csv", []string{"--format", "csv"}, func(s string) bool {
			rows, err := csv.NewReader(strings.NewReader(s)).ReadAll()
			return err == nil && len(rows) == 7 && rows[0][0] == "strategy"
		}},
		{"seed override", []string{"--format", "json", "--seed", "99"}, func(s string) bool { return strings.Contains(s, `"seed": 99`) }},
		{"flags after nothing else", []string{"--format=json"}, func(s string) bool { return strings.HasPrefix(s, "{") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := simCLI(t, append([]string{"run", "--config", cfg}, tt.args...)...)
			if code != 0 || !tt.check(out) {
				t.Errorf("exit %d, stderr %q, stdout:\n%s", code, errOut, out)
			}
		})
	}
}

func TestSimBadInput(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name   string
		config string // written to a file and passed with --config when not empty
		args   []string
		code   int
		stderr string
	}{
		{"no subcommand", "", nil, 2, "missing subcommand"},
		{"unknown subcommand", "", []string{"fly"}, 2, "unknown subcommand"},
		{"run without config", "", []string{"run"}, 2, "--config"},
		{"unknown flag", "", []string{"run", "--colour"}, 2, "colour"},
		{"bad format", "seed: 1\n", []string{"--format", "xml"}, 2, "--format"},
		{"missing file", "", []string{"run", "--config", filepath.Join(dir, "nope.yaml")}, 1, "no such file"},
		{"unknown key", "population:\n  share_smal: 0.5\n", nil, 1, "population.share_smal (line 2, column 3): 未知的键 / unknown key"},
		{"negative budget", "funding:\n  budget: -5\n", nil, 1, "funding.budget (line 2"},
		{"probability above one", "behaviour:\n  failure_tolerance: 2\n", nil, 1, "behaviour.failure_tolerance"},
		{"several problems", "replications: 0\npopulation: {share_small: -1}\n", nil, 1, "population.share_small"},
		{"bad seed flag", "seed: 1\n", []string{"--seed", "-3"}, 2, "seed"},
		{"sweep without out", "", []string{"sweep", "--config", "x.yaml"}, 2, "--out"},
		{"shard i >= n", "", []string{"sweep", "--config", "x.yaml", "--out", "o", "--shard", "3/3"}, 2, "shard"},
		{"malformed shard", "", []string{"sweep", "--config", "x.yaml", "--out", "o", "--shard", "two"}, 2, "shard"},
		{"merge nothing", "", []string{"merge"}, 2, "FILE"},
		{"merge bad format", "", []string{"merge", "a", "--format", "table"}, 2, "--format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := tt.args
			if tt.config != "" {
				p := writeFile(t, dir, "c.yaml", tt.config)
				args = append([]string{"run", "--config", p}, args...)
			}
			code, _, errOut := simCLI(t, args...)
			if code != tt.code || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want exit %d mentioning %q", code, errOut, tt.code, tt.stderr)
			}
		})
	}
}

func TestSimHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"run", "--help"}, {"sweep", "-h"}} {
		code, out, _ := simCLI(t, args...)
		if code != 0 || !strings.Contains(out, "seedbed sim run") {
			t.Errorf("%v: exit %d, output %q", args, code, out)
		}
	}
}

const cliSweep = `
base:
  replications: 3
  quarters: 8
  strategies: [no_support, partial_lottery]
  population: {innovators: 40}
  funding: {budget: 200}
grid:
  behaviour.failure_tolerance: [0.2, 0.8]
  funding.budget: [0, 200, 400]
`

// A sweep run whole, or as shards in any order, merges to the same bytes; an interrupted sweep
// resumes without redoing finished points; mixed sweeps are refused.
func TestSimSweepShardMergeResume(t *testing.T) {
	dir := t.TempDir()
	sw := writeFile(t, dir, "sweep.yaml", cliSweep)
	whole := filepath.Join(dir, "whole.jsonl")
	if code, out, errOut := simCLI(t, "sweep", "--config", sw, "--out", whole); code != 0 || !strings.Contains(out, "ran 6") {
		t.Fatalf("sweep: exit %d, %s %s", code, out, errOut)
	}
	_, want, _ := simCLI(t, "merge", whole)
	if !strings.Contains(want, `"points": 6`) {
		t.Fatalf("merge output:\n%.300s", want)
	}

	var shards []string
	for _, s := range []string{"1/2", "0/2"} {
		p := filepath.Join(dir, "shard"+s[:1]+".jsonl")
		var errb bytes.Buffer
		code := run(context.Background(), []string{"sim", "sweep", "--config", sw, "--out", p, "--shard", s, "--progress"}, &bytes.Buffer{}, &errb)
		if code != 0 {
			t.Fatalf("shard %s: exit %d: %s", s, code, errb.String())
		}
		if !strings.Contains(errb.String(), "\rsweep [") || !strings.Contains(errb.String(), "3/3 points") {
			t.Errorf("no progress bar on stderr: %q", errb.String())
		}
		shards = append(shards, p)
	}
	if _, got, _ := simCLI(t, append([]string{"merge"}, shards...)...); got != want {
		t.Error("merged shards differ from the unsharded sweep")
	}
	if code, _, errOut := simCLI(t, "merge", shards[0]); code != 1 || !strings.Contains(errOut, "missing") {
		t.Errorf("merging one shard of two: exit %d, %s", code, errOut)
	}
	if code, out, _ := simCLI(t, "merge", "--format", "csv", whole); code != 0 || len(strings.Split(strings.TrimSpace(out), "\n")) != 1+6*2 {
		t.Errorf("merge csv: exit %d:\n%s", code, out)
	}

	// Interrupt: keep two finished points and half a line of the third.
	data, err := os.ReadFile(whole)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	partial := filepath.Join(dir, "partial.jsonl")
	writeFile(t, dir, "partial.jsonl", lines[0]+lines[1]+lines[2][:len(lines[2])/2])
	code, out, errOut := simCLI(t, "sweep", "--config", sw, "--out", partial)
	if code != 0 || !strings.Contains(out, "ran 4, 2 already done") {
		t.Fatalf("resume: exit %d: %s %s", code, out, errOut)
	}
	if _, got, _ := simCLI(t, "merge", partial); got != want {
		t.Error("resumed sweep merges to a different result")
	}
	if code, out, _ := simCLI(t, "sweep", "--config", sw, "--out", partial); code != 0 || !strings.Contains(out, "ran 0, 6 already done") {
		t.Errorf("rerun of a finished sweep: exit %d: %s", code, out)
	}

	// Another sweep's file is neither resumed into nor merged with.
	other := writeFile(t, dir, "other.yaml", strings.Replace(cliSweep, "[0, 200, 400]", "[0, 200, 401]", 1))
	if code, _, errOut := simCLI(t, "sweep", "--config", other, "--out", whole); code != 1 || !strings.Contains(errOut, "different sweep") {
		t.Errorf("resume into another sweep's file: exit %d, %s", code, errOut)
	}
	otherOut := filepath.Join(dir, "other.jsonl")
	simCLI(t, "sweep", "--config", other, "--out", otherOut, "--shard", "0/3")
	if code, _, errOut := simCLI(t, "merge", whole, otherOut); code != 1 || !strings.Contains(errOut, "different sweep") {
		t.Errorf("merge of two sweeps: exit %d, %s", code, errOut)
	}

	// A bad sweep file names the key.
	bad := writeFile(t, dir, "bad.yaml", "grid:\n  funding.budget: [-1]\n")
	if code, _, errOut := simCLI(t, "sweep", "--config", bad, "--out", filepath.Join(dir, "b.jsonl")); code != 1 || !strings.Contains(errOut, "funding.budget") {
		t.Errorf("bad sweep: exit %d, %s", code, errOut)
	}
}

func TestSimRunWeisbergMuldoon(t *testing.T) {
	code, out, errOut := simCLI(t, "run", "--model", "weisberg-muldoon", "--followers", "20", "--mavericks", "5",
		"--ticks", "80", "--seeds", "3", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var res struct {
		Progress *float64          `json:"progress"`
		Runs     []json.RawMessage `json:"runs"`
		Study    struct {
			TieBreak string `json:"tie_break"`
		} `json:"study"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if res.Progress == nil || *res.Progress <= 0 || len(res.Runs) != 3 || res.Study.TieBreak != "uniform" {
		t.Fatalf("output: %s", out)
	}
	_, again, _ := simCLI(t, "run", "--model=weisberg-muldoon", "--followers", "20", "--mavericks", "5",
		"--ticks", "80", "--seeds", "3", "--format", "json")
	if again != out {
		t.Fatal("the same run printed different results")
	}
	code, _, errOut = simCLI(t, "run", "--model", "weisberg-muldoon", "--tie-break", "coin", "--ticks", "5", "--seeds", "1")
	if code != 2 || !strings.Contains(errOut, "tie-break") {
		t.Fatalf("bad tie-break: exit %d: %s", code, errOut)
	}
	code, _, errOut = simCLI(t, "run", "--model", "nope")
	if code != 2 || !strings.Contains(errOut, "model") {
		t.Fatalf("unknown model: exit %d: %s", code, errOut)
	}
}

func TestSimRunFactorial(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "f.yaml", `factorial:
  base: {replications: 4, quarters: 8, population: {innovators: 100}, funding: {budget: 400}}
  selection: [size, lottery]
  grant_size: [4, 40]
  pacing: [once]
  retry: [true]
`)
	code, out, errOut := simCLI(t, "run", "--config", p, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var res sim.FactorialResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Cells) != 4 || len(res.MainEffects) != 6 || len(res.Interactions) != 4 {
		t.Fatalf("%d cells, %d effects, %d interactions", len(res.Cells), len(res.MainEffects), len(res.Interactions))
	}
	_, again, _ := simCLI(t, "run", "--config", p, "--format", "json")
	if again != out {
		t.Fatal("the same design printed different results")
	}
	bad := writeFile(t, dir, "bad.yaml", "factorial:\n  grant_size: [4, -1]\n")
	code, _, errOut = simCLI(t, "run", "--config", bad)
	if code == 0 || !strings.Contains(errOut, "factorial.grant_size[1]") {
		t.Fatalf("bad design: exit %d: %s", code, errOut)
	}
}

func TestSimRunAvin(t *testing.T) {
	code, out, errOut := simCLI(t, "run", "--model", "avin", "--size", "20", "--runs", "2", "--steps", "10", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var res struct {
		Mechanisms []struct {
			Mechanism string  `json:"mechanism"`
			Mean      float64 `json:"mean"`
		} `json:"mechanisms"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Mechanisms) != 4 || res.Mechanisms[2].Mechanism != "lotto" {
		t.Fatalf("output: %s", out)
	}
	code, _, errOut = simCLI(t, "run", "--model", "avin", "--mechanisms", "lotto,oldboys")
	if code != 2 || !strings.Contains(errOut, "mechanisms[1]") {
		t.Fatalf("bad mechanism: exit %d: %s", code, errOut)
	}
}

// TestSimCalibrate: the calibration of an empty region sets nothing and says so, in the table and
// in JSON; a bad format is a usage error.
func TestSimCalibrate(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := cli(t, "sim", "calibrate", "--data", dir, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var cal struct {
		Strategy    string
		Derivations []struct{ Calibrated bool }
		Fit         []struct{ Verdict string }
	}
	if err := json.Unmarshal([]byte(out), &cal); err != nil || cal.Strategy != "pick_by_forecast" || len(cal.Fit) != 4 || len(cal.Derivations) != 2 {
		t.Fatalf("%v: %s", err, out)
	}
	for _, f := range cal.Fit {
		if f.Verdict != "no_data" {
			t.Errorf("an empty region has a verdict %q", f.Verdict)
		}
	}
	code, out, _ = cli(t, "sim", "calibrate", "--data", dir)
	if code != 0 || !strings.Contains(out, "funding.budget") || !strings.Contains(out, "not enough data") {
		t.Fatalf("table: %d %s", code, out)
	}
	if code, _, _ = cli(t, "sim", "calibrate", "--data", dir, "--format", "xml"); code != 2 {
		t.Fatalf("bad format: exit %d, want 2", code)
	}
}
