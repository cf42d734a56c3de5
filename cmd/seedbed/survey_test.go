package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestSurveyCommands: help, an empty survey's results as JSON with the default k, and a bad
// breakdown refused naming it.
func TestSurveyCommands(t *testing.T) {
	for _, c := range []string{"survey waves", "survey results"} {
		if code, _, errOut := cli(t, append(strings.Fields(c), "--help")...); code != 0 || !strings.Contains(errOut, "Usage: seedbed "+c) {
			t.Errorf("%s --help: %d %q", c, code, errOut)
		}
	}
	data := t.TempDir()
	code, out, errOut := cli(t, "survey", "results", "--data", data, "--by", "region")
	var rep struct {
		K     int   `json:"k"`
		Waves []any `json:"waves"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || rep.K != 10 || len(rep.Waves) != 0 {
		t.Fatalf("results: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := cli(t, "survey", "results", "--data", data, "--by", "age"); code != 3 || !strings.Contains(errOut, "by:") {
		t.Fatalf("a bad breakdown: %d %q", code, errOut)
	}
	if code, _, _ := cli(t, "survey", "results", "--data", data, "--culture-k", "0"); code == 0 {
		t.Fatal("k = 0 accepted")
	}
}
