package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"seedbed/sim/epistemic"
)

// simModel returns the value of a --model flag among args, or "" when there is none.
func simModel(args []string) string {
	for i, a := range args {
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "model" {
			continue
		}
		if hasVal {
			return val
		}
		if i+1 < len(args) {
			return args[i+1]
		}
	}
	return ""
}

// simRunEpistemic runs `sim run --model weisberg-muldoon`: one population of the epistemic
// landscape model over several seeds, printing the means.
func simRunEpistemic(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newSimFlags("run", stdout)
	def := epistemic.DefaultStudy()
	fs.String("model", "", "model: weisberg-muldoon")
	controls := fs.Int("controls", def.Controls, "hill-climbing controls")
	followers := fs.Int("followers", def.Followers, "followers")
	mavericks := fs.Int("mavericks", def.Mavericks, "mavericks")
	ticks := fs.Int("ticks", def.Ticks, "ticks per run")
	seeds := fs.Int("seeds", def.Seeds, "runs (seeds) to average over")
	tie := fs.String("tie-break", def.TieBreak, "followers' tie-break: uniform or first")
	format := fs.String("format", "table", "output format: table or json")
	seed := def.Seed
	fs.Func("seed", "base random seed", func(s string) error {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return fmt.Errorf("seed must be a non-negative integer")
		}
		seed = v
		return nil
	})
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(rest) > 0:
		return usageError{fmt.Sprintf("unexpected argument %q", rest[0])}
	case *format != "table" && *format != "json":
		return usageError{fmt.Sprintf("--format must be table or json, not %q", *format)}
	}
	s := epistemic.Study{Controls: *controls, Followers: *followers, Mavericks: *mavericks, Ticks: *ticks,
		Seeds: *seeds, Seed: seed, TieBreak: *tie}
	res, err := s.Run(ctx, epistemic.NewLandscape())
	var fe *epistemic.FieldError
	if errors.As(err, &fe) {
		return usageError{fmt.Sprintf("--%s: %s", strings.ReplaceAll(fe.Key, "_", "-"), fe.Reason)}
	}
	if err != nil {
		return err
	}
	if *format == "json" {
		return writeJSON(stdout, res)
	}
	fmt.Fprintf(stdout, "Weisberg–Muldoon: %d controls, %d followers, %d mavericks, %d ticks, %d seeds from %d, tie-break %s\n",
		s.Controls, s.Followers, s.Mavericks, s.Ticks, s.Seeds, s.Seed, s.TieBreak)
	fmt.Fprintf(stdout, "progress (mean over seeds)           %.4f\n", res.Progress)
	fmt.Fprintf(stdout, "followers' progress                  %.4f\n", res.FollowerProgress)
	fmt.Fprintf(stdout, "share of seeds reaching both peaks   %.2f\n", res.BothPeaksShare)
	return nil
}
