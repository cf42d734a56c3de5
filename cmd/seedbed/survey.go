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
       seedbed survey invite --wave ID [--region R] [--sample N]
       seedbed survey results [--by region|kind] [--culture-k K]

The culture survey:
  waves    lists the waves with how many were invited and answered
  invite   issues one-time answer links for a wave to the innovators of a region (every region
           when none is named), at most 500 at a time, or to a random sample of N of them
           (1 to 500); prints each link once, as innovator id, name and path, tab-separated
  results  prints the results as JSON: each wave's everyone and, with --by, its groups, every
           group of at least K respondents (default 10, env SEEDBED_CULTURE_K)`

func runSurvey(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprintln(stdout, surveyUsage)
		return nil
	}
	if len(args) == 0 || (args[0] != "waves" && args[0] != "results" && args[0] != "invite") {
		return usageError{surveyUsage}
	}
	verb := args[0]
	var db dbFlags
	var by, region string
	var k, sample int
	var wave int64
	fs := newFlagSet("survey "+verb, "survey "+verb+" [flags]", surveyUsage, stderr)
	db.register(fs)
	if verb == "invite" {
		fs.Int64Var(&wave, "wave", 0, "the wave's number (seedbed survey waves)")
		fs.StringVar(&region, "region", "", "the region to invite; every region when empty")
		fs.IntVar(&sample, "sample", 0, "invite a random sample of this many (1 to 500); 0: everyone")
	}
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
	if verb == "invite" {
		if wave < 1 {
			return usageError{"--wave is required: the wave's number, from seedbed survey waves"}
		}
		links, err := c.Invite(ctx, cliActor, wave, region, sample)
		if err != nil {
			return err
		}
		for _, l := range links {
			fmt.Fprintf(stdout, "%d\t%s\t%s\n", l.InnovatorID, l.InnovatorName, l.Path)
		}
		fmt.Fprintf(stderr, "%d invitations for wave %d (each link is shown only now)\n", len(links), wave)
		return nil
	}
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
