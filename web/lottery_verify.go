package web

import (
	"fmt"
	"strings"

	"seedbed"
	"seedbed/i18n"
	"seedbed/selection"
)

// lotteryHow is how a citizen checks a draw, for the funding rule its commitment fixed: the
// steps in words and the same steps as a shell script to run on the downloaded commitment text.
// docs/programs.md prints the same script (a test holds them together), and a test runs the
// script a page shows and compares its winners with the published ones.
type lotteryHow struct {
	FillGaps bool     // the rule: go on past an entrant the budget cannot cover
	Steps    []string // in words
	Script   string   // sh, with sha256sum, sed, sort and awk
}

// lotteryHowFor describes the verification of a lottery: with its commitment text (and seed,
// once drawn) when there is one, or in general, for a program's rule, when there is none yet.
func lotteryHowFor(lang string, p *seedbed.Program, l *selection.Lottery) lotteryHow {
	h := lotteryHow{FillGaps: p.FillGaps}
	seed := ""
	if l != nil {
		if c, err := selection.ParseCommitment([]byte(l.Commitment)); err == nil {
			h.FillGaps = c.FillGaps
		}
		seed = l.Seed
	}
	rule := "lottery.how3_stop"
	if h.FillGaps {
		rule = "lottery.how3_fill"
	}
	h.Steps = []string{i18n.T(lang, "lottery.how1"), i18n.T(lang, "lottery.how2"), i18n.T(lang, rule), i18n.T(lang, "lottery.how4")}
	h.Script = lotteryScript(lang, seedbed.ProgramCode(p.ID), seed, h.FillGaps)
	return h
}

// lotteryScript is the verification as a shell script over the downloaded file
// commitment-<program>.txt; it prints each entrant in draw order with the outcome.
func lotteryScript(lang, program, seed string, fillGaps bool) string {
	if seed == "" {
		seed = i18n.T(lang, "lottery.sh_seed_placeholder")
	}
	file := "commitment-" + program + ".txt"
	in, out := i18n.T(lang, "lottery.in"), i18n.T(lang, "lottery.out")
	walk := fmt.Sprintf(`awk -v left="$BUDGET" '{ if (!stop && $4 <= left) { left -= $4; print $3, %q } else { stop = 1; print $3, %q } }'`, in, out)
	rule := "lottery.sh_stop"
	if fillGaps {
		walk = fmt.Sprintf(`awk -v left="$BUDGET" '{ if ($4 <= left) { left -= $4; print $3, %q } else { print $3, %q } }'`, in, out)
		rule = "lottery.sh_fill"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# 1. %s\n", i18n.T(lang, "lottery.sh_hash"))
	fmt.Fprintf(&b, "sha256sum %s\n", file)
	fmt.Fprintf(&b, "HASH=$(sha256sum %s | cut -d' ' -f1)\n", file)
	fmt.Fprintf(&b, "BUDGET=$(sed -n 's/^budget: //p' %s)\n", file)
	fmt.Fprintf(&b, "# 2. %s\n", i18n.T(lang, "lottery.sh_seed"))
	fmt.Fprintf(&b, "SEED='%s'\n", strings.ReplaceAll(seed, "'", `'\''`))
	fmt.Fprintf(&b, "# 3. %s\n", i18n.T(lang, "lottery.sh_tickets"))
	fmt.Fprintf(&b, "sed '1,/^entrants: /d' %s | while read -r n id amount; do\n", file)
	b.WriteString(`  printf '%s %s %s %s\n' "$(printf '%s\n%s\n%s' "$SEED" "$HASH" "$id" | sha256sum | cut -d' ' -f1)" "$n" "$id" "$amount"` + "\n")
	b.WriteString("done | LC_ALL=C sort -k1,1 -k2,2n |\n")
	fmt.Fprintf(&b, "# 4. %s\n", i18n.T(lang, rule))
	b.WriteString(walk + "\n")
	return b.String()
}
