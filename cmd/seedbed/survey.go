package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"seedbed"
)

const surveyUsage = `usage: seedbed survey waves
       seedbed survey results [--by region|kind] [--culture-k K]

The culture survey:
  waves    lists the waves with how many were invited and answered
  results  prints the results as JSON: each wave's everyone and, with --by, its groups, every
           group of at least K respondents (default 10, env SEEDBED_CULTURE_K)`

func runSurvey(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprintln(stdout, surveyUsage)
		return nil
	}
	if len(args) == 0 || (args[0] != "waves" && args[0] != "results") {
		return usageError{surveyUsage}
	}
	verb := args[0]
	var db dbFlags
	var by string
	var k int
	fs := newFlagSet("survey "+verb, "survey "+verb+" [flags]", surveyUsage, stderr)
	db.register(fs)
	if verb == "results" {
		def, _ := strconv.Atoi(env("culture_k", strconv.Itoa(seedbed.DefaultCultureK)))
		fs.StringVar(&by, "by", "", "break down by region or kind")
		fs.IntVar(&k, "culture-k", def, "the least number of respondents a published group may have")
	}
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	c := newApp(store).Culture
	if verb == "waves" {
		waves, err := c.Waves(ctx)
		if err != nil {
			return err
		}
		for _, w := range waves {
			fmt.Fprintf(stdout, "%d\t%s\t%s – %s\tversion %d\t%d invited\t%d answered\n", w.ID, w.Title,
				w.OpensOn.Format(seedbed.DateLayout), w.ClosesOn.Format(seedbed.DateLayout), w.Version, w.Invited, w.Responses)
		}
		return nil
	}
	if k < 1 {
		return usageError{"--culture-k must be at least 1"}
	}
	c.K = k
	rep, err := c.Results(ctx, by)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}
