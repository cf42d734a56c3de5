package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"seedbed"
	"seedbed/selection"
)

func runLottery(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(stdout, "Usage: seedbed lottery verify (--program ID [--data DIR | --db URL] | --published FILE)")
			return nil
		}
		return usageError{"usage: seedbed lottery verify --program ID [--data DIR] | --published FILE"}
	}
	var db dbFlags
	var program int64
	var published string
	fs := newFlagSet("lottery verify", "lottery verify --program ID [flags] | --published FILE",
		"Recomputes a program's partial-lottery draw from its published inputs, as any citizen can: the\n"+
			"commitment text must hash to the commitment hash recorded in the decision ledger before the draw,\n"+
			"and the draw recomputed from the commitment and the seed must equal the published result.\n"+
			"With --program it reads them from the database; with --published, from the JSON that\n"+
			"GET /api/v1/programs/{id}/lottery returns. Exits 0 when the draw recomputes, 1 naming the first\n"+
			"difference when it does not.", stderr)
	db.register(fs)
	fs.Int64Var(&program, "program", 0, "the program whose draw to verify")
	fs.StringVar(&published, "published", "", "a file holding the published lottery JSON (offline verification)")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if (program > 0) == (published != "") {
		return usageError{"give either --program ID or --published FILE"}
	}
	var l *selection.Lottery
	var err error
	if published != "" {
		l, err = verifyPublished(published)
	} else {
		l, err = verifyStored(ctx, db, program)
	}
	if err != nil {
		return fmt.Errorf("抽签验证失败 / the draw does not verify: %w", err)
	}
	funded := l.Result.Funded()
	fmt.Fprintf(stdout, "OK: %s 的抽签可由公布的输入重算 / the draw recomputes from the published inputs\n", strings.TrimPrefix(lineOf(l.Commitment, 2), "program: "))
	fmt.Fprintf(stdout, "  commitment hash  %s\n  seed             %q\n  entrants         %d\n  funded           %s\n  spent            %d\n",
		l.CommitmentHash, l.Seed, len(l.Result.Order), strings.Join(funded, ", "), l.Result.Spent)
	return nil
}

// verifyStored loads a program's lottery from the database and verifies it there, including the
// commitment hash recorded by the decision event before the draw.
func verifyStored(ctx context.Context, db dbFlags, program int64) (*selection.Lottery, error) {
	store, err := db.open(ctx)
	if err != nil {
		return nil, err
	}
	defer store.Close()
	var v lotteryVerifier = newApp(store).Reviews
	return v.VerifyLottery(ctx, program)
}

// lotteryVerifier is what lottery verify asks of the use-case layer.
type lotteryVerifier interface {
	VerifyLottery(ctx context.Context, programID int64) (*selection.Lottery, error)
}

// verifyPublished verifies the published lottery JSON of one program, offline.
func verifyPublished(path string) (*selection.Lottery, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var l selection.Lottery
	if err := json.Unmarshal(b, &l); err != nil {
		return nil, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "%s 不是公布的抽签 JSON：%v", En: "%s is not the published lottery JSON: %v"}, path, err)
	}
	if l.Result == nil {
		return nil, errors.New("抽签尚未进行 / the draw has not taken place")
	}
	c, err := selection.ParseCommitment([]byte(l.Commitment))
	if err != nil {
		return nil, fmt.Errorf("承诺文本 / commitment text: %w", err)
	}
	if h, _ := c.Hash(); h != l.CommitmentHash {
		return nil, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "承诺文本的哈希为 %s，公布的承诺哈希为 %s", En: "the commitment text hashes to %s, the published commitment hash is %s"}, h, l.CommitmentHash)
	}
	return &l, selection.Verify(c, l.Seed, *l.Result)
}

// lineOf returns line n (1-based) of a text, or "".
func lineOf(text string, n int) string {
	lines := strings.SplitN(text, "\n", n+1)
	if len(lines) < n {
		return ""
	}
	return lines[n-1]
}
