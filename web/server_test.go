package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"seedbed"
	"seedbed/app"
	"seedbed/sqlstore"
	"seedbed/sqlstore/storetest"
)

// testEnv is a real server over a real store, with one account per role.
type testEnv struct {
	t       testing.TB
	srv     *Server
	h       http.Handler
	store   *sqlstore.Store
	tokens  map[string]string // role -> API token
	cookies map[string]string // role -> session secret
	ownID   int64             // the applicant's organisation
	otherID int64             // someone else's organisation
}

var roles = []string{seedbed.RoleAdmin, seedbed.RoleOfficer, seedbed.RoleReviewer, seedbed.RoleApplicant, seedbed.RoleAuditor, seedbed.RoleLeader}

// forEachEngine runs body against SQLite and, when SEEDBED_TEST_POSTGRES is set, PostgreSQL.
func forEachEngine(t *testing.T, body func(t *testing.T, e *testEnv)) {
	t.Run("sqlite", func(t *testing.T) { body(t, newTestEnv(t, "")) })
	t.Run("postgres", func(t *testing.T) {
		dsn := os.Getenv("SEEDBED_TEST_POSTGRES")
		if dsn == "" {
			t.Skip("SEEDBED_TEST_POSTGRES not set")
		}
		body(t, newTestEnv(t, dsn))
	})
}

// newTestEnv builds a server over a fresh store (PostgreSQL when pgDSN is set) with an account
// per role; appOpts, when given, replace the fixtures' use-case options.
func newTestEnv(t testing.TB, pgDSN string, appOpts ...app.Options) *testEnv {
	t.Helper()
	ctx := context.Background()
	opts := sqlstore.Options{DataDir: t.TempDir()}
	if pgDSN != "" {
		opts.PostgresDSN = freshSchema(t, pgDSN)
	}
	store, err := sqlstore.Open(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	srv := newTestServer(t, store)
	if len(appOpts) > 0 {
		srv = newTestServerWith(t, store, appOpts[0])
	}
	e := &testEnv{t: t, srv: srv, h: srv.Handler(), store: store, tokens: map[string]string{}, cookies: map[string]string{}}
	own := &seedbed.Innovator{Name: "杭州深度求索人工智能基础技术研究有限公司", Kind: seedbed.KindEnterprise, CreditCode: "91330100799655058B",
		Industry: "software", Employees: ptr(int64(160)), Revenue: ptr(8000.0), Field: "ai", ContactName: "梁先生", ContactPhone: "13900000000"}
	other := &seedbed.Innovator{Name: "宁波人才科技有限公司", Kind: seedbed.KindEnterprise, CreditCode: "91110000802100433B", Field: "ai"}
	for _, in := range []*seedbed.Innovator{own, other} {
		if err := testApp(store).Registry.CreateInnovator(ctx, seedbed.System, in); err != nil {
			t.Fatal(err)
		}
	}
	e.ownID, e.otherID = own.ID, other.ID
	for _, role := range roles {
		u := &seedbed.User{Username: "u-" + role, Role: role}
		if role == seedbed.RoleApplicant {
			u.InnovatorID = &e.ownID
		}
		if err := testApp(store).Accounts.CreateUser(ctx, seedbed.System, u, "test password 123"); err != nil {
			t.Fatal(err)
		}
		tok, _, err := testApp(store).Accounts.CreateToken(ctx, seedbed.System, u.Username, "test", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		e.tokens[role] = tok
		sess, err := testSession(ctx, store, u)
		if err != nil {
			t.Fatal(err)
		}
		e.cookies[role] = sess
	}
	return e
}

// freshSchema returns a DSN whose search_path is a new schema, dropped after the test.
func freshSchema(t testing.TB, dsn string) string { return storetest.FreshSchema(t, dsn) }

func ptr[T any](v T) *T { return &v }

// do sends a request as role ("" for anonymous): API paths with the role's bearer token, pages
// with its session cookie.
func (e *testEnv) do(role, method, path, contentType, body string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	if role != "" {
		if strings.HasPrefix(path, "/api/") {
			r.Header.Set("Authorization", "Bearer "+e.tokens[role])
		} else {
			r.AddCookie(&http.Cookie{Name: sessionCookie, Value: e.cookies[role]})
		}
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	if w.Code >= 500 {
		e.t.Errorf("%s %s as %q: status %d: %s", method, path, role, w.Code, w.Body.String())
	}
	return w
}

func urlEscape(s string) string { return url.QueryEscape(s) }

func newRequest(method, path, contentType, body string) *http.Request {
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	return r
}

func serve(e *testEnv, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	return w
}
