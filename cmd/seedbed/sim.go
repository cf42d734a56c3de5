package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"

	"seedbed/sim"
)

const simHelp = `seedbed sim — 生态实验室 / ecosystem lab

Usage:
  seedbed sim run --config FILE [--format table|json|csv] [--replications N] [--seed S]
      运行一个配置（YAML 或 JSON），输出各策略的比较表。
      Run one configuration (YAML or JSON) and print the comparison of strategies.
      A file whose only key is factorial is a factorial design (examples/sim/factorial.yaml):
      it prints each cell, the main effects and the two-way interactions with 95% intervals.
  seedbed sim run --model weisberg-muldoon [--followers F] [--mavericks M] [--controls C]
      [--ticks T] [--seeds S] [--seed N] [--tie-break uniform|first] [--format table|json]
      运行 Weisberg–Muldoon 认知地形模型，输出各种子的平均进展。
      Run the Weisberg–Muldoon epistemic-landscape model and print progress averaged over seeds.
      --tie-break: followers choose among equally good visited neighbours at random (uniform)
      or the first clockwise from north (first).
  seedbed sim run --model avin [--size N] [--runs R] [--steps T] [--mechanisms best,best_visible,lotto,triage]
      [--peaks P] [--agents A] [--vision V] [--dynamic=false] [--seed N] [--format table|json]
      运行 Avin (2019) 资助模型（默认参数），比较同行评议与抽签。
      Run Avin's (2019) funding model with its defaults: peer review versus lottery.
  seedbed sim sweep --config SWEEP.yaml --out FILE.jsonl [--shard i/n] [--progress]
      在参数网格上扫描；结果逐点追加到 --out，中断后重跑同一命令即可续跑。
      Sweep a parameter grid; each point's result is appended to --out as one JSON line, and
      rerunning the same command resumes an interrupted sweep. --shard i/n runs the points p
      with p mod n == i (a Slurm job array or Kubernetes Indexed Job runs one shard per task).
  seedbed sim sensitivity --config DESIGN.yaml [--format table|json] [--samples N] [--method sobol|morris]
      [--out FILE.jsonl [--shard i/n] [--progress]] [FILE.jsonl...]
      全局敏感性分析：在给定参数范围内，哪些参数决定某个输出（Morris 筛选，Sobol 指数）。
      Global sensitivity analysis: which parameters, over their ranges, drive an output (Morris
      screening; Sobol first-order and total indices with bootstrap intervals). Design keys:
      docs/model.md § 1.7, example examples/sim/sensitivity.yaml. With --out the job writes its
      runs as JSON lines (--shard i/n runs the runs p with p mod n == i; rerunning resumes); given
      those files instead, it analyses them, with the same result as one unsharded run.
  seedbed sim merge FILE... [--format json|csv]
      合并各分片的输出，结果与不分片运行完全相同。
      Merge shard outputs into exactly the result of one unsharded sweep.
  seedbed sim calibrate [--data DIR | --db URL] [--format table|json]
      用本地区数据校准实验室的资助参数，并把模型预测与本地区实际并列（与实验室“模型校准”页相同）。
      Calibrate the lab's funding from the region's awards and set the model's predictions
      beside the region's figures (the same as the lab's calibration page).

The model and its parameters: docs/model.md. Example: examples/sim/default.yaml.
`

// runSim dispatches the sim subcommands run, sweep, sensitivity and merge.
func runSim(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, simHelp)
		return usageError{"missing subcommand: run, sweep, sensitivity or merge"}
	}
	switch args[0] {
	case "-h", "--help", "-help", "help":
		fmt.Fprint(stdout, simHelp)
		return flag.ErrHelp
	case "run":
		return simRun(ctx, args[1:], stdout, stderr)
	case "sweep":
		return simSweep(ctx, args[1:], stdout, stderr)
	case "sensitivity":
		return simSensitivity(ctx, args[1:], stdout, stderr)
	case "merge":
		return simMerge(args[1:], stdout, stderr)
	case "calibrate":
		return simCalibrate(ctx, args[1:], stdout, stderr)
	}
	return usageError{fmt.Sprintf("unknown subcommand %q: want run, sweep, sensitivity, merge or calibrate", args[0])}
}

// newSimFlags makes a flag set that prints the sim help on -h and reports errors as usage errors.
func newSimFlags(name string, stdout io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("sim "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() { fmt.Fprint(stdout, simHelp) }
	return fs
}

// parseFlags parses flags mixed with positional arguments and returns the positional ones.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.Usage()
				return nil, flag.ErrHelp
			}
			return nil, usageError{err.Error()}
		}
		if fs.NArg() == 0 {
			return rest, nil
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func simRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	switch m := simModel(args); m {
	case "", "ecosystem":
	case "weisberg-muldoon":
		return simRunEpistemic(ctx, args, stdout)
	case "avin":
		return simRunAvin(ctx, args, stdout)
	default:
		return usageError{fmt.Sprintf("--model must be ecosystem, weisberg-muldoon or avin, not %q", m)}
	}
	fs := newSimFlags("run", stdout)
	fs.String("model", "", "model: ecosystem (the default) or weisberg-muldoon")
	path := fs.String("config", "", "configuration file (YAML or JSON)")
	format := fs.String("format", "table", "output format: table, json or csv")
	reps := fs.Int("replications", 0, "override the number of replications")
	var seed *uint64
	fs.Func("seed", "override the random seed", func(s string) error {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return fmt.Errorf("seed must be a non-negative integer")
		}
		seed = &v
		return nil
	})
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(rest) > 0:
		return usageError{fmt.Sprintf("unexpected argument %q", rest[0])}
	case *path == "":
		return usageError{"run needs --config FILE"}
	case *format != "table" && *format != "json" && *format != "csv":
		return usageError{fmt.Sprintf("--format must be table, json or csv, not %q", *format)}
	case *reps < 0:
		return usageError{"--replications must be positive"}
	}
	if data, err := os.ReadFile(*path); err == nil && sim.IsDesign(data) {
		return simRunFactorial(ctx, *path, data, *format, *reps, seed, stdout)
	}
	cfg, err := readConfig(*path)
	if err != nil {
		return err
	}
	if *reps > 0 {
		cfg.Replications = *reps
	}
	if seed != nil {
		cfg.Seed = *seed
	}
	res, err := sim.Run(ctx, cfg)
	if err != nil {
		return err
	}
	switch *format {
	case "json":
		return writeJSON(stdout, res)
	case "csv":
		return res.WriteCSV(stdout)
	}
	return res.WriteTable(stdout)
}

func readConfig(path string) (sim.Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return sim.Config{}, err
	}
	cfg, err := sim.ParseConfig(data)
	if err != nil {
		return sim.Config{}, fmt.Errorf("%s:\n%w", path, err)
	}
	return cfg, nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func simMerge(args []string, stdout, stderr io.Writer) error {
	fs := newSimFlags("merge", stdout)
	format := fs.String("format", "json", "output format: json or csv")
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(files) == 0:
		return usageError{"merge needs at least one FILE"}
	case *format != "json" && *format != "csv":
		return usageError{fmt.Sprintf("--format must be json or csv, not %q", *format)}
	}
	var all []sim.PointRecord
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		recs, _, err := sim.ParseRecords(data)
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		all = append(all, recs...)
	}
	merged, err := sim.Merge(all)
	if err != nil {
		return err
	}
	if *format == "csv" {
		return merged.WriteCSV(stdout)
	}
	return writeJSON(stdout, merged)
}

func simSweep(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newSimFlags("sweep", stdout)
	path := fs.String("config", "", "sweep file (YAML or JSON): base and grid")
	out := fs.String("out", "", "output file of JSON lines; an existing one is resumed")
	shardFlag := fs.String("shard", "", "run only points p with p mod n == i (i/n)")
	progress := fs.Bool("progress", false, "draw a progress bar on stderr even when it is not a terminal")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(rest) > 0:
		return usageError{fmt.Sprintf("unexpected argument %q", rest[0])}
	case *path == "":
		return usageError{"sweep needs --config SWEEP.yaml"}
	case *out == "":
		return usageError{"sweep needs --out FILE"}
	}
	shard, err := sim.ParseShard(*shardFlag)
	if err != nil {
		return usageError{err.Error()}
	}
	data, err := os.ReadFile(*path)
	if err != nil {
		return err
	}
	sw, err := sim.ParseSweep(data)
	if err != nil {
		return fmt.Errorf("%s:\n%w", *path, err)
	}
	points, err := sw.Points()
	if err != nil {
		return err
	}
	done, err := resumeSweep(*out, sw)
	if err != nil {
		return err
	}
	var todo []sim.Point
	mine := 0
	for _, p := range points {
		if shard.Has(p.Index) {
			mine++
			if !done[p.Index] {
				todo = append(todo, p)
			}
		}
	}
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	bar := newProgress(stderr, "sweep", *progress)
	bar.Update(int64(mine-len(todo)), int64(mine), fmt.Sprintf("%d/%d points", mine-len(todo), mine))
	for i, p := range todo {
		rec, err := sim.RunPoint(ctx, sw, p)
		if err != nil {
			bar.Done()
			return fmt.Errorf("point %d: %w", p.Index, err)
		}
		line, err := rec.MarshalLine()
		if err != nil {
			return err
		}
		if _, err := f.Write(line); err != nil {
			return err
		}
		done := mine - len(todo) + i + 1
		bar.Update(int64(done), int64(mine), fmt.Sprintf("%d/%d points", done, mine))
	}
	bar.Done()
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "sweep %.12s: shard %d/%d has %d of %d points; ran %d, %d already done; output %s\n",
		sw.Hash(), shard.I, shard.N, mine, len(points), len(todo), mine-len(todo), *out)
	return nil
}

// resumeSweep reads an existing output file, refuses it if it holds records of another sweep or
// model version, cuts off a last line left half-written by an interruption, and returns the
// points already done.
func resumeSweep(path string, sw sim.Sweep) (map[int]bool, error) {
	done := map[int]bool{}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return done, nil
	}
	if err != nil {
		return nil, err
	}
	recs, good, err := sim.ParseRecords(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	hash := sw.Hash()
	for _, r := range recs {
		if r.SweepHash != hash || r.ModelVersion != sim.ModelVersion {
			return nil, fmt.Errorf("%s holds results of a different sweep or model version (%s, %.12s); refusing to resume into it",
				path, r.ModelVersion, r.SweepHash)
		}
		done[r.Index] = true
	}
	if good < len(data) {
		if err := os.Truncate(path, int64(good)); err != nil {
			return nil, err
		}
	}
	if good > 0 && data[good-1] != '\n' {
		// A valid last record without its newline: end the line before appending.
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			return nil, err
		}
		_, err = f.Write([]byte{'\n'})
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, err
		}
	}
	return done, nil
}
