package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"seedbed"
	"seedbed/app"
	"seedbed/selection"
)

func init() {
	moduleMatrix = append(moduleMatrix, func(e *testEnv) []accessCase {
		return []accessCase{
			{"GET", "/public", "/public", "*aorpu"},
			{"GET", "/public/programs/{id}", "/public/programs/999999", "*aorpu"},
			{"GET", "/public/programs/{id}/awards", "/public/programs/999999/awards", "*aorpu"},
			{"GET", "/public/programs/{id}/lottery", "/public/programs/999999/lottery", "*aorpu"},
			{"GET", "/public/policies", "/public/policies", "*aorpu"},
			{"GET", "/public/policies/{id}", "/public/policies/grassroots-seed", "*aorpu"},
			{"GET", "/public/eligibility", "/public/eligibility", "*aorpu"},
			{"GET", "/public/procedures", "/public/procedures", "*aorpu"},
			{"GET", "/public/procedures/{id}/{version}", "/public/procedures/grant-standard/1", "*aorpu"},
			{"GET", "/public/ledger", "/public/ledger", "*aorpu"},
			{"GET", "/api/v1/public/programs/{id}/lottery/commitment.txt", "/api/v1/public/programs/999999/lottery/commitment.txt", "*aorpu"},
			{"GET", "/api/v1/public/ledger/head", "/api/v1/public/ledger/head", "*aorpu"},
			{"GET", "/api/v1/public/ledger/keys", "/api/v1/public/ledger/keys", "*aorpu"},
			{"GET", "/api/v1/public/ledger/programs/{id}/proofs", "/api/v1/public/ledger/programs/999999/proofs", "*aorpu"},
			{"GET", "/api/v1/public/programs/{id}/lottery", "/api/v1/public/programs/999999/lottery", "*aorpu"},
			{"GET", "/api/v1/public/policies", "/api/v1/public/policies", "*aorpu"},
			{"POST", "/api/v1/public/eligibility", "/api/v1/public/eligibility", "*aorpu"},
		}
	})
}

// publicFixture adds to the program fixture a partial-lottery program whose draw is done.
type publicFixture struct {
	*programFixture
	lottery int64
}

func newPublicFixture(t testing.TB, e *testEnv) *publicFixture {
	t.Helper()
	ctx := context.Background()
	f := &publicFixture{programFixture: newProgramFixture(t, e)}
	s := e.store
	svc := app.New(s, fixtureOptions)
	ps, rs := svc.Programs, svc.Reviews
	officer, reviewer := actorOf(t, e, "officer"), actorOf(t, e, "reviewer")
	clock := s.Now
	past := clock().Add(-72 * time.Hour)
	s.Now = func() time.Time { return past }
	p := &seedbed.Program{Title: "草根种子计划（抽签）", PolicyIDs: []string{"grassroots-seed"}, Budget: 150_000, Deadline: past.Add(time.Hour),
		SelectionMode: seedbed.SelectionLottery, QualityBar: -1, ReviewersPerApp: 1}
	need(0, ps.CreateProgram(ctx, officer, p))
	need(ps.TransitionProgram(ctx, officer, p.ID, seedbed.ProgramOpen, ""))
	var ownApp string
	for _, org := range []int64{e.ownID, e.otherID} {
		a := seedbed.Actor{Username: fmt.Sprint("org-", org), Role: seedbed.RoleApplicant, InnovatorID: &org}
		app := &seedbed.Application{ProgramID: p.ID, InnovatorID: org, Title: "方向", Amount: 100_000, Direction: "非主流路线", Team: "三人", Unlocks: "算力"}
		need(0, ps.CreateApplication(ctx, a, app))
		need(ps.SubmitCheckedApplication(ctx, a, app.ID, seedbed.Eligibility{Status: seedbed.Eligible}, s.Now()))
		if org == e.ownID {
			ownApp = seedbed.AppCode(app.ID)
		}
	}
	// The review and the commitment happen after the deadline, two days ago; the seed is known
	// an hour and a half later, and the draw is made now.
	reviewAt := past.Add(2 * time.Hour)
	s.Now = func() time.Time { return reviewAt }
	need(ps.TransitionProgram(ctx, officer, p.ID, seedbed.ProgramInReview, ""))
	need(rs.AssignReviewers(ctx, officer, p.ID, 1))
	for _, as := range need(s.FindAssignments(ctx, seedbed.AssignmentFilter{ReviewerID: reviewer.UserID})) {
		if as.ProgramID != p.ID {
			continue
		}
		need(rs.DeclareConflict(ctx, reviewer, as.ID, seedbed.Declaration{}))
		need(rs.ScoreApplication(ctx, reviewer, as.ID, seedbed.ScoreSheet{Scores: map[string]float64{
			"originality": 4, "team_drive": 4, "leverage": 4, "next_step": 4}}))
	}
	need(rs.NormaliseScores(ctx, officer, p.ID))
	need(rs.RunSelection(ctx, officer, p.ID))
	l := need(rs.CommitLottery(ctx, officer, p.ID, selection.SeedSource{Kind: selection.SeedPublicValue, Description: "中国福利彩票双色球 2026年3月12日 第2026028期开奖号码",
		KnownAfter: reviewAt.Add(90 * time.Minute)}))
	s.Now = clock
	// The commitment's time, and so the draw, differ from run to run: the fixture picks the
	// blue ball that draws the own organisation in, so that the funded list names it.
	c := need(selection.ParseCommitment([]byte(l.Commitment)))
	seed := ""
	for ball := 1; seed == "" && ball <= 16; ball++ {
		v := fmt.Sprintf("03 07 12 19 25 31 + %02d", ball)
		if slices.Contains(need(selection.Draw(c, v)).Funded(), ownApp) {
			seed = v
		}
	}
	need(rs.DrawLottery(ctx, officer, p.ID, seed))
	f.lottery = p.ID
	return f
}

func TestPublicContract(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		publishStarter(e)
		f := newPublicFixture(t, e)

		// The portal's home, at /public and at / for visitors who are not signed in.
		for _, path := range []string{"/public", "/", "/public?lang=en"} {
			w := e.do("", "GET", path, "", "")
			if w.Code != 200 || !strings.Contains(w.Body.String(), "开放计划") {
				t.Fatalf("GET %s: %d %s", path, w.Code, w.Body.String())
			}
			if strings.Contains(w.Body.String(), "草稿计划") {
				t.Errorf("GET %s shows a draft program", path)
			}
		}
		if w := e.do("", "GET", "/public", "", ""); w.Header().Get("Set-Cookie") != "" || !strings.Contains(w.Header().Get("Cache-Control"), "public") {
			t.Errorf("public page headers: %v", w.Header())
		}
		if w := e.do("officer", "GET", "/", "", ""); w.Code != 200 || !strings.Contains(w.Body.String(), "工作台") {
			t.Errorf("a signed-in officer's home: %d", w.Code)
		}

		// The lottery: the same JSON as a signed-in user gets.
		priv := e.do("applicant", "GET", fmt.Sprintf("/api/v1/programs/%d/lottery", f.lottery), "", "")
		pub := e.do("", "GET", fmt.Sprintf("/api/v1/public/programs/%d/lottery", f.lottery), "", "")
		if pub.Code != 200 || priv.Code != 200 || pub.Body.String() != priv.Body.String() {
			t.Fatalf("public lottery %d %s\nsigned in %d %s", pub.Code, pub.Body.String(), priv.Code, priv.Body.String())
		}
		if !strings.Contains(pub.Body.String(), `"verified":true`) {
			t.Errorf("the public lottery is not verified: %s", pub.Body.String())
		}
		for _, id := range []int64{f.draft, 999999} {
			w := e.do("", "GET", fmt.Sprintf("/api/v1/public/programs/%d/lottery", id), "", "")
			if w.Code != 404 || strings.Contains(w.Body.String(), "草稿") {
				t.Errorf("lottery of %d: %d %s", id, w.Code, w.Body.String())
			}
		}
		if w := e.do("", "GET", fmt.Sprintf("/api/v1/public/programs/%d/lottery", f.open), "", ""); w.Code != 404 {
			t.Errorf("a program without a lottery: %d", w.Code)
		}

		// Policies in force.
		list := decode[map[string]any](t, e.do("", "GET", "/api/v1/public/policies", "", "").Body.String())
		items, _ := list["items"].([]any)
		if num(list["total"]) == 0 || int(num(list["total"])) != len(items) {
			t.Fatalf("public policies %v", list)
		}
		for _, it := range items {
			if m := it.(map[string]any); m["uploaded_by"] != "" || m["in_force"] != true {
				t.Errorf("public policy %v", m)
			}
		}
		if w := e.do("", "GET", "/api/v1/public/policies?as_of=yesterday", "", ""); w.Code != 400 {
			t.Errorf("bad as_of: %d", w.Code)
		}
		if w := e.do("", "GET", "/api/v1/public/policies?page=x", "", ""); w.Code != 400 {
			t.Errorf("unknown parameter: %d", w.Code)
		}

		// Eligibility: a decision and a trace per policy in force; nothing stored.
		before := need(e.store.RegistryStats(context.Background())).Total
		w := e.do("", "POST", "/api/v1/public/eligibility", "application/json",
			`{"kind":"enterprise","industry":"software","employees":12,"revenue":260,"driver":"market_demand","field":"ai","founded_year":2023}`)
		if w.Code != 200 {
			t.Fatalf("eligibility: %d %s", w.Code, w.Body.String())
		}
		el := decode[map[string]any](t, w.Body.String())
		els, _ := el["items"].([]any)
		if num(el["total"]) != int64(len(items)) || len(els) != len(items) {
			t.Fatalf("eligibility answers %d policies, %d in force: %v", len(els), len(items), el)
		}
		for _, it := range els {
			m := it.(map[string]any)
			if _, ok := m["eligible"].(bool); !ok || m["status"] == "" || len(m["clauses"].([]any)) == 0 {
				t.Errorf("eligibility item without a decision or a trace: %v", m)
			}
		}
		if after := need(e.store.RegistryStats(context.Background())).Total; after != before {
			t.Errorf("the eligibility check stored an innovator: %d → %d", before, after)
		}
		for _, bad := range []string{`{"kind":"robot"}`, `{"employees":-3}`, `{"name":"x"}`, `[1]`, `{"as_of":"soon"}`} {
			if w := e.do("", "POST", "/api/v1/public/eligibility", "application/json", bad); w.Code != 400 {
				t.Errorf("eligibility %s: %d %s", bad, w.Code, w.Body.String())
			}
		}
	})
}

func TestPublicRateLimit(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	e.srv.PublicLimit.Max = 3
	for i := 0; i < 3; i++ {
		if w := e.do("", "GET", "/api/v1/public/policies", "", ""); w.Code != 200 {
			t.Fatalf("request %d: %d", i+1, w.Code)
		}
	}
	w := e.do("", "GET", "/api/v1/public/policies", "", "")
	if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") == "" || w.Header().Get("Cache-Control") != "no-store" {
		t.Fatalf("fourth request: %d %v", w.Code, w.Header())
	}
	// Another client address is not limited, nor are the signed-in pages.
	r := newRequest("GET", "/api/v1/public/policies", "", "")
	r.RemoteAddr = "198.51.100.7:1234"
	if w := serve(e, r); w.Code != 200 {
		t.Fatalf("another address: %d", w.Code)
	}
	if w := e.do("officer", "GET", "/api/v1/me", "", ""); w.Code != 200 {
		t.Fatalf("signed-in API: %d", w.Code)
	}
}

func TestPublicPages(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		ctx := context.Background()
		publishStarter(e)
		f := newPublicFixture(t, e)
		need(app.New(e.store, fixtureOptions).Exemptions.PublishStandardProcedures(ctx))
		pages := []struct {
			path string
			want []string // in the Chinese page
		}{
			{"/public", []string{"开放计划", "现行政策", "现行程序"}},
			{fmt.Sprintf("/public/programs/%d", f.open), []string{"开放计划", "申报截止", "1,000,000"}},
			{fmt.Sprintf("/public/programs/%d/awards", f.decided), []string{"杭州深度求索人工智能基础技术研究有限公司", "91330100799655058B", "100,000"}},
			{fmt.Sprintf("/public/programs/%d/lottery", f.lottery), []string{"中国福利彩票双色球", "结果一致", "commitment.txt", "A-"}},
			{"/public/policies", []string{"/public/policies/grassroots-seed"}},
			{"/public/policies/grassroots-seed", []string{"现行有效"}},
			{"/public/eligibility", []string{`name="employees"`, `method="get"`}},
			{"/public/eligibility?check=1&kind=enterprise&industry=software&employees=12&revenue=260&field=ai&founded_year=2023", []string{"符合条件", "✓"}},
			{"/public/procedures", []string{"/public/procedures/"}},
			{"/public/procedures/grant-standard/1", []string{"SHA-256"}},
			{"/public/ledger", []string{"树根"}},
		}
		for _, pg := range pages {
			for _, lang := range []string{"", "en"} {
				path := pg.path
				if lang != "" {
					path += map[bool]string{true: "&", false: "?"}[strings.Contains(path, "?")] + "lang=" + lang
				}
				w := e.do("", "GET", path, "", "")
				if w.Code != 200 {
					t.Errorf("GET %s: %d %s", path, w.Code, w.Body.String())
					continue
				}
				if w.Header().Get("Set-Cookie") != "" {
					t.Errorf("GET %s sets a cookie", path)
				}
				if lang == "" {
					for _, want := range pg.want {
						if !strings.Contains(w.Body.String(), want) {
							t.Errorf("GET %s: no %q", path, want)
						}
					}
				}
			}
		}
		// The funded list names nobody's contact; a draft or unknown program is not found.
		w := e.do("", "GET", fmt.Sprintf("/public/programs/%d/awards", f.decided), "", "")
		if strings.Contains(w.Body.String(), "13900000000") || strings.Contains(w.Body.String(), "梁先生") {
			t.Error("the funded list shows a contact")
		}
		for _, path := range []string{fmt.Sprintf("/public/programs/%d", f.draft), "/public/programs/999999/lottery", "/public/policies/no-such",
			"/public/procedures/no-such/1", fmt.Sprintf("/api/v1/public/programs/%d/lottery/commitment.txt", f.draft)} {
			if w := e.do("", "GET", path, "", ""); w.Code != 404 || strings.Contains(w.Body.String(), "草稿计划") {
				t.Errorf("GET %s: %d", path, w.Code)
			}
		}
		// The downloaded commitment hashes to the published hash.
		w = e.do("", "GET", fmt.Sprintf("/api/v1/public/programs/%d/lottery/commitment.txt", f.lottery), "", "")
		l := decode[map[string]any](t, e.do("", "GET", fmt.Sprintf("/api/v1/public/programs/%d/lottery", f.lottery), "", "").Body.String())
		if sum := sha256.Sum256(w.Body.Bytes()); w.Code != 200 || hex.EncodeToString(sum[:]) != l["commitment_hash"] {
			t.Errorf("commitment.txt: %d, hash differs from %v", w.Code, l["commitment_hash"])
		}
		// A bad number in the eligibility form is shown beside its field, not stored.
		w = e.do("", "GET", "/public/eligibility?check=1&employees=many", "", "")
		if w.Code != 400 || !strings.Contains(w.Body.String(), "f-employees") {
			t.Errorf("bad employees: %d", w.Code)
		}
	})
}
