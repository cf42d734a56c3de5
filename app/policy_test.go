package app

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"seedbed"
	"seedbed/policies"
	"seedbed/policy"
	"seedbed/sqlstore"
	"seedbed/sqlstore/storetest"
)

func starterFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := fs.ReadFile(policies.FS, name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func engineFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "policy", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var testActor = seedbed.Actor{UserID: 1, Username: "officer1", Role: seedbed.RoleOfficer}

func i64(v int64) *int64     { return &v }
func f64(v float64) *float64 { return &v }

// publishStarter uploads and publishes the whole starter library.
func publishStarter(t testing.TB, s *Policies) {
	t.Helper()
	ctx := context.Background()
	names, _ := fs.Glob(policies.FS, "*.yaml")
	for _, n := range names {
		pv, err := s.Upload(ctx, testActor, n, starterFile(t, n))
		if err != nil {
			t.Fatalf("upload %s: %v", n, err)
		}
		if _, err := s.Publish(ctx, testActor, pv.PolicyID, pv.Version); err != nil {
			t.Fatalf("publish %s: %v", n, err)
		}
	}
}

func TestPolicyUploadPublish(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		s := a.Policies
		ctx := context.Background()
		fixedClock(a.store)
		now := a.store.Now()
		src := starterFile(t, "grassroots-seed-v1.yaml")
		pv, err := s.Upload(ctx, testActor, "dir/grassroots-seed-v1.yaml", src)
		if err != nil {
			t.Fatal(err)
		}
		if pv.Status != policy.VersionDraft || pv.File != "grassroots-seed-v1.yaml" || pv.PolicyID != "grassroots-seed" || len(pv.SHA256) != 64 {
			t.Fatalf("draft %+v", pv)
		}
		lib, err := s.Library(ctx)
		if err != nil || len(lib.IDs()) != 0 {
			t.Fatalf("a draft is in the library: %v %v", lib.IDs(), err)
		}
		// A draft may be replaced before it is published.
		fixed := "# 更正 / corrected\n" + string(src)
		first := pv.SHA256
		if pv, err = s.Upload(ctx, testActor, "grassroots-seed-v1.yaml", []byte(fixed)); err != nil || pv.SHA256 == first {
			t.Fatalf("replace draft: %+v %v", pv, err)
		}
		pub, err := s.Publish(ctx, testActor, "grassroots-seed", 1)
		if err != nil {
			t.Fatal(err)
		}
		if pub.Status != policy.VersionPublished || pub.PublishedBy != testActor.Username || !pub.PublishedAt.Equal(now) {
			t.Fatalf("published %+v", pub)
		}
		got, err := s.Version(ctx, "grassroots-seed", 1)
		if err != nil || got.Source != fixed || got.SHA256 != sourceDigest([]byte(fixed)) {
			t.Fatalf("stored source differs from the upload: %v", err)
		}
		lib, err = s.Library(ctx)
		if err != nil || lib.At("grassroots-seed", time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)) == nil {
			t.Fatalf("published version not in the library: %v", err)
		}
		evs, err := a.store.FindEvents(ctx, seedbed.EventFilter{Kind: "policy.published"})
		if err != nil || len(evs) != 1 || evs[0].Subject != "policy:grassroots-seed" || !strings.Contains(string(evs[0].Payload), pub.SHA256) {
			t.Fatalf("events %+v %v", evs, err)
		}
		// Published is final: neither publishing again nor uploading the same version changes it.
		if _, err := s.Publish(ctx, testActor, "grassroots-seed", 1); seedbed.ErrorCode(err) != seedbed.ECONFLICT {
			t.Errorf("publish twice: %v", err)
		}
		if _, err := s.Upload(ctx, testActor, "x.yaml", src); seedbed.ErrorCode(err) != seedbed.ECONFLICT {
			t.Errorf("upload over a published version: %v", err)
		}
		if _, err := s.Publish(ctx, testActor, "grassroots-seed", 9); seedbed.ErrorCode(err) != seedbed.ENOTFOUND {
			t.Errorf("publish a missing version: %v", err)
		}
		if got, _ := s.Version(ctx, "grassroots-seed", 1); got.Source != fixed {
			t.Error("the published source changed")
		}
		list, err := s.Versions(ctx, policy.VersionFilter{Status: policy.VersionPublished})
		if err != nil || len(list) != 1 || list[0].Source != "" {
			t.Fatalf("list %+v %v", list, err)
		}
	})
}

// TestPolicyUploadRefused checks that every kind of bad policy is refused with a line and
// column and that nothing is stored.
func TestPolicyUploadRefused(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		s := a.Policies
		ctx := context.Background()
		if _, err := s.Upload(ctx, testActor, "seed-v1.yaml", engineFile(t, "overlap/seed-v1.yaml")); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Publish(ctx, testActor, "overlap-seed", 1); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			file, code string
			src        []byte
		}{
			{"bad-yaml-syntax.yaml", seedbed.EINVALID, engineFile(t, "bad-yaml-syntax.yaml")},
			{"bad-cel-syntax.yaml", seedbed.EINVALID, engineFile(t, "bad-cel-syntax.yaml")},
			{"bad-type.yaml", seedbed.EINVALID, engineFile(t, "bad-type.yaml")},
			{"bad-unknown-field.yaml", seedbed.EINVALID, engineFile(t, "bad-unknown-field.yaml")},
			{"bad-cost.yaml", seedbed.EINVALID, engineFile(t, "bad-cost.yaml")},
			{"bad-failing-test.yaml", seedbed.EINVALID, engineFile(t, "bad-failing-test.yaml")},
			{"seed-v2.yaml", seedbed.ECONFLICT, engineFile(t, "overlap/seed-v2.yaml")}, // overlaps published v1
			{"empty.yaml", seedbed.EINVALID, []byte("  \n")},
			{"latin1.yaml", seedbed.EINVALID, []byte("id: x\ntitle: \xe9\n")},
		}
		for _, c := range cases {
			_, err := s.Upload(ctx, testActor, c.file, c.src)
			var es seedbed.Errors
			var e *seedbed.Error
			switch {
			case errors.As(err, &es):
				e = es[0]
			case errors.As(err, &e):
			default:
				t.Errorf("%s: %v, want a located error", c.file, err)
				continue
			}
			if e.Code != c.code || e.Field != c.file || (c.file != "latin1.yaml" && e.Line == 0) {
				t.Errorf("%s: %+v, want code %s with file and line", c.file, e, c.code)
			}
		}
		all, err := s.Versions(ctx, policy.VersionFilter{})
		if err != nil || len(all) != 1 {
			t.Fatalf("refused uploads were stored: %+v %v", all, err)
		}
	})
}

func TestEvaluateSegment(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		s := a.Policies
		ctx := context.Background()
		publishStarter(t, s)
		ins := []seedbed.Innovator{
			{Name: "团队甲", Kind: seedbed.KindTeam, InnovationType: "grassroots", Field: "ai"},
			{Name: "团队乙", Kind: seedbed.KindTeam, Field: "ai"}, // no driver, no type: undecided
			{Name: "国家队", Kind: seedbed.KindTeam, InnovationType: "national_team", Driver: "basic_research", Field: "ai"},
			{Name: "研究所", Kind: seedbed.KindInstitute, CreditCode: "12330000470051726F", Field: "biomedicine"},
		}
		if _, err := New(a.store, Options{}).Registry.ImportInnovators(ctx, testActor, ins, nil); err != nil {
			t.Fatal(err)
		}
		lib, _ := s.Library(ctx)
		day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
		c := lib.At("grassroots-seed", day)
		res, err := s.EvaluateSegment(ctx, c, seedbed.InnovatorFilter{Kind: seedbed.KindTeam}, day, 5)
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 3 || res.Eligible != 1 || res.Undecided != 1 || res.Ineligible != 1 || len(res.Samples) != 3 || res.Version != 2 {
			t.Fatalf("segment %+v", res)
		}
		if res.Samples[0].Name != "团队甲" || res.Samples[1].Missing == nil || res.Samples[2].FailingClause != "self_driven" {
			t.Errorf("samples %+v", res.Samples)
		}
		res, _ = s.EvaluateSegment(ctx, c, seedbed.InnovatorFilter{Field: "ai", IDs: []int64{ins[0].ID}}, day, 0)
		if res.Total != 1 || len(res.Samples) != 0 {
			t.Errorf("scoped segment %+v", res)
		}
	})
}

// TestPolicyLibrarySeesOtherProcess checks that a publication by another process (another
// Store on the same database) reaches a library that was already built.
func TestPolicyLibrarySeesOtherProcess(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	sa, err := sqlstore.Open(ctx, sqlstore.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer sa.Close()
	sb, err := sqlstore.Open(ctx, sqlstore.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	a, b := New(sa, fixtureOptions).Policies, New(sb, fixtureOptions).Policies
	if lib, err := a.Library(ctx); err != nil || len(lib.IDs()) != 0 {
		t.Fatal(lib, err)
	}
	publishStarter(t, b)
	lib, err := a.Library(ctx)
	if err != nil || len(lib.IDs()) != 8 {
		t.Fatalf("after another process published: %v %v", lib.IDs(), err)
	}
	again, _ := a.Library(ctx)
	if again != lib {
		t.Error("the library was rebuilt without a publication")
	}
}

func TestPolicyFileName(t *testing.T) {
	for in, want := range map[string]string{
		"":                       "policy.yaml",
		"a/b/c.yaml":             "c.yaml",
		`C:\x\seed.yaml`:         "seed.yaml",
		"se\x00ed<>.yaml":        "seed.yaml",
		"政策.yaml":                "政策.yaml",
		strings.Repeat("x", 300): strings.Repeat("x", 100),
	} {
		if got := policyFileName(in); got != want {
			t.Errorf("policyFileName(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzUploadPolicy feeds arbitrary bytes to the upload path: it must never panic or fail
// internally, and what it accepts must be stored exactly as given.
func FuzzUploadPolicy(f *testing.F) {
	names, _ := fs.Glob(policies.FS, "*.yaml")
	for _, n := range names[:3] {
		f.Add(starterFile(f, n))
	}
	for _, n := range []string{"bad-type.yaml", "bad-cost.yaml", "bad-yaml-syntax.yaml"} {
		f.Add(engineFile(f, n))
	}
	f.Add([]byte("id: [\n"))
	s := New(storetest.SQLite(f), fixtureOptions).Policies
	f.Fuzz(func(t *testing.T, src []byte) {
		pv, err := s.Upload(context.Background(), testActor, "fuzz.yaml", src)
		if err != nil {
			if seedbed.ErrorCode(err) == seedbed.EINTERNAL {
				t.Fatalf("internal error: %v", err)
			}
			return
		}
		got, err := s.Version(context.Background(), pv.PolicyID, pv.Version)
		if err != nil || got.Source != string(src) {
			t.Fatalf("accepted upload not stored as given: %v", err)
		}
	})
}

// TestPolicyLibraryCache checks the library's invalidation rule: a draft or a refused
// publication keeps the compiled library, a publication replaces it.
func TestPolicyLibraryCache(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx := context.Background()
		p := a.Policies
		before, err := p.Library(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.Upload(ctx, testActor, "grassroots-seed-v1.yaml", starterFile(t, "grassroots-seed-v1.yaml")); err != nil {
			t.Fatal(err)
		}
		if _, err := p.Publish(ctx, testActor, "grassroots-seed", 9); seedbed.ErrorCode(err) != seedbed.ENOTFOUND {
			t.Fatalf("publish a missing version: %v", err)
		}
		if lib, _ := p.Library(ctx); lib != before {
			t.Error("a draft or a refused publication rebuilt the library")
		}
		if _, err := p.Publish(ctx, testActor, "grassroots-seed", 1); err != nil {
			t.Fatal(err)
		}
		after, err := p.Library(ctx)
		if err != nil || after == before || after.Version("grassroots-seed", 1) == nil {
			t.Fatalf("the publication did not reach the library: %v", err)
		}
		if before.Version("grassroots-seed", 1) != nil {
			t.Error("the old library changed under its holder")
		}
	})
}

// TestPolicyCompileAndDocument checks that a draft is compiled from its stored source and a
// published version comes from the library.
func TestPolicyCompileAndDocument(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx := context.Background()
		p := a.Policies
		if _, err := p.Upload(ctx, testActor, "grassroots-seed-v1.yaml", starterFile(t, "grassroots-seed-v1.yaml")); err != nil {
			t.Fatal(err)
		}
		draft, err := p.Version(ctx, "grassroots-seed", 1)
		if err != nil {
			t.Fatal(err)
		}
		c, err := p.Compile(ctx, draft)
		if err != nil || c.ID() != "grassroots-seed" || c.Version() != 1 {
			t.Fatalf("draft compiled: %v %v", c, err)
		}
		listed, _ := p.Versions(ctx, policy.VersionFilter{})
		if doc, err := p.Document(ctx, listed[0]); err != nil || doc.ID != "grassroots-seed" {
			t.Fatalf("draft document: %v %v", doc, err)
		}
		pub, err := p.Publish(ctx, testActor, "grassroots-seed", 1)
		if err != nil {
			t.Fatal(err)
		}
		lib, _ := p.Library(ctx)
		full, _ := p.Version(ctx, pub.PolicyID, pub.Version)
		if c, err := p.Compile(ctx, full); err != nil || c != lib.Version("grassroots-seed", 1) {
			t.Fatalf("a published version is not the library's: %v", err)
		}
	})
}
