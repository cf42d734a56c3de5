package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"seedbed/sim/avin"
)

// simRunAvin runs `sim run --model avin`: Avin's (2019) funding model with its defaults, each
// flag overriding one parameter.
func simRunAvin(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newSimFlags("run", stdout)
	p := avin.DefaultParams()
	fs.String("model", "", "model: avin")
	fs.IntVar(&p.Size, "size", p.Size, "side N of the landscape")
	fs.IntVar(&p.Peaks, "peaks", 0, "hills (0: N²/100)")
	fs.IntVar(&p.Agents, "agents", 0, "funded agents (0: N²/200)")
	fs.IntVar(&p.Steps, "steps", p.Steps, "steps per run")
	fs.IntVar(&p.Runs, "runs", p.Runs, "runs per mechanism")
	fs.IntVar(&p.Vision, "vision", p.Vision, "vision radius")
	fs.BoolVar(&p.Dynamic, "dynamic", p.Dynamic, "reduced novelty and new avenues")
	mechs := fs.String("mechanisms", strings.Join(p.Mechanisms, ","), "comma-separated: best, best_visible, lotto, triage")
	format := fs.String("format", "table", "output format: table or json")
	fs.Func("seed", "base random seed", func(s string) error {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return fmt.Errorf("seed must be a non-negative integer")
		}
		p.Seed = v
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
	p.Mechanisms = strings.Split(*mechs, ",")
	res, err := avin.Run(ctx, p)
	var fe *avin.FieldError
	if errors.As(err, &fe) {
		return usageError{fmt.Sprintf("--%s: %s", strings.ReplaceAll(fe.Key, "_", "-"), fe.Reason)}
	}
	if err != nil {
		return err
	}
	if *format == "json" {
		return writeJSON(stdout, res)
	}
	q := res.Params
	fmt.Fprintf(stdout, "Avin (2019): N=%d, %d peaks, %d agents, %d steps, %d runs from seed %d\n", q.Size, q.Peaks, q.Agents, q.Steps, q.Runs, q.Seed)
	for _, m := range res.Mechanisms {
		fmt.Fprintf(stdout, "%-14s accumulated significance %10.1f ± %.1f (sd)\n", m.Mechanism, m.Mean, m.SD)
	}
	return nil
}
