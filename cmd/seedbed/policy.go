package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"seedbed"
	"seedbed/policy"
)

const policyUsage = `Usage: seedbed policy <subcommand> [flags] FILES…

Subcommands:
  check FILES…   检查语法、类型、成本与版本冲突 / check syntax, types, costs and version clashes
  test FILES…    运行文件内的测试用例 / run the test cases inside the files
  eval --innovator-json FILE [--as-of DATE] FILES…
  eval --innovator ID [--data DIR|--db URL] [--as-of DATE] [FILES…]
                 评估某一创新主体适用哪些政策 / which policies apply to an innovator, with the trace
  diff OLD NEW   比较同一政策的两个版本 / compare two versions of a policy
  publish --user NAME [--data DIR|--db URL] FILES…
                 检查、测试并发布到数据库 / check, test and publish into the database

FILES may be directories: every *.yaml file under them is read.
Run 'seedbed policy <subcommand> --help' for its flags.`

// runPolicy dispatches the policy subcommands.
func runPolicy(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, policyUsage)
		return usageError{"missing subcommand: check, test, eval, diff or publish"}
	}
	switch args[0] {
	case "-h", "--help", "help":
		fmt.Fprintln(stdout, policyUsage)
		return flag.ErrHelp
	case "check":
		return runPolicyCheck(args[1:], stdout, stderr)
	case "test":
		return runPolicyTest(args[1:], stdout, stderr)
	case "eval":
		return runPolicyEval(ctx, args[1:], stdout, stderr)
	case "diff":
		return runPolicyDiff(args[1:], stdout, stderr)
	case "publish":
		return runPolicyPublish(ctx, args[1:], stdout, stderr)
	}
	return usageError{fmt.Sprintf("unknown policy subcommand %q: want check, test, eval, diff or publish", args[0])}
}

// policyFlagSet makes the flag set of one policy subcommand; --help prints usage and about.
func policyFlagSet(name, usageLine, about string, stderr io.Writer) *flag.FlagSet {
	fset := flag.NewFlagSet("policy "+name, flag.ContinueOnError)
	fset.SetOutput(stderr)
	fset.Usage = func() {
		fmt.Fprintf(fset.Output(), "Usage: seedbed policy %s\n\n%s\n\nFlags:\n", usageLine, about)
		fset.PrintDefaults()
	}
	return fset
}

// parsePolicyFlags parses flags, turning bad flags into usage errors; --help gives flag.ErrHelp.
func parsePolicyFlags(fset *flag.FlagSet, args []string) error {
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}

// policyFiles expands the arguments into policy files: files as given, directories into every
// *.yaml or *.yml file under them, in name order.
func policyFiles(args []string) ([]string, error) {
	if len(args) == 0 {
		return nil, usageError{"give at least one policy file or directory"}
	}
	var files []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			files = append(files, a)
			continue
		}
		var found []string
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	return files, nil
}

// loadedPolicy is one file after parsing and compiling: c is nil when it has errors.
type loadedPolicy struct {
	file string
	c    *policy.Compiled
	errs policy.ErrorList
}

// compilePolicies parses and compiles every file, then adds the good ones to a library to find
// duplicate versions and overlapping dates between files. Errors stay with their file.
func compilePolicies(files []string) ([]*loadedPolicy, *policy.Library, error) {
	lib := policy.NewLibrary()
	out := make([]*loadedPolicy, 0, len(files))
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return nil, nil, err
		}
		lp := &loadedPolicy{file: f}
		out = append(out, lp)
		lp.c, err = policy.Check(f, src)
		if err == nil {
			err = lib.Add(lp.c)
		}
		if err != nil {
			var el policy.ErrorList
			if !errors.As(err, &el) {
				return nil, nil, err
			}
			lp.c, lp.errs = nil, el
		}
	}
	return out, lib, nil
}

func runPolicyCheck(args []string, stdout, stderr io.Writer) error {
	fset := policyFlagSet("check", "check FILES…",
		"Checks each policy file: YAML syntax, unknown or missing keys, CEL syntax and types, cost\n"+
			"limits, and duplicate or overlapping versions across the files. Problems are printed as\n"+
			"file:line:column: message; the exit status is 1 when there is any.", stderr)
	if err := parsePolicyFlags(fset, args); err != nil {
		return err
	}
	files, err := policyFiles(fset.Args())
	if err != nil {
		return err
	}
	loaded, _, err := compilePolicies(files)
	if err != nil {
		return err
	}
	problems := 0
	for _, lp := range loaded {
		if len(lp.errs) > 0 {
			problems += len(lp.errs)
			for _, e := range lp.errs {
				fmt.Fprintln(stderr, e.Error())
			}
			continue
		}
		d := lp.c.Document()
		fmt.Fprintf(stdout, "ok  \t%s\t%s v%d（%d 条件 / conditions，%d 工具 / instruments，%d 测试 / tests）\n",
			lp.file, d.ID, d.Version, len(d.Conditions), len(d.Instruments), len(d.Tests))
	}
	if problems > 0 {
		return fmt.Errorf("发现 %d 个问题 / %d problems found", problems, problems)
	}
	return nil
}

func runPolicyTest(args []string, stdout, stderr io.Writer) error {
	fset := policyFlagSet("test", "test FILES…",
		"Runs the test cases embedded in each policy file and prints the results like go test.\n"+
			"The exit status is 1 when any file does not check or any test fails.", stderr)
	if err := parsePolicyFlags(fset, args); err != nil {
		return err
	}
	files, err := policyFiles(fset.Args())
	if err != nil {
		return err
	}
	loaded, _, err := compilePolicies(files)
	if err != nil {
		return err
	}
	failedFiles := 0
	for _, lp := range loaded {
		if lp.c == nil {
			for _, e := range lp.errs {
				fmt.Fprintln(stdout, e.Error())
			}
			fmt.Fprintf(stdout, "FAIL\t%s\t[检查失败 / check failed]\n", lp.file)
			failedFiles++
			continue
		}
		failed := 0
		results := lp.c.RunTests()
		for _, tr := range results {
			fmt.Fprintf(stdout, "=== RUN   %s\n", tr.Name)
			if tr.Passed {
				fmt.Fprintf(stdout, "--- PASS: %s\n", tr.Name)
				continue
			}
			failed++
			fmt.Fprintf(stdout, "--- FAIL: %s (%s)\n", tr.Name, bilingualList(tr.Problems, "; "))
			fmt.Fprintf(stdout, "    %s:%d:%d: %s\n", lp.file, tr.Pos.Line, tr.Pos.Column, bilingual(tr.Result.Reason))
		}
		if failed > 0 {
			fmt.Fprintf(stdout, "FAIL\t%s\t%d/%d 个测试未通过 / %d of %d tests failed\n", lp.file, failed, len(results), failed, len(results))
			failedFiles++
			continue
		}
		fmt.Fprintf(stdout, "ok  \t%s\t%d 个测试 / %d tests\n", lp.file, len(results), len(results))
	}
	if failedFiles > 0 {
		return fmt.Errorf("%d 个文件未通过 / %d files failed", failedFiles, failedFiles)
	}
	return nil
}

func runPolicyEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fset := policyFlagSet("eval", "eval (--innovator-json FILE | --innovator ID) [--as-of DATE] [flags] [FILES…]",
		"Evaluates the policies in force on a day for one innovator and prints each decision with its\n"+
			"explanation. The innovator comes from a JSON file (the field names of the registry's API)\n"+
			"or, with --innovator ID, from the database (--data/--db), whose published library is used\n"+
			"when no FILES are given.", stderr)
	var db dbFlags
	db.register(fset)
	innovatorID := fset.Int64("innovator", 0, "id of an innovator in the database")
	innovatorFile := fset.String("innovator-json", "", "JSON file holding the innovator")
	indicatorsFile := fset.String("indicators-json", "", "JSON file holding indicators, an object of names to numbers")
	asOf := fset.String("as-of", "", "evaluation date YYYY-MM-DD (default today)")
	lang := fset.String("lang", "zh", "language of the explanation: zh or en")
	asJSON := fset.Bool("json", false, "print the results as JSON")
	if err := parsePolicyFlags(fset, args); err != nil {
		return err
	}
	if *innovatorFile == "" && *innovatorID == 0 {
		return usageError{"--innovator-json is required, or --innovator ID to read the innovator from the database"}
	}
	if *innovatorFile != "" && *innovatorID != 0 {
		return usageError{"give --innovator-json or --innovator, not both"}
	}
	if *lang != "zh" && *lang != "en" {
		return usageError{"--lang must be zh or en"}
	}
	day := time.Now()
	if *asOf != "" {
		d, err := policy.ParseDate(*asOf)
		if err != nil {
			return usageError{fmt.Sprintf("--as-of %q is not a date YYYY-MM-DD", *asOf)}
		}
		day = d.Time()
	}
	var indicators map[string]float64
	if *indicatorsFile != "" {
		if err := readJSONStrict(*indicatorsFile, &indicators); err != nil {
			return err
		}
	}
	var in *seedbed.Innovator
	var lib *policy.Library
	var results []policy.Result
	decided := false // results came from the use case
	if *innovatorID != 0 {
		if *innovatorID < 0 {
			return usageError{"--innovator must be a positive id"}
		}
		store, err := db.open(ctx)
		if err != nil {
			return err
		}
		defer store.Close()
		if in, err = store.GetInnovator(ctx, *innovatorID); err != nil {
			return err
		}
		pol := newApp(store).Policies
		switch {
		case fset.NArg() == 0 && *indicatorsFile == "":
			// The published library and the stored indicators: the eligibility use case itself.
			if results, err = pol.PoliciesFor(ctx, in, day); err != nil {
				return err
			}
			decided = true
		case fset.NArg() == 0:
			if lib, err = pol.Library(ctx); err != nil {
				return err
			}
		case *indicatorsFile == "":
			if indicators, err = store.PolicyIndicators(ctx, in.ID, day); err != nil {
				return err
			}
		}
		if !*asJSON {
			fmt.Fprintf(stdout, "%s（%d）%s %s\n\n", in.Name, in.ID, seedbed.Label{Zh: "，评估日期", En: ", as of"}.In(*lang), policy.DateOf(day))
		}
	} else {
		var err error
		if in, err = readInnovatorJSON(*innovatorFile); err != nil {
			return err
		}
	}
	if lib == nil && !decided {
		files, err := policyFiles(fset.Args())
		if err != nil {
			return err
		}
		loaded, fileLib, err := compilePolicies(files)
		if err != nil {
			return err
		}
		var bad policy.ErrorList
		for _, lp := range loaded {
			bad = append(bad, lp.errs...)
		}
		if len(bad) > 0 {
			fmt.Fprintln(stderr, bad.Error())
			return fmt.Errorf("政策文件有 %d 个问题 / the policy files have %d problems", len(bad), len(bad))
		}
		lib = fileLib
	}
	if !decided {
		results = lib.Evaluate(in, day, indicators)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(results)
	}
	printEligibility(stdout, *lang, results)
	return nil
}

// readInnovatorJSON reads one innovator from a JSON file with the registry API's field names,
// refusing unknown fields, and derives its size class.
func readInnovatorJSON(file string) (*seedbed.Innovator, error) {
	var in seedbed.Innovator
	if err := readJSONStrict(file, &in); err != nil {
		return nil, err
	}
	in.Normalize()
	return &in, nil
}

func readJSONStrict(file string, v any) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return seedbed.Errorf(seedbed.EINVALID, "%s: %v", file, err)
	}
	return nil
}

// printEligibility prints policy results with their explanations in lang (zh or en): the
// decision of each policy, every clause's trace, and the amounts granted.
func printEligibility(w io.Writer, lang string, results []policy.Result) {
	if len(results) == 0 {
		fmt.Fprintln(w, seedbed.Label{Zh: "当天没有有效的政策。", En: "No policy is in force on that day."}.In(lang))
		return
	}
	for i, r := range results {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "[%s] %s v%d  %s\n", r.StatusLabel.In(lang), r.PolicyID, r.Version, r.Title.In(lang))
		fmt.Fprintf(w, "    %s%s\n", seedbed.Label{Zh: "理由：", En: "why: "}.In(lang), r.Reason.In(lang))
		for _, c := range r.Clauses {
			fmt.Fprintf(w, "    %-16s %s\n", c.ID, c.Trace.In(lang))
			if c.Outcome == policy.Unknown && c.Note.Zh != "" {
				fmt.Fprintf(w, "    %-16s %s\n", "", c.Note.In(lang))
			}
		}
		for _, a := range r.Amounts {
			switch a.Outcome {
			case policy.Pass:
				fmt.Fprintf(w, "    → %s：%s %s    %s\n", a.Name.In(lang), strconvFloat(a.Value), a.UnitLabel.In(lang), a.Trace.In(lang))
			default:
				fmt.Fprintf(w, "    → %s：%s\n", a.Name.In(lang), a.Note.In(lang))
			}
		}
	}
}

func strconvFloat(f float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.4f", f), "0"), ".")
}

func runPolicyDiff(args []string, stdout, stderr io.Writer) error {
	fset := policyFlagSet("diff", "diff [--lang zh|en] OLD NEW",
		"Compares two versions of a policy: metadata, conditions and instruments added, removed or\n"+
			"changed, each with the old and new rule in words.", stderr)
	lang := fset.String("lang", "zh", "language: zh or en")
	if err := parsePolicyFlags(fset, args); err != nil {
		return err
	}
	if fset.NArg() != 2 {
		return usageError{"give exactly two policy files: OLD NEW"}
	}
	var docs [2]*policy.Document
	for i, f := range fset.Args() {
		src, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		doc, err := policy.Parse(f, src)
		if err != nil {
			fmt.Fprintln(stderr, err.Error())
			return fmt.Errorf("%s 无法解析 / %s does not parse", f, f)
		}
		docs[i] = doc
	}
	d := policy.Diff(docs[0], docs[1])
	fmt.Fprintf(stdout, "%s v%d → v%d\n", d.ID, d.From, d.To)
	if len(d.Changes) == 0 {
		fmt.Fprintln(stdout, seedbed.Label{Zh: "没有差异。", En: "No differences."}.In(*lang))
	}
	for _, c := range d.Changes {
		fmt.Fprintf(stdout, "  %s\n", c.Summary.In(*lang))
	}
	return nil
}
