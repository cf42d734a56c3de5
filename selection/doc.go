// Package selection is the pure engine of program review and selection: the scoring rubric,
// conflicts of interest, assignment of reviewers, normalisation of scores, the selection modes
// (ranked, threshold, partial lottery) and the publicly verifiable draw.
//
// It is pure computation: no file, network or database I/O, no clock and no global random
// state. It depends only on the domain package seedbed (for its error type and bilingual
// labels), the standard library, golang.org/x/text and gonum's linear algebra; storage, the web server and the command
// line call it, never the other way round. Every function gives the same output for the same
// input on every machine.
//
// # Review
//
// A Rubric lists criteria, each with a weight and a scale (for example 1–5). Rubric.Total puts
// each score on its criterion's scale, (score − min)/(max − min), and takes the weighted mean,
// times 100: a total from 0 to 100 whatever the scales. DefaultRubric is deliberately light —
// originality (非共识创新性), team drive (团队自驱力), what the money unlocks (资金撬动作用) and the
// feasibility of the next step (下一步可行性) — and rewards direction, not detailed plans.
//
// Conflicts finds every reason a reviewer must not review an application: the reviewer's
// organisation is the applicant or a co-applicant; a party of the application applied together
// with the reviewer before (the reviewer's past applications' parties); the reviewer declared a
// relation with a party, by innovator id or by name (names compare after Unicode NFKC, case
// folding and removal of spaces and middle dots; a declared name of four or more characters
// also matches inside a longer party name, so "浙江大学" catches "浙江大学计算机学院"); or the
// reviewer declared a conflict with this very application. MayOpen refuses to open an
// application to a reviewer who is conflicted or has not yet declared that there is no conflict.
//
// Assign gives every application k distinct, unconflicted reviewers. Load balance comes first:
// the result has the smallest possible largest load, and loads differ by at most one whenever
// the conflicts permit it. Within that balance it prefers reviewers whose expertise tags match
// the application's field and tags. An application with fewer than k unconflicted reviewers
// gets none and is reported, so that no application is silently reviewed by fewer. The seed
// only breaks ties; the same inputs and seed give the same assignment.
//
// # Normalisation
//
// Reviewers differ in harshness. Normalise's default method, MethodBayes, fits the crossed
// random-effects model raw = μ + a_app + b_reviewer + e with a ~ N(0, τ²_a), b ~ N(0, τ²_b) and
// e ~ N(0, σ²): the variance components by EM (or as given in NormaliseOptions.Variances), then
// the exact Gaussian posterior of μ, a and b. Reviewer effects are thereby shrunk toward zero as
// far as their number of scores warrants, which stays sound at two or three reviews per
// reviewer, where z-scores collapse to ±1. An application's score is its posterior mean a over
// the SD of all raw totals; its interval the credible interval score ± Z·SE (SE the posterior
// SD on the same scale); its rank interval the 2.5% and 97.5% quantiles of its rank over draws
// from the joint posterior with a fixed generator; Display is μ + a on the raw scale. Each
// review's Z is its raw total less μ and its reviewer's effect, on the score scale. An
// application whose raw totals span more than DisagreeRaw (default 30) is flagged.
//
// MethodZScore is the older per-reviewer z-score, kept for comparison: z = (x − mean_r) / sd_r
// with r's own mean and population SD; a reviewer with fewer than MinScores totals, or all
// alike, uses the global mean and SD instead and is flagged; the score is the mean z with
// SE = s/√n (or the pooled within-application SD), and an application is flagged when its
// z-scores span more than DisagreeRange. Under both methods each selection flags applications
// whose reviewers put them on both sides of its line.
//
// # Selection
//
// Amounts are whole numbers in the program's currency unit, so no rounding can exceed a budget,
// and every mode checks before returning that what it grants adds up to at most the budget.
// Applications are ranked by score, highest first, ties by application id; a tie that decides
// who is funded is flagged.
//
//   - Ranked funds down the list while the budget allows. By default it stops at the first
//     application that does not fit, so no application is funded ahead of a better one; with
//     RankOptions.FillGaps it passes over it and funds cheaper ones further down.
//   - Threshold does the same for the applications scoring at or above a threshold and declines
//     the rest.
//   - PlanLottery is the partial lottery of the Swiss National Science Foundation kind, whose
//     draw group is where reviewers' judgements cannot tell applications apart. Applications
//     below the quality bar are declined. If the rest fit the budget, all are funded. Otherwise
//     the application at the funding line is the last of the longest run from the top that fits
//     the budget; an application whose interval lies wholly above that application's interval
//     (lower end above its upper end) is clearly fundable and funded; every other application at
//     or above the bar enters the draw for the budget that is left (with
//     LotteryOptions.ClearlyBelow, those whose interval lies wholly below the line
//     application's are left out of the draw as not funded). Clearly fundable applications all
//     rank above the line, so they always fit the budget.
//
// Select is the one place that dispatches on a program's mode: it takes the mode and the
// program's Rules and calls Ranked, Threshold or PlanLottery. The modes themselves are declared
// once, with their labels, as seedbed.SelectionModes (ModeRanked and the others are its codes),
// so that program validation, forms, procedure documents and this package agree on the list.
//
// Each decision carries a reason in Chinese and English with the numbers behind it, such as
// "综合得分 1.21（区间 0.95 至 1.47）的下限高于抽签区间上限 0.85，直接资助".
//
// # The verifiable draw
//
// The draw follows the idea of RFC 3797: fix every input, and announce where the randomness
// will come from, before that randomness exists; then anyone can recompute the outcome.
//
//  1. Commit. The officer publishes a Commitment: the program, the ordered entrants with their
//     amounts, the budget left for the draw, the funding rule (FillGaps), and the seed source —
//     a future public event (SeedPublicValue: the numbers of a named public lottery draw, a
//     drand round, an index close) with the time after which its value is known
//     (SeedKnownAfter), which must lie after the commitment's time. The commitment's canonical
//     text (Commitment.Canonical) is hashed with SHA-256 to the commitment hash, which is
//     recorded in the decision ledger, so its time is fixed and it cannot be changed
//     afterwards. The first format, CommitmentVersion1, also allowed the ledger's root at a
//     future size (SeedLedgerHead) or a secret whose SHA-256 is committed (SeedCommitted); its
//     commitments are still read, drawn and verified, but new ones take a public event only.
//  2. Seed. When the source publishes its value, it is put in canonical form (CanonicalSeed:
//     NFKC, white space runs made one space, trimmed, ASCII letters in lower case).
//  3. Draw. Each entrant's ticket is SHA-256(seed ‖ "\n" ‖ commitment hash in hex ‖ "\n" ‖
//     entrant id). Entrants take their turn in ascending ticket order; each is funded if its
//     amount fits what is left of the budget (with FillGaps off, the first one that does not fit
//     ends the funding).
//
// Why this is fair and verifiable: when the commitment is fixed, nobody knows the seed, so
// nobody can choose entrants, amounts or rules to favour anyone; once the seed is known, the
// order follows from public data by a public function, so nobody can choose it either. SHA-256
// makes the tickets of distinct entrants independent and uniform, so every order of the entrants
// is equally likely (the package tests check this with chi-square tests over 20,000 draws).
// Re-running the draw with other inputs changes the commitment hash, which no longer matches the
// one in the ledger; Verify recomputes the draw and names the first difference.
//
// With unequal amounts the order is still uniform, but the chance to be funded is not: an
// expensive entrant fits only while enough budget is left, so cheap entrants win more often,
// and with FillGaps more still (the tests compute the exact probabilities by enumerating every
// order and compare them with simulated draws). Programs that want equal chances should grant
// equal amounts within the draw group.
//
// The seed sources differ in strength. A public event is the strongest when its publisher is
// independent of the bureau and its time lies after the commitment: then nobody can try many
// commitments against a known seed, nor choose the seed. A ledger head (first format only) is
// only as unpredictable as the entries written between the commitment and the chosen size;
// since the bureau writes the ledger, someone able to choose those entries could try many
// variants. A committed secret (first format only) lets whoever chose it compute the outcome in
// advance. That is why the current format takes a public event only.
//
// What a citizen needs to recompute a draw: the published canonical commitment text, the
// published seed value, and the published result. Then: check that sha256sum of the commitment
// text equals the commitment hash recorded in the ledger before the seed was published; check
// the seed value against its source; for each entrant compute
//
//	printf '%s\n%s\n%s' "$SEED" "$COMMITMENT_HASH" "$ENTRANT_ID" | sha256sum
//
// sort the entrants by that value and walk down the list, funding each entrant whose amount
// fits what is left of the budget. `seedbed lottery verify` does exactly this with Verify.
//
// # Records
//
// ProgramSelection (a program's normalised scores and selection), AssignmentRun (what one run of
// Assign added), Lottery (a draw's published inputs and result) and SeedSource (what the officer
// announces with a commitment) are the records the use-case layer keeps and publishes; they are
// plain values here, and storing them is the caller's business.
package selection
