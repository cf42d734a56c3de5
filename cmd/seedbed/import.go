package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"seedbed"
	"seedbed/csvfile"
)

func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "innovators" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(stdout, "Usage: seedbed import innovators [flags] FILE.csv\n\nRun 'seedbed import innovators --help' for the flags.")
			return nil
		}
		return usageError{"usage: seedbed import innovators [--data DIR] FILE.csv"}
	}
	var db dbFlags
	var force bool
	fs := newFlagSet("import innovators", "import innovators [flags] FILE.csv",
		"Imports innovators from a CSV file (UTF-8 or GBK/GB18030, Chinese or English headers).\nAll or nothing: when any row is bad, nothing is written and every bad row is listed.", stderr)
	db.register(fs)
	fs.BoolVar(&force, "progress", false, "draw the progress bar even when standard error is not a terminal")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"give exactly one CSV file"}
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	bar := newProgress(stderr, "读取 / reading", force)
	ins, err := csvfile.ReadInnovators(f, csvfile.ReadOptions{Size: st.Size(), Progress: func(rows int, done, total int64) {
		bar.Update(done, total, fmt.Sprintf("%d 行 / rows", rows))
	}})
	bar.Done()
	if err != nil {
		return reportRows(stderr, fs.Arg(0), err)
	}
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	bar = newProgress(stderr, "写入 / storing", force)
	n, err := newApp(store).Registry.ImportInnovatorsReporting(ctx, seedbed.Actor{Username: "cli", Role: seedbed.RoleAdmin}, ins, nil, func(n int) {
		note := fmt.Sprintf("%d 行 / rows", n)
		if n == len(ins) {
			note += "，提交中 / committing"
		}
		bar.Update(int64(n), int64(len(ins)), note)
	})
	bar.Done()
	if err != nil {
		return reportRows(stderr, fs.Arg(0), err)
	}
	fmt.Fprintf(stdout, "已导入 %d 个创新主体 / imported %d innovators\n", n, n)
	return nil
}

// reportRows prints every bad row as FILE:LINE:COLUMN: field: message and returns a summary.
func reportRows(w io.Writer, file string, err error) error {
	var es seedbed.Errors
	if !errors.As(err, &es) {
		return err
	}
	for _, e := range es {
		fmt.Fprintf(w, "%s:%d:%d: %s: %s\n", file, e.Line, e.Column, e.Field, bilingual(e.Messages()))
	}
	// The summary keeps the rows' code, so that the exit code says what went wrong.
	return &seedbed.Error{Code: seedbed.ErrorCode(es), Text: seedbed.Label{Zh: "%d 处错误，未写入任何数据", En: "%d problems; nothing was written"}, Args: []any{len(es)}}
}
