package web

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"mime"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"seedbed"
	"seedbed/app"
	"seedbed/selection"
)

// drawnLottery builds a partial-lottery program whose applications, all scored alike, request
// the given amounts and so all enter the draw; it commits the draw and draws it with a seed for
// which the program's funding rule gives other winners than the other rule would, so that
// following the wrong rule cannot pass.
func drawnLottery(t *testing.T, e *testEnv, amounts []int64, budget int64, fillGaps bool) int64 {
	t.Helper()
	ctx := context.Background()
	s := e.store
	svc := app.New(s, fixtureOptions)
	ps, rs := svc.Programs, svc.Reviews
	officer, reviewer := actorOf(t, e, "officer"), actorOf(t, e, "reviewer")
	clock := s.Now
	past := clock().Add(-72 * time.Hour)
	s.Now = func() time.Time { return past }
	p := &seedbed.Program{Title: fmt.Sprintf("不等额抽签计划（%v）", fillGaps), PolicyIDs: []string{"grassroots-seed"}, Budget: budget,
		Deadline: past.Add(time.Hour), SelectionMode: seedbed.SelectionLottery, QualityBar: -5, FillGaps: fillGaps, ReviewersPerApp: 1}
	need(0, ps.CreateProgram(ctx, officer, p))
	need(ps.TransitionProgram(ctx, officer, p.ID, seedbed.ProgramOpen, ""))
	for i, amt := range amounts {
		in := &seedbed.Innovator{Name: fmt.Sprintf("抽签草根团队%d-%v", i, fillGaps), Kind: seedbed.KindTeam, Field: "ai"}
		need(0, svc.Registry.CreateInnovator(ctx, seedbed.System, in))
		a := seedbed.Actor{Username: fmt.Sprint("org-", in.ID), Role: seedbed.RoleApplicant, InnovatorID: &in.ID}
		ap := &seedbed.Application{ProgramID: p.ID, InnovatorID: in.ID, Title: "方向", Amount: amt, Direction: "非主流路线", Team: "三人", Unlocks: "算力"}
		need(0, ps.CreateApplication(ctx, a, ap))
		need(ps.SubmitCheckedApplication(ctx, a, ap.ID, seedbed.Eligibility{Status: seedbed.Eligible}, s.Now()))
	}
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
	plan := need(rs.RunSelection(ctx, officer, p.ID)).Plan
	if plan == nil || len(plan.Entrants) != len(amounts) {
		t.Fatalf("draw group %+v", plan)
	}
	l := need(rs.CommitLottery(ctx, officer, p.ID, selection.SeedSource{Kind: selection.SeedPublicValue,
		Description: "中国福利彩票双色球 2026年3月5日 开奖号码", KnownAfter: reviewAt.Add(2 * time.Hour)}))
	s.Now = clock
	c := need(selection.ParseCommitment([]byte(l.Commitment)))
	other := c
	other.FillGaps = !c.FillGaps
	for ball := 1; ball <= 99; ball++ {
		seed := fmt.Sprintf("05 11 17 23 28 32 + %02d", ball)
		if !slices.Equal(need(selection.Draw(c, seed)).Funded(), need(selection.Draw(other, seed)).Funded()) {
			need(rs.DrawLottery(ctx, officer, p.ID, seed))
			return p.ID
		}
	}
	t.Fatal("no seed separates the two rules")
	return 0
}

// TestLotteryPublishedInstructions follows, signed out, what the lottery page tells a citizen
// to do, on draws with unequal amounts under both funding rules: it downloads the commitment
// text under the name the server gives it, runs the commands the page prints in that folder,
// and checks that the printed hash is the published commitment hash and that the drawn-in
// entrants, in draw order, are the published result and the applications the draw funded.
func TestLotteryPublishedInstructions(t *testing.T) {
	t.Parallel()
	for _, tool := range []string{"sh", "sha256sum", "sed", "sort", "awk", "cut"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		publishStarter(e)
		for _, fill := range []bool{false, true} {
			id := drawnLottery(t, e, []int64{120_000, 30_000, 80_000, 50_000, 100_000, 60_000, 90_000}, 200_000, fill)
			for _, lang := range []string{"zh", "en"} {
				page := e.do("", "GET", fmt.Sprintf("/public/programs/%d/lottery?lang=%s", id, lang), "", "")
				if page.Code != 200 {
					t.Fatalf("lottery page: %d", page.Code)
				}
				body := page.Body.String()
				rule := map[bool]string{false: "fill-gaps: no", true: "fill-gaps: yes"}[fill]
				if !strings.Contains(body, rule) || strings.Contains(body, map[bool]string{false: "fill-gaps: yes", true: "fill-gaps: no"}[fill]) {
					t.Fatalf("%s: the page does not state the draw's rule %q", lang, rule)
				}
				m := regexp.MustCompile(`(?s)<pre class="commitment verify-script">(.*?)</pre>`).FindStringSubmatch(body)
				if m == nil {
					t.Fatalf("%s: no commands on the page", lang)
				}
				script := html.UnescapeString(m[1])

				dir := t.TempDir()
				dl := e.do("", "GET", fmt.Sprintf("/api/v1/public/programs/%d/lottery/commitment.txt", id), "", "")
				_, params, err := mime.ParseMediaType(dl.Header().Get("Content-Disposition"))
				if dl.Code != 200 || err != nil || params["filename"] == "" {
					t.Fatalf("download: %d %q", dl.Code, dl.Header().Get("Content-Disposition"))
				}
				if err := os.WriteFile(filepath.Join(dir, params["filename"]), dl.Body.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				cmd := exec.Command("sh", "-c", script)
				cmd.Dir = dir
				out, err := cmd.CombinedOutput()
				if err != nil {
					t.Fatalf("%s: the page's commands fail: %v\n%s\n%s", lang, err, script, out)
				}
				lines := strings.Split(strings.TrimSpace(string(out)), "\n")

				var pub struct {
					CommitmentHash string            `json:"commitment_hash"`
					Verified       bool              `json:"verified"`
					Result         *selection.Result `json:"result"`
				}
				w := e.do("", "GET", fmt.Sprintf("/api/v1/public/programs/%d/lottery", id), "", "")
				if err := json.Unmarshal(w.Body.Bytes(), &pub); err != nil {
					t.Fatal(err)
				}
				if !pub.Verified || pub.Result == nil {
					t.Fatalf("published lottery %+v", pub)
				}
				if !strings.HasPrefix(lines[0], pub.CommitmentHash+" ") {
					t.Fatalf("%s: sha256sum printed %q, the published hash is %s", lang, lines[0], pub.CommitmentHash)
				}
				in := "drawn in"
				if lang == "zh" {
					in = "中选"
				}
				var order, winners []string
				for _, line := range lines[1:] {
					entrant, outcome, _ := strings.Cut(line, " ")
					order = append(order, entrant)
					if outcome == in {
						winners = append(winners, entrant)
					}
				}
				var pubOrder []string
				for _, tk := range pub.Result.Order {
					pubOrder = append(pubOrder, tk.EntrantID)
				}
				if !slices.Equal(order, pubOrder) || !slices.Equal(winners, pub.Result.Funded()) {
					t.Fatalf("%s, %s: following the instructions gives order %v winners %v; published %v winners %v", lang, rule, order, winners, pubOrder, pub.Result.Funded())
				}
				apps, _, err := e.store.FindApplications(context.Background(), seedbed.ApplicationFilter{ProgramID: id, Limit: 100})
				if err != nil {
					t.Fatal(err)
				}
				var drawnIn []string
				for _, a := range apps {
					if a.Outcome == string(selection.OutcomeDrawnIn) {
						drawnIn = append(drawnIn, seedbed.AppCode(a.ID))
					}
				}
				slices.Sort(drawnIn)
				sorted := slices.Sorted(slices.Values(winners))
				if !slices.Equal(drawnIn, sorted) || len(drawnIn) == 0 {
					t.Fatalf("%s: the applications drawn in are %v, the instructions give %v", rule, drawnIn, sorted)
				}
			}
		}
	})
}

// TestLotteryInstructionsInDocs holds docs/programs.md to the commands the pages print.
func TestLotteryInstructionsInDocs(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("../docs/programs.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, fill := range []bool{false, true} {
		if s := lotteryScript("en", "P-1", "05 11 17 23 28 32 + 04", fill); !strings.Contains(string(doc), "```sh\n"+s+"```") {
			t.Errorf("docs/programs.md does not show the commands for fill-gaps %v:\n%s", fill, s)
		}
	}
}
