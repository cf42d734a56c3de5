package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"seedbed/ledger"
	"seedbed/sqlstore"
)

// demoTemplate is a demo region built once in a test run, in a folder of its own: each test that
// serves a demo of that size copies its database instead of building it again (seven seconds
// each on a busy 2-core machine). A copy is the region as a fresh build leaves it: the same rows,
// and a store whose clock is the real one again.
type demoTemplate struct {
	once sync.Once
	dir  string
	err  error
}

var (
	demoTemplatesMu sync.Mutex
	demoTemplates   = map[int]*demoTemplate{}
)

// copyDemo fills dir with a copy of the n-innovator demo region, building it on first use.
func copyDemo(t *testing.T, n int, dir string) {
	t.Helper()
	demoTemplatesMu.Lock()
	tpl := demoTemplates[n]
	if tpl == nil {
		tpl = &demoTemplate{}
		demoTemplates[n] = tpl
	}
	demoTemplatesMu.Unlock()
	tpl.once.Do(func() { tpl.dir, tpl.err = buildDemoTemplate(n) })
	if tpl.err != nil {
		t.Fatal(tpl.err)
	}
	for _, f := range []string{"seedbed.db", ledgerKeyFile} {
		if err := copyFile(filepath.Join(tpl.dir, f), filepath.Join(dir, f), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// holdDemoKey gives a store opened on a copied demo the ledger key the demo was built with, as
// the build's store held it, so that the test's decisions are signed into the same log.
func holdDemoKey(t *testing.T, store *sqlstore.Store, dir string) {
	t.Helper()
	s, created, err := (&ledgerFlags{}).signer(dir)
	if err != nil || created {
		t.Fatalf("the demo's ledger key: created %v, %v", created, err)
	}
	if err := newApp(store).Ledger.Open(context.Background(), s, ledger.SHA256); err != nil {
		t.Fatal(err)
	}
}

// buildDemoTemplate builds the n-innovator demo region in a new folder and closes its store, so
// that the database is one file.
func buildDemoTemplate(n int) (string, error) {
	dir, err := os.MkdirTemp("", "seedbed-demo-")
	if err != nil {
		return "", err
	}
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, sqlstore.Options{DataDir: dir})
	if err != nil {
		return dir, err
	}
	spec, err := newDemoSpec(n, demoSeed, "")
	if err == nil {
		err = seedDemo(ctx, store, spec, &bytes.Buffer{})
	}
	if cerr := store.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return dir, fmt.Errorf("demo of %d: %w", n, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "seedbed.db-wal")); err == nil {
		return dir, fmt.Errorf("demo of %d: the closed database still has a write-ahead log", n)
	}
	return dir, nil
}

// removeDemoTemplates deletes the built regions' folders (TestMain, after the tests).
func removeDemoTemplates() {
	demoTemplatesMu.Lock()
	defer demoTemplatesMu.Unlock()
	for _, tpl := range demoTemplates {
		if tpl.dir != "" {
			os.RemoveAll(tpl.dir)
		}
	}
}
