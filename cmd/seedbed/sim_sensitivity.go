package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"text/tabwriter"

	"seedbed/sim"
)

// simSensitivity runs a global sensitivity analysis: all of it at once, one shard of its runs
// into a file (resumable), or the analysis of record files written by shards.
func simSensitivity(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newSimFlags("sensitivity", stdout)
	path := fs.String("config", "", "sensitivity design (YAML or JSON): examples/sim/sensitivity.yaml")
	format := fs.String("format", "table", "output format: table or json")
	samples := fs.Int("samples", 0, "override the sample size (Sobol N, or Morris trajectories)")
	method := fs.String("method", "", "override the method: sobol or morris")
	out := fs.String("out", "", "write this job's runs as JSON lines to FILE (resumed if it exists)")
	shardFlag := fs.String("shard", "", "with --out: run only runs p with p mod n == i (i/n)")
	progress := fs.Bool("progress", false, "draw a progress bar on stderr even when it is not a terminal")
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	switch {
	case *path == "":
		return usageError{"sensitivity needs --config FILE"}
	case *format != "table" && *format != "json":
		return usageError{fmt.Sprintf("--format must be table or json, not %q", *format)}
	case *samples < 0:
		return usageError{"--samples must be positive"}
	case *shardFlag != "" && *out == "":
		return usageError{"--shard needs --out FILE"}
	case *out != "" && len(files) > 0:
		return usageError{"give either --out (to run) or record files (to analyse), not both"}
	}
	shard, err := sim.ParseShard(*shardFlag)
	if err != nil {
		return usageError{err.Error()}
	}
	data, err := os.ReadFile(*path)
	if err != nil {
		return err
	}
	d, err := sim.ParseSensitivity(data)
	if err != nil {
		return fmt.Errorf("%s:\n%w", *path, err)
	}
	if *samples > 0 {
		d.Samples = *samples
	}
	if *method != "" {
		d.Method = *method
	}
	if err := d.Validate(); err != nil {
		return err
	}

	var recs []sim.SensitivityRecord
	switch {
	case len(files) > 0:
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return err
			}
			rs, _, err := sim.ParseSensitivityRecords(b)
			if err != nil {
				return fmt.Errorf("%s: %w", f, err)
			}
			recs = append(recs, rs...)
		}
	case *out != "":
		return sensitivityShard(ctx, d, shard, *out, *progress, stdout, stderr)
	default:
		bar := newProgress(stderr, "sensitivity", *progress)
		total := int64(d.Runs())
		err := sim.EvaluateSensitivity(ctx, d, shard, nil, func(r sim.SensitivityRecord) error {
			recs = append(recs, r)
			bar.Update(int64(len(recs)), total, fmt.Sprintf("%d/%d runs", len(recs), total))
			return nil
		})
		bar.Done()
		if err != nil {
			return err
		}
	}
	res, err := sim.AnalyseSensitivity(d, recs)
	if err != nil {
		return err
	}
	if *format == "json" {
		return writeJSON(stdout, res)
	}
	return writeSensitivityTable(stdout, res)
}

// sensitivityShard runs one shard's runs into path, skipping those already there.
func sensitivityShard(ctx context.Context, d sim.SensitivityDesign, shard sim.Shard, path string, force bool, stdout, stderr io.Writer) error {
	done := map[int]bool{}
	hash := d.Hash()
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return err
	default:
		recs, good, err := sim.ParseSensitivityRecords(data)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		for _, r := range recs {
			if r.DesignHash != hash || r.ModelVersion != sim.ModelVersion {
				return fmt.Errorf("%s holds runs of a different design or model version (%s, %.12s); refusing to resume into it",
					path, r.ModelVersion, r.DesignHash)
			}
			done[r.Index] = true
		}
		if good < len(data) {
			if err := os.Truncate(path, int64(good)); err != nil {
				return err
			}
		}
		if good > 0 && data[good-1] != '\n' {
			data = append(data[:good:good], '\n')
			if err := os.WriteFile(path, data, 0o644); err != nil {
				return err
			}
		}
	}
	mine := 0
	for p := 0; p < d.Runs(); p++ {
		if shard.Has(p) {
			mine++
		}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	bar := newProgress(stderr, "sensitivity", force)
	n := len(done)
	ran := 0
	err = sim.EvaluateSensitivity(ctx, d, shard, done, func(r sim.SensitivityRecord) error {
		line, err := r.MarshalLine()
		if err != nil {
			return err
		}
		if _, err := f.Write(line); err != nil {
			return err
		}
		n++
		ran++
		bar.Update(int64(n), int64(mine), fmt.Sprintf("%d/%d runs", n, mine))
		return nil
	})
	bar.Done()
	if err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "sensitivity %.12s: shard %d/%d has %d of %d runs; ran %d, %d already done; output %s\n",
		hash, shard.I, shard.N, mine, d.Runs(), ran, mine-ran, path)
	return nil
}

// writeSensitivityTable prints each output's spread and its parameters, most influential first.
func writeSensitivityTable(w io.Writer, res *sim.SensitivityResult) error {
	d := res.Design
	fmt.Fprintf(w, "%s, %d parameters, %d runs (model %s, design %.12s)\n", d.Method, len(d.Parameters), res.Runs, res.ModelVersion, res.DesignHash)
	for _, o := range res.Outputs {
		fmt.Fprintf(w, "\n%s: mean %.3f, sd %.3f, range [%.3f, %.3f], above zero in %.0f%% of runs\n", o.Output, o.Mean, o.SD, o.Min, o.Max, 100*o.Positive)
		ps := append([]sim.ParameterSensitivity(nil), o.Parameters...)
		rank := func(p sim.ParameterSensitivity) float64 {
			if p.Sobol != nil {
				return p.Sobol.Total.Value
			}
			return p.Morris.MuStar
		}
		sort.SliceStable(ps, func(i, j int) bool { return rank(ps[i]) > rank(ps[j]) })
		tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', tabwriter.AlignRight)
		if d.Method == sim.MethodMorris {
			fmt.Fprintln(tw, "parameter\trange\tμ*\tμ\tσ\t")
			for _, p := range ps {
				fmt.Fprintf(tw, "%s\t[%g, %g]\t%.3f\t%.3f\t%.3f\t\n", p.Key, p.Lo, p.Hi, p.Morris.MuStar, p.Morris.Mu, p.Morris.Sigma)
			}
		} else {
			fmt.Fprintln(tw, "parameter\trange\tfirst-order S\t95%\ttotal ST\t95%\t")
			for _, p := range ps {
				s := p.Sobol
				fmt.Fprintf(tw, "%s\t[%g, %g]\t%.3f\t[%.3f, %.3f]\t%.3f\t[%.3f, %.3f]\t\n", p.Key, p.Lo, p.Hi,
					s.First.Value, s.First.Lo, s.First.Hi, s.Total.Value, s.Total.Lo, s.Total.Hi)
			}
		}
		fmt.Fprintln(tw, "mean output by fifth of the range	1st	2nd	3rd	4th	5th	")
		for _, p := range ps {
			fmt.Fprintf(tw, "%s	", p.Key)
			for b := 0; b < 5; b++ {
				cell := "–"
				for _, f := range p.Fifths {
					if f.Lo == p.Lo+float64(b)*(p.Hi-p.Lo)/5 {
						cell = fmt.Sprintf("%.3f", f.Mean)
					}
				}
				fmt.Fprintf(tw, "%s	", cell)
			}
			fmt.Fprintln(tw)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}
