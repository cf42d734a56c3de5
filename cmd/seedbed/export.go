package main

import (
	"bufio"
	"context"
	"fmt"
	"io"

	"seedbed"
	"seedbed/csvfile"
)

func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "innovators" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(stdout, "Usage: seedbed export innovators [flags] > innovators.csv")
			return nil
		}
		return usageError{"usage: seedbed export innovators [--data DIR] [--encoding utf-8|gb18030] [--lang zh|en] > FILE.csv"}
	}
	var db dbFlags
	var opts csvfile.WriteOptions
	fs := newFlagSet("export innovators", "export innovators [flags] > FILE.csv",
		"Writes the whole registry as CSV to standard output; what it writes imports back unchanged.", stderr)
	db.register(fs)
	fs.StringVar(&opts.Encoding, "encoding", "utf-8", "utf-8 (with BOM, for Excel) or gb18030")
	fs.StringVar(&opts.Lang, "lang", "zh", "header language: zh or en")
	fs.BoolVar(&opts.ExcelSafe, "excel-safe", false, "guard cells against spreadsheet formula injection")
	var codes bool
	fs.BoolVar(&codes, "codes", false, "write coded values as codes (enterprise) even under Chinese headers, which otherwise get Chinese values (企业)")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if opts.Lang != "zh" && opts.Lang != "en" {
		return usageError{"--lang must be zh or en"}
	}
	opts.Labels = opts.Lang == "zh" && !codes
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	bw := bufio.NewWriterSize(stdout, 1<<16)
	cw := csvfile.NewWriter(bw, opts)
	if err := newApp(store).Registry.EachInnovator(ctx, func(in *seedbed.Innovator) error { return cw.Write(in) }); err != nil {
		return err
	}
	if err := cw.Flush(); err != nil {
		return err
	}
	return bw.Flush()
}
