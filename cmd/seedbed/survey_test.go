package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"seedbed"
	"seedbed/sqlstore"
)

// TestSurveyCommands: help, an empty survey's results as JSON with the default k, and a bad
// breakdown refused naming it.
func TestSurveyCommands(t *testing.T) {
	for _, c := range []string{"survey waves", "survey invite", "survey results"} {
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

// TestSurveyInviteCommand issues links from the command line: a random sample of a region, one
// line a link; a sample out of range and a missing wave are refused, naming them.
func TestSurveyInviteCommand(t *testing.T) {
	ctx, data := context.Background(), t.TempDir()
	store, err := sqlstore.Open(ctx, sqlstore.Options{DataDir: data})
	if err != nil {
		t.Fatal(err)
	}
	ap := newApp(store)
	var ins []seedbed.Innovator
	for i := range 5 {
		ins = append(ins, seedbed.Innovator{Name: fmt.Sprintf("命令行团队%d", i), Kind: seedbed.KindTeam, Region: "西湖区"})
	}
	if _, err := ap.Registry.ImportInnovators(ctx, seedbed.System, ins, nil); err != nil {
		t.Fatal(err)
	}
	today := time.Now().UTC()
	w := &seedbed.SurveyWave{Title: "命令行", OpensOn: today.AddDate(0, 0, -1), ClosesOn: today.AddDate(0, 0, 30)}
	if err := ap.Culture.CreateWave(ctx, cliActor, w); err != nil {
		t.Fatal(err)
	}
	store.Close()
	wave := strconv.FormatInt(w.ID, 10)
	code, out, errOut := cli(t, "survey", "invite", "--data", data, "--wave", wave, "--region", "西湖区", "--sample", "2")
	if code != 0 || strings.Count(out, "\t/survey/sbs_") != 2 || !strings.Contains(out, "命令行团队") || !strings.Contains(errOut, "2 invitations") {
		t.Fatalf("invite a sample of two: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := cli(t, "survey", "invite", "--data", data, "--wave", wave, "--sample", "501"); code == 0 || !strings.Contains(errOut, "sample") {
		t.Fatalf("a sample of 501: %d %q", code, errOut)
	}
	if code, _, errOut := cli(t, "survey", "invite", "--data", data); code == 0 || !strings.Contains(errOut, "--wave") {
		t.Fatalf("no wave: %d %q", code, errOut)
	}
	code, out, _ = cli(t, "survey", "waves", "--data", data)
	if code != 0 || !strings.Contains(out, "2 invited") {
		t.Fatalf("waves after the invitations: %d %q", code, out)
	}
}
