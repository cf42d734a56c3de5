package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"seedbed"
	"seedbed/app"
	"seedbed/sqlstore"
	"seedbed/web"
)

type serveFlags struct {
	dbFlags
	ledger ledgerFlags
	addr   string
	secure bool
	grants grantFlags
	totp   bool
	// lotteryMinDelay is the least time between a lottery's commitment and its seed's event.
	lotteryMinDelay time.Duration
	// cultureK is the least number of respondents a published culture-survey group may have.
	cultureK int
	// failureContext is how a later application shows earlier honest failures: neutral or hidden.
	failureContext string
	backup         backupSchedule
	mail           mailFlags
	// cpuProfile, when set, is the file a CPU profile of the whole run is written to when the
	// server stops (for reading where a load's time goes).
	cpuProfile string
}

func (f *serveFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.addr, "addr", env("addr", "127.0.0.1:8080"), "address to listen on (env SEEDBED_ADDR)")
	f.ledger.register(fs)
	fs.BoolVar(&f.secure, "secure-cookies", env("secure_cookies", "") == "true", "mark cookies Secure, when served behind TLS (env SEEDBED_SECURE_COOKIES=true)")
	f.grants.register(fs)
	f.backup.register(fs)
	fs.DurationVar(&f.lotteryMinDelay, "lottery-min-delay", envDuration("lottery_min_delay", app.DefaultLotteryMinDelay),
		"least time between a lottery's commitment and the public event that gives its seed (env SEEDBED_LOTTERY_MIN_DELAY)")
	k, _ := strconv.Atoi(env("culture_k", strconv.Itoa(seedbed.DefaultCultureK)))
	fs.IntVar(&f.cultureK, "culture-k", k, "the least number of respondents a published group of the culture survey may have (env SEEDBED_CULTURE_K)")
	fs.StringVar(&f.failureContext, "failure-context", env("failure_context", seedbed.FailureContextNeutral),
		"how a later application shows the applicant's earlier honest failures: neutral (listed, marked as not counting against it) or hidden (env SEEDBED_FAILURE_CONTEXT)")
	f.mail.register(fs)
	fs.StringVar(&f.cpuProfile, "cpuprofile", "", "write a CPU profile of the server's whole run to this file when it stops (go tool pprof reads it)")
	fs.BoolVar(&f.totp, "require-totp", env("require_totp", "true") != "false",
		"administrators, officers and auditors must sign in with a second factor (TOTP) and enrol one first (env SEEDBED_REQUIRE_TOTP=false turns it off)")
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f serveFlags
	fs := newFlagSet("serve", "serve [flags]", "Serves the web UI and the JSON API until interrupted.", stderr)
	f.dbFlags.register(fs)
	f.register(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := f.check(); err != nil {
		return err
	}
	store, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := setupLedger(ctx, store, f.data, f.ledger, stdout); err != nil {
		return err
	}
	if f.cpuProfile != "" {
		stop, err := startCPUProfile(f.cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	return serve(ctx, store, f, stdout, stderr, nil)
}

// check refuses flags that cannot serve, before anything is opened (serve and demo).
func (f *serveFlags) check() error {
	if err := f.backup.check(f.db != ""); err != nil {
		return err
	}
	if f.cultureK < 1 {
		return usageError{"--culture-k must be at least 1"}
	}
	if f.failureContext != seedbed.FailureContextNeutral && f.failureContext != seedbed.FailureContextHidden {
		return usageError{fmt.Sprintf("--failure-context must be %s or %s, not %q", seedbed.FailureContextNeutral, seedbed.FailureContextHidden, f.failureContext)}
	}
	return nil
}

// serve runs the HTTP server over store until ctx ends. ready, when set, is called with the
// address once the server listens.
func serve(ctx context.Context, store *sqlstore.Store, f serveFlags, stdout, stderr io.Writer, ready func(addr string)) error {
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	a := app.New(store, app.Options{LotteryMinDelay: f.lotteryMinDelay, CultureK: f.cultureK})
	srv, err := web.New(webServices(a), log)
	if err != nil {
		return err
	}
	f.mail.start(ctx, a.Inbox, f.grants.publicURL, log)
	go a.Programs.RunReminders(ctx, time.Hour)
	srv.Version, srv.SecureCookies, srv.RequireTOTP = version, f.secure, f.totp
	srv.FailureContext = f.failureContext
	srv.GrantPublisher = f.grants.publisher()
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", f.addr, err)
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 5 * time.Minute,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute}
	if ready != nil {
		ready(ln.Addr().String())
	}
	fmt.Fprintf(stdout, "seedbed %s listening on http://%s/\n", version, ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	go anchorAuditEvery(ctx, newApp(store).Ledger, auditAnchorInterval, log)
	go func() {
		// the registry search's index, built now rather than by the first search
		if err := store.WarmSearch(ctx); err != nil && ctx.Err() == nil {
			log.Warn("registry search index not built", "err", err)
		}
		// and the monitoring snapshot (seconds at 100,000 monitored innovators), which every
		// monitoring page would otherwise wait for behind the first one
		if _, err := a.Monitoring.Snapshot(ctx); err != nil && ctx.Err() == nil {
			log.Warn("monitoring snapshot not computed", "err", err)
		}
	}()
	if f.backup.every > 0 {
		go backupEvery(ctx, store, f.data, f.backup, log)
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := hs.Shutdown(shut); err != nil && !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		fmt.Fprintln(stdout, "seedbed stopped")
		return nil
	}
}

// envDuration reads SEEDBED_<NAME> as a Go duration ("90m", "24h"), or def when it is unset or
// unreadable (the flag's own parsing then reports a bad value given on the command line).
func envDuration(name string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(env(name, "")); err == nil {
		return d
	}
	return def
}
