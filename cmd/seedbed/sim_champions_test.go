package main

import (
	"strings"
	"testing"
)

// TestSimRunChampions: the CLI runs the champions strategy named in a configuration, prints it
// under its name in the table and by id in CSV, and refuses a negative number of champions
// naming the key and its line.
func TestSimRunChampions(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, dir, "champions.yaml", `replications: 4
quarters: 8
strategies: [partial_lottery, champions]
population: {innovators: 150}
funding: {budget: 1000, champions: 3}
`)
	code, out, errOut := simCLI(t, "run", "--config", cfg, "--format", "table")
	if code != 0 || !strings.Contains(out, "专家力荐") && !strings.Contains(out, "Expert champions") {
		t.Fatalf("table: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut = simCLI(t, "run", "--config", cfg, "--format", "csv"); code != 0 || !strings.Contains(out, "champions") {
		t.Fatalf("csv: exit %d\n%s%s", code, out, errOut)
	}
	bad := writeFile(t, dir, "bad.yaml", "strategies: [champions]\nfunding:\n  champions: -1\n")
	if code, _, errOut = simCLI(t, "run", "--config", bad); code == 0 || !strings.Contains(errOut, "funding.champions") || !strings.Contains(errOut, "line 3") {
		t.Errorf("negative champions: exit %d, %q", code, errOut)
	}
}
