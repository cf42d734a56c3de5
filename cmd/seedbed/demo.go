package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"seedbed"
	"seedbed/app"
	"seedbed/demo"
	"seedbed/sqlstore"
)

// demoSeed is the demo's default seed.
const demoSeed = 20250301

// demoSpec says which demo to build. The demo draws every random number from the seed and reads
// no clock: it runs on its own clock, which starts at the reference day's midnight in the
// bureau's zone and is moved by each step, so that the same spec builds byte-identical data on
// every run and machine. Only secrets differ from run to run: the password hashes (random salts)
// and, unless a ledger key is given, the ledger's signing key with its fingerprint, the signed
// tree heads and their signatures; the demo never makes sessions or API tokens.
type demoSpec struct {
	innovators int // the region's size: the monitoring step's past awards and series scale with it
	seed       uint64
	today      time.Time // midnight starting the reference day, demoZone
}

// newDemoSpec is the demo of n innovators from seed whose story ends on day (YYYY-MM-DD; ""
// for today in the bureau's zone).
func newDemoSpec(n int, seed uint64, day string) (demoSpec, error) {
	if day == "" {
		day = time.Now().In(demoZone).Format(time.DateOnly)
	}
	t, err := time.ParseInLocation(time.DateOnly, day, demoZone)
	if err != nil {
		return demoSpec{}, usageError{fmt.Sprintf("--date must be a day like 2026-03-01, not %q", day)}
	}
	return demoSpec{innovators: n, seed: seed, today: t}, nil
}

// demoDefaultSize is the demo's default number of innovators, the size its fixed story was
// written for: larger and smaller regions scale the monitoring step's past programs and series
// in proportion to it.
const demoDefaultSize = 2400

// scaled is n for the default region, in proportion to this region's size (at least 1).
func (d demoSpec) scaled(n int) int {
	return max(1, int(int64(n)*int64(d.innovators)/demoDefaultSize))
}

// clock is the demo's time before a step moves it: the reference day's start, in UTC as the
// store keeps time.
func (d demoSpec) clock() time.Time { return d.today.UTC() }

// demoPassword is every demo account's password; the demo is for looking around, not production.
const demoPassword = "seedbed-demo"

// demoUsers are the demo's accounts, one per role and a second officer who releases the money
// the first accepted the evidence for; the applicant speaks for the first innovator.
var demoUsers = []struct{ name, display, role string }{
	{"admin", "系统管理员", seedbed.RoleAdmin},
	{"officer", "王主管（项目主管）", seedbed.RoleOfficer},
	{"officer2", "钱主管（拨付复核）", seedbed.RoleOfficer},
	{"reviewer", "李专家（评审专家）", seedbed.RoleReviewer},
	{"applicant", "深度求索申报人", seedbed.RoleApplicant},
	{"auditor", "赵审计（纪检）", seedbed.RoleAuditor},
	{"leader", "陈局长（领导）", seedbed.RoleLeader},
}

// demoStep adds one module's demo data; steps run in registration order on a fresh database,
// after the registry and the demo accounts exist. min is the least registry the step's stories
// need (programs whose applicants are teams of a kind, institutes, firms, several of each
// eligible); a smaller region skips the step, and says so.
type demoStep struct {
	name string
	run  func(ctx context.Context, a *app.App, spec demoSpec, out io.Writer) error
	min  int
}

// demoStoryMin is the least registry the program stories are told in, and so the steps that
// continue them; the registry, accounts, policies, monitoring and the rest are built at any size.
const demoStoryMin = 30

// demoSteps lists each module's demo step in the order their data builds on each other.
var demoSteps = []demoStep{
	{"policies", seedPoliciesDemo, 0},
	{"programs", seedProgramsDemo, demoStoryMin},
	{"monitoring", seedMonitoringDemo, 0},
	{"ledger", seedLedgerDemo, demoStoryMin},
	{"consultations", seedConsultationsDemo, 0},
	{"reform", seedReformDemo, demoStoryMin},
	{"culture", seedCultureDemo, 0},
	{"award life", seedAwardLifeDemo, demoStoryMin},
	{"formation", seedFormationDemo, 0},
	{"blind pilot exemption", seedBlindExemptionDemo, demoStoryMin},
}

func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f serveFlags
	var n int
	var seed uint64
	var day string
	var noServe bool
	fs := newFlagSet("demo", "demo [flags]",
		"On an empty data folder, generates a realistic synthetic region from a seed (innovators,\ndemo accounts for every role, programs, monitoring, the ledger), then serves it. Run again, it\nreuses the data. The same seed, date and size build the same data, byte for byte, except\nsecrets: password hashes and, unless --ledger-key is given, the ledger's key and signatures.", stderr)
	f.dbFlags.register(fs)
	f.register(fs)
	// The demo's accounts sign in with the password printed below and no second factor, so the
	// demo does not require one unless asked to.
	if fl := fs.Lookup("require-totp"); fl != nil && env("require_totp", "") == "" {
		fl.Value.Set("false")
		fl.DefValue = "false"
	}
	fs.IntVar(&n, "size", demoDefaultSize, "how many innovators to generate, 1 to 1000000; past awards and monitoring series grow in proportion (below 30 the program stories are skipped; at least 2000 for the full demo)")
	fs.IntVar(&n, "innovators", demoDefaultSize, "the same as --size")
	fs.Uint64Var(&seed, "seed", demoSeed, "seed of every random draw of the demo")
	fs.StringVar(&day, "date", "", "the demo's today, YYYY-MM-DD: its story ends on this day (default today in China Standard Time)")
	fs.BoolVar(&noServe, "no-serve", false, "fill the data folder and exit without serving")
	if err := parse(fs, args); err != nil {
		return err
	}
	if n < 1 || n > 1_000_000 {
		return usageError{"--size must be from 1 to 1000000"}
	}
	if err := f.check(); err != nil {
		return err
	}
	spec, err := newDemoSpec(n, seed, day)
	if err != nil {
		return err
	}
	store, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	// The ledger's key first, so that every demo decision is signed (and, with --ledger-alg sm2,
	// the log is an SM3 tree from its first entry); on an empty database at the demo's time too.
	count, err := store.CountInnovators(ctx)
	if err != nil {
		return err
	}
	real := store.Now
	if count == 0 {
		store.Now = spec.clock
	}
	err = setupLedger(ctx, store, f.data, f.ledger, stdout)
	store.Now = real
	if err != nil {
		return err
	}
	if err := seedDemo(ctx, store, spec, stdout); err != nil {
		return err
	}
	printLogins(stdout, f.addr, tokenCommand(f.dbFlags))
	if noServe {
		return nil
	}
	return serve(ctx, store, f, stdout, stderr, nil)
}

// seedDemo fills an empty database with the demo region on the demo's clock; a database that
// has data is reused.
func seedDemo(ctx context.Context, store *sqlstore.Store, spec demoSpec, stdout io.Writer) error {
	count, err := store.CountInnovators(ctx)
	if err != nil {
		return err
	}
	if count > 0 {
		fmt.Fprintf(stdout, "reusing the existing data (%d innovators)\n", count)
		return nil
	}
	fmt.Fprintf(stdout, "generating the demo region (%d innovators, seed %d, date %s)…\n", spec.innovators, spec.seed, spec.today.Format(time.DateOnly))
	real := store.Now
	store.Now = spec.clock
	defer func() { store.Now = real }()
	sys := seedbed.Actor{Username: "demo", Role: seedbed.RoleAdmin}
	a := newApp(store)
	ins := demo.Innovators(spec.seed, spec.innovators)
	for _, b := range demoRegistrations(spec, len(ins)) {
		at := b.at
		store.Now = func() time.Time { return at }
		if _, err := a.Registry.ImportInnovators(ctx, sys, ins[b.from:b.to], nil); err != nil {
			return fmt.Errorf("demo innovators: %w", err)
		}
	}
	store.Now = spec.clock
	for _, u := range demoUsers {
		user := &seedbed.User{Username: u.name, DisplayName: u.display, Role: u.role}
		if u.role == seedbed.RoleApplicant {
			id := ins[0].ID
			user.InnovatorID = &id
		}
		if err := a.Accounts.CreateUser(ctx, sys, user, demoPassword); err != nil {
			return fmt.Errorf("demo user %s: %w", u.name, err)
		}
	}
	// The ledger's key before the first step, whichever steps run (demo calls setupLedger
	// itself; a store built otherwise, as in tests, gets the data folder's key here).
	if err := ensureDemoLedger(ctx, store, stdout); err != nil {
		return err
	}
	for _, step := range demoSteps {
		if spec.innovators < step.min {
			fmt.Fprintf(stdout, "demo: %s skipped: its stories need at least %d innovators\n", step.name, step.min)
			continue
		}
		fmt.Fprintf(stdout, "demo: %s…\n", step.name)
		if err := step.run(ctx, a, spec, stdout); err != nil {
			return fmt.Errorf("demo %s: %w", step.name, err)
		}
	}
	// The demo is a bulk load: on PostgreSQL it is vacuumed at once, as docs/operations.md asks
	// after one, so that it serves as it will once autovacuum has caught up.
	if store.Dialect() == sqlstore.Postgres {
		fmt.Fprintf(stdout, "demo: vacuum…\n")
		if err := store.Vacuum(ctx); err != nil {
			return fmt.Errorf("demo vacuum: %w", err)
		}
	}
	return nil
}

// demoRegistration is one batch of the registry's filling: innovators [from, to) registered at.
type demoRegistration struct {
	from, to int
	at       time.Time
}

// demoRegistrations spreads the registry's filling over the two years the platform has run:
// three fifths of the innovators registered when it opened, the rest month by month since, so
// that the formation indicators have a history. The order of the innovators (and so their ids)
// is kept.
func demoRegistrations(spec demoSpec, n int) []demoRegistration {
	opened := spec.today.AddDate(-2, 0, 0).Add(10 * time.Hour)
	first := max(1, n*3/5)
	out := []demoRegistration{{0, min(first, n), opened.UTC()}}
	const months = 24
	for k := 1; k <= months; k++ {
		from, to := first+(n-first)*(k-1)/months, first+(n-first)*k/months
		if from < to {
			out = append(out, demoRegistration{from, to, opened.AddDate(0, k, -1).UTC()})
		}
	}
	return out
}

func printLogins(w io.Writer, addr, token string) {
	fmt.Fprintf(w, "\n演示账号 / demo logins (password: %s) at http://%s/\n", demoPassword, addr)
	for _, u := range demoUsers {
		fmt.Fprintf(w, "  %-10s %s\n", u.name, u.display)
	}
	fmt.Fprintf(w, "API token (in another terminal, while this one serves):\n  %s\n\n", token)
}

// tokenCommand is the command that makes an API token for the demo's administrator, as it can be
// typed: the binary as it was started (or go run from the repository when started that way) and
// the same data folder or database.
func tokenCommand(f dbFlags) string {
	self := os.Args[0]
	if strings.Contains(self, "go-build") || self == "" {
		self = "go run ./cmd/seedbed"
	}
	where := "--data " + shellQuote(f.data)
	if f.db != "" {
		where = "--db " + shellQuote(f.db)
	}
	return self + " token create " + where + " --user admin"
}

// shellQuote quotes a word for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '/' || r == '.' || r == '-' || r == '_' || r == ':' || r == '@' || r == '=' || r == '?' || r == '&' ||
			('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9'))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
