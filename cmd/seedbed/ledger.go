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
	"strings"

	"seedbed"
	"seedbed/ledger"
	"seedbed/sqlstore"
)

// ledgerKeyFile is the signing key's file name in the data folder.
const ledgerKeyFile = "ledger-key.pem"

// ledgerFlags say which key signs the ledger's tree heads.
type ledgerFlags struct {
	key string // a PKCS#8 PEM file; "" for <data>/ledger-key.pem, generated on first start
	alg string // the algorithm of a generated key: ed25519 or sm2
}

func (l *ledgerFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&l.key, "ledger-key", env("ledger_key", ""), "PEM file (PKCS#8) of the ledger's signing key; default DATA/"+ledgerKeyFile+", generated on first start (env SEEDBED_LEDGER_KEY)")
	fs.StringVar(&l.alg, "ledger-alg", env("ledger_alg", "ed25519"), "algorithm of a generated ledger key: ed25519, or sm2 (SM2 signatures over an SM3 tree) (env SEEDBED_LEDGER_ALG)")
}

// path returns the key file in use.
func (l *ledgerFlags) path(data string) string {
	if l.key != "" {
		return l.key
	}
	return filepath.Join(data, ledgerKeyFile)
}

// signer loads the signing key, generating the default one (mode 0600) when it does not exist.
// It refuses a key file others can read.
func (l *ledgerFlags) signer(data string) (s ledger.Signer, created bool, err error) {
	alg := ledger.SigEd25519
	switch l.alg {
	case "ed25519", "":
	case "sm2", ledger.SigSM2:
		alg = ledger.SigSM2
	default:
		return nil, false, usageError{fmt.Sprintf("--ledger-alg must be ed25519 or sm2, not %q", l.alg)}
	}
	path := l.path(data)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && l.key == "" {
		if s, err = ledger.GenerateKey(alg); err != nil {
			return nil, false, err
		}
		pemBytes, err := ledger.MarshalPrivateKeyPEM(s)
		if err != nil {
			return nil, false, err
		}
		if err := os.MkdirAll(data, 0o700); err != nil {
			return nil, false, err
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, false, fmt.Errorf("create the ledger key: %w", err)
		}
		if _, err := f.Write(pemBytes); err != nil {
			f.Close()
			return nil, false, err
		}
		return s, true, f.Close()
	}
	if err != nil {
		return nil, false, fmt.Errorf("ledger key: %w", err)
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		return nil, false, fmt.Errorf("ledger key %s can be read by others (mode %04o); run chmod 600 %s", path, fi.Mode().Perm(), path)
	}
	s, err = ledger.ParsePrivateKeyPEM(b)
	if err != nil {
		return nil, false, fmt.Errorf("ledger key %s: %w", path, err)
	}
	return s, false, nil
}

// setupLedger gives the store its signing key and publishes the standard procedures. serve
// and demo call it after opening the store and before anything is decided.
func setupLedger(ctx context.Context, store *sqlstore.Store, data string, l ledgerFlags, out io.Writer) error {
	a := newApp(store)
	s, created, err := l.signer(data)
	if err != nil {
		return err
	}
	hash := ledger.SHA256
	if s.Algorithm() == ledger.SigSM2 {
		hash = ledger.SM3
	}
	if err := a.Ledger.Open(ctx, s, hash); err != nil {
		return err
	}
	if created {
		fmt.Fprintf(out, "generated the ledger signing key %s (%s)\n", l.path(data), s.Algorithm())
	}
	fmt.Fprintf(out, "ledger key %s (%s); publish this fingerprint\n", s.Verifier().KeyID(), s.Algorithm())
	n, err := a.Exemptions.PublishStandardProcedures(ctx)
	if err != nil {
		return fmt.Errorf("standard procedures: %w", err)
	}
	if n > 0 {
		fmt.Fprintf(out, "published %d standard procedure versions\n", n)
	}
	_, err = a.Ledger.AnchorAudit(ctx)
	return err
}

func runLedger(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	usage := "usage: seedbed ledger verify|export|head|pubkey [flags]"
	if len(args) == 0 {
		return usageError{usage}
	}
	switch args[0] {
	case "verify":
		return runLedgerVerify(ctx, args[1:], stdout, stderr)
	case "export":
		return runLedgerExport(ctx, args[1:], stdout, stderr)
	case "head", "pubkey":
		return runLedgerShow(ctx, args[0], args[1:], stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprintln(stdout, usage+"\n\n  verify   recompute the whole log (database or bundle) and name the first bad entry\n  export   write a bundle another party can verify offline\n  head     print the latest signed tree head (JSON)\n  pubkey   print the signing key's public key (PEM) and fingerprint")
		return nil
	}
	return usageError{usage}
}

// trustFlags collects --trust files.
type trustFlags []string

func (t *trustFlags) String() string     { return strings.Join(*t, ",") }
func (t *trustFlags) Set(v string) error { *t = append(*t, v); return nil }

// readKey reads a public key, or the public half of a private key, from a PEM file.
func readKey(path string) (ledger.Verifier, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if v, err := ledger.ParsePublicKeyPEM(b); err == nil {
		return v, nil
	}
	s, err := ledger.ParsePrivateKeyPEM(b)
	if err != nil {
		return nil, fmt.Errorf("%s: not a PEM public or private key", path)
	}
	return s.Verifier(), nil
}

// errVerifyFailed makes `ledger verify` exit 1 after printing the report.
var errVerifyFailed = errors.New("verification failed / 校验未通过")

func runLedgerVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var db dbFlags
	var lf ledgerFlags
	var trust trustFlags
	var bundle string
	var asJSON, noEvents, noState bool
	var workers int
	fs := newFlagSet("ledger verify", "ledger verify [--data DIR | --db URL | --bundle FILE | --proofs FILE] [--trust KEY.pem]...",
		"Recomputes the whole decision ledger, from the database (streamed, constant memory) or from an exported\nbundle, checks every signed tree head, and names the first bad entry. Exits 0 when everything verifies, 1\notherwise. Heads must be signed by a trusted key: the --trust files, else the ledger key file of the data\nfolder, else (with a warning) the keys stored in the database or bundle itself.", stderr)
	db.register(fs)
	fs.StringVar(&lf.key, "ledger-key", env("ledger_key", ""), "the ledger key file whose public key is trusted (default DATA/"+ledgerKeyFile+" when it exists)")
	fs.Var(&trust, "trust", "a trusted public key (or private key) PEM file; repeat for several")
	fs.StringVar(&bundle, "bundle", "", "verify this exported bundle offline instead of the database")
	var proofs string
	fs.StringVar(&proofs, "proofs", "", "verify this bundle of a published program's decisions and their inclusion proofs (ledger-proofs-P-N.json, from the portal) offline")
	fs.BoolVar(&asJSON, "json", false, "print the report as JSON")
	fs.BoolVar(&noEvents, "no-events", false, "skip the check of the decision event rows against their entries")
	fs.BoolVar(&noState, "no-state", false, "skip the reconciliation of awards, tranches, outcomes, assignments, policies and procedures with the ledger")
	fs.IntVar(&workers, "workers", 0, "goroutines recomputing roots (0: one per CPU)")
	if err := parse(fs, args); err != nil {
		return err
	}
	var keys []ledger.Verifier
	for _, p := range trust {
		v, err := readKey(p)
		if err != nil {
			return usageError{"--trust: " + err.Error()}
		}
		keys = append(keys, v)
	}
	if proofs != "" {
		return verifyDecisionProofs(stdout, proofs, keys)
	}
	if bundle != "" {
		f, err := os.Open(bundle)
		if err != nil {
			return err
		}
		defer f.Close()
		rep, err := ledger.VerifyBundle(f, keys...)
		if err != nil {
			return err
		}
		return printReport(stdout, rep, nil, nil, 0, rep.KeysFromBundle, asJSON)
	}
	if len(keys) == 0 || lf.key != "" {
		if v, err := readKey(lf.path(db.data)); err == nil {
			keys = append(keys, v)
		} else if lf.key != "" {
			return err
		}
	}
	if db.db == "" {
		if _, err := os.Stat(filepath.Join(db.data, "seedbed.db")); err != nil {
			return fmt.Errorf("no database in %s: %w", db.data, err)
		}
	}
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	rep, err := newApp(store).Ledger.Verify(ctx, ledger.StoreVerifyOptions{Keys: keys, LogKeys: true, Events: !noEvents, State: !noState, Workers: workers})
	if err != nil {
		return err
	}
	return printReport(stdout, rep.Report, rep.Store, rep.State, rep.AuditWaiting, rep.KeysFromDatabase, asJSON)
}

// printReport writes the report in both languages and returns errVerifyFailed if it failed;
// waiting is how many audit rows are committed and not chained yet (not a problem), as the
// verification page and the API report it.
func printReport(w io.Writer, rep ledger.Report, store []seedbed.Label, state []ledger.StateMismatch, waiting int64, selfKeys bool, asJSON bool) error {
	ok := rep.OK && len(store) == 0 && len(state) == 0
	if asJSON {
		b, _ := json.MarshalIndent(struct {
			ledger.Report
			OK              bool                   `json:"ok"`
			StoreProblems   []seedbed.Label        `json:"store_problems,omitempty"`
			StateMismatches []ledger.StateMismatch `json:"state_mismatches,omitempty"`
			AuditWaiting    int64                  `json:"audit_rows_waiting,omitempty"`
		}{rep, ok, store, state, waiting}, "", "  ")
		fmt.Fprintln(w, string(b))
	} else {
		fmt.Fprintln(w, rep.Summary("zh"))
		fmt.Fprintln(w, rep.Summary("en"))
		if n := len(store) + len(state); rep.OK && n > 0 {
			l := ledger.DatabaseProblems(n)
			fmt.Fprintln(w, l.Zh)
			fmt.Fprintln(w, l.En)
		}
		for _, l := range store {
			fmt.Fprintln(w, l.Zh)
			fmt.Fprintln(w, l.En)
		}
		for _, m := range state {
			l := m.Message()
			fmt.Fprintln(w, l.Zh)
			fmt.Fprintln(w, l.En)
		}
		if waiting > 0 {
			fmt.Fprintf(w, "已提交、待接入审计日志链的行：%d（服务器稍后接入，不是问题）/ audit rows committed and waiting to be chained: %d (waiting for the sequencer, not a problem)\n", waiting, waiting)
		}
		if selfKeys && len(rep.KeyIDs) > 0 {
			fmt.Fprintf(w, "注意：签名密钥取自被校验的数据本身（%s），请与公布的公钥指纹核对 / note: the signing keys were taken from the data being verified (%s); compare them with the published fingerprint\n",
				strings.Join(rep.KeyIDs, ", "), strings.Join(rep.KeyIDs, ", "))
		}
	}
	if !ok {
		return errVerifyFailed
	}
	return nil
}

func runLedgerExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var db dbFlags
	var out string
	fs := newFlagSet("ledger export", "ledger export [--data DIR | --db URL] --out FILE",
		"Writes the whole decision ledger as a bundle (JSON lines: keys, signed heads, entries) that another party\nverifies offline with 'seedbed ledger verify --bundle FILE'. Use --out - for standard output.", stderr)
	db.register(fs)
	fs.StringVar(&out, "out", "", "the bundle file to write (- for standard output)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if out == "" {
		return usageError{"--out is required"}
	}
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	if out == "-" {
		return newApp(store).Ledger.Export(ctx, stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), ".ledger-bundle-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := newApp(store).Ledger.Export(ctx, tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return err
	}
	st, err := newApp(store).Ledger.Status(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "exported the ledger (%d entries, root %s) to %s\n", st.Size, st.Root, out)
	return nil
}

func runLedgerShow(ctx context.Context, what string, args []string, stdout, stderr io.Writer) error {
	var db dbFlags
	fs := newFlagSet("ledger "+what, "ledger "+what+" [--data DIR | --db URL]",
		map[string]string{"head": "Prints the latest signed tree head as JSON (see ledger/OPENSSL.md to check it with openssl).",
			"pubkey": "Prints the public key (PEM) of the key signing the ledger; its fingerprint goes to standard error."}[what], stderr)
	db.register(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	st, err := newApp(store).Ledger.Status(ctx)
	if err != nil {
		return err
	}
	if what == "head" {
		if st.Head == nil {
			return errors.New("the ledger has no signed head yet")
		}
		b, _ := json.MarshalIndent(st.Head, "", "  ")
		fmt.Fprintln(stdout, string(b))
		return nil
	}
	keys, err := newApp(store).Ledger.Keys(ctx)
	if err != nil {
		return err
	}
	for _, k := range keys {
		if k.KeyID() == st.KeyID {
			stdout.Write(k.PublicKeyPEM())
			fmt.Fprintf(stderr, "fingerprint (SHA-256 of the DER public key): %s (%s)\n", k.KeyID(), k.Algorithm())
			return nil
		}
	}
	return errors.New("the ledger has no signing key yet")
}

// verifyDecisionProofs checks a published program's proof bundle offline: the head's signature
// (by a --trust key, else by a key the bundle carries, with a warning), every entry's leaf hash
// and its inclusion proof.
func verifyDecisionProofs(stdout io.Writer, path string, trusted []ledger.Verifier) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var b ledger.DecisionProofs
	if err := json.Unmarshal(data, &b); err != nil {
		return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "%s 不是证明包：%v", En: "%s is not a proof bundle: %v"}, path, err)
	}
	if err := ledger.VerifyDecisionProofs(b, trusted...); err != nil {
		return err
	}
	if len(trusted) == 0 {
		fmt.Fprintf(stdout, "warning: the head was checked with a key the bundle carries (%s); compare it with the key the bureau publishes, or pass --trust\n", b.Head.KeyID)
	}
	fmt.Fprintf(stdout, "ok: %d decisions about %s are in the decision ledger signed at size %d (root %s) by key %s\n",
		len(b.Entries), b.Subject, b.Head.Size, b.Head.Root, b.Head.KeyID)
	return nil
}
