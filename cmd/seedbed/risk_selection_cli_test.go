package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"seedbed"
	"seedbed/sqlstore"
	"seedbed/web"
)

// apiJSON answers GET path of the API over the data folder dir as the account the token is of,
// re-encoded as indented JSON so that it compares with the command line's --json.
func apiJSON(t *testing.T, dir, token, path string, into any) {
	t.Helper()
	store, err := sqlstore.Open(context.Background(), sqlstore.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	srv, err := web.New(webServices(newApp(store)), nil)
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest("GET", path, nil)
	r.Header.Set("Authorization", "Bearer "+token)
	w := httptest.NewRecorder()
	srv.Handler().ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, w.Code, w.Body.String())
	}
	if err := json.Unmarshal(w.Body.Bytes(), into); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

// TestRiskFilingAndSelectionCommands drives `seedbed risk-filing` and `seedbed selection` over
// the programs demo: the demo's reopened selection is listed with its reason, by the command
// line as by the API; a filing made on the command line waits for a second person, its filer
// cannot approve it, another officer can; a reopening asked on the command line is a proposal,
// and bad input is refused with the reason and nothing written.
func TestRiskFilingAndSelectionCommands(t *testing.T) {
	dir := demoProgramsStore(t)
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, sqlstore.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	programs, _, err := store.FindPrograms(ctx, seedbed.ProgramFilter{})
	if err != nil {
		t.Fatal(err)
	}
	// the program reopened in the demo, one in review not yet selected, one selected
	var reopened, review, selected int64
	for _, p := range programs {
		if p.Title == "科研院所概念验证专项" {
			reopened = p.ID
		}
		if p.State == seedbed.ProgramInReview {
			ps, err := newApp(store).Reviews.ProgramSelection(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if ps != nil && ps.Selection != nil {
				selected = p.ID
			} else {
				review = p.ID
			}
		}
	}
	store.Close()
	if reopened == 0 || review == 0 || selected == 0 {
		t.Fatalf("the demo has no institutes' program (%d), no program in review (%d) or none selected in review (%d)", reopened, review, selected)
	}
	code, token, errs := cli(t, "token", "create", "--data", dir, "--user", "auditor")
	if code != 0 {
		t.Fatalf("token: %d %s", code, errs)
	}
	token = strings.TrimSpace(token)

	// The demo's reopening, on the command line and through the API.
	prog := itoa64(reopened)
	code, out, errs := cli(t, "selection", "reopenings", "--data", dir, "--program", prog)
	if code != 0 || !strings.Contains(out, demoReopenReason) || !strings.Contains(out, "officer → officer2") {
		t.Fatalf("selection reopenings: %d\n%s%s", code, out, errs)
	}
	code, out, errs = cli(t, "selection", "reopenings", "--data", dir, "--program", prog, "--json")
	var fromCLI []seedbed.SelectionReopening
	if err := json.Unmarshal([]byte(out), &fromCLI); code != 0 || err != nil || len(fromCLI) != 1 {
		t.Fatalf("selection reopenings --json: %d %v\n%s%s", code, err, out, errs)
	}
	var fromAPI struct{ Items []seedbed.SelectionReopening }
	apiJSON(t, dir, token, "/api/v1/programs/"+prog+"/selection/reopenings", &fromAPI)
	a, _ := json.Marshal(fromCLI)
	b, _ := json.Marshal(fromAPI.Items)
	if string(a) != string(b) {
		t.Fatalf("the command line and the API disagree:\n%s\n%s", a, b)
	}

	// A filing: refused without its texts, then filed, reviewed by another officer only.
	program := itoa64(review)
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"risk-filing", "file", "--data", dir, "--program", program}, 2, "--user is required"},
		{[]string{"risk-filing", "file", "--data", dir, "--user", "officer", "--program", program, "--risk", "风险很大的路线"}, 3, "worth"},
		{[]string{"risk-filing", "file", "--data", dir, "--user", "reviewer", "--program", program, "--risk", "风险很大的路线", "--worth", "值得一试的理由", "--failure", "样机做不出来"}, 6, ""},
		{[]string{"risk-filing", "file", "--data", dir, "--user", "officer", "--program", "99999", "--risk", "风险很大的路线", "--worth", "值得一试的理由", "--failure", "样机做不出来"}, 4, "99999"},
		{[]string{"risk-filing", "list", "--data", dir, "--status", "maybe"}, 2, "--status"},
		{[]string{"risk-filing", "review", "--data", dir, "--user", "officer2", "--id", "1", "--decision", "ok"}, 2, "approve or decline"},
		{[]string{"selection", "reopen", "--data", dir, "--user", "officer", "--program", program, "--reason", "太短"}, 3, "reason"},
		{[]string{"selection", "reopen", "--data", dir, "--user", "officer", "--program", prog, "--reason", "遴选后发现评分录入有误，须重新遴选"}, 5, "in review"},
		{[]string{"selection", "reopen", "--data", dir, "--user", "officer", "--program", program, "--reason", "遴选后发现评分录入有误，须重新遴选"}, 5, "not been made"},
	}
	for _, c := range cases {
		code, out, errs := cli(t, c.args...)
		if code != c.code || !strings.Contains(out+errs, c.want) {
			t.Errorf("%v: exit %d\n%s%s\nwant exit %d and %q", c.args, code, out, errs, c.code, c.want)
		}
	}
	// A reopening asked on the command line waits for a second officer.
	code, out, errs = cli(t, "selection", "reopen", "--data", dir, "--user", "officer", "--program", itoa64(selected), "--reason", "公示期间发现一份申请的评分录入有误，须更正后重新遴选")
	f := strings.Split(strings.TrimSpace(out), "\t")
	if code != 0 || len(f) != 3 || f[0] != "proposed" || !strings.Contains(f[2], "seedbed approval approve --id ") {
		t.Fatalf("selection reopen: %d\n%s%s", code, out, errs)
	}
	if code, out, _ := cli(t, "selection", "reopenings", "--data", dir, "--program", itoa64(selected)); code != 0 || out != "" {
		t.Fatalf("a proposed reopening is listed before its approval: %d %q", code, out)
	}
	apID := strings.Fields(strings.TrimPrefix(f[2], "approval "))[0]
	apID = strings.TrimSuffix(apID, ":")
	if code, out, errs := cli(t, "approval", "approve", "--data", dir, "--user", "officer2", "--id", apID, "--note", "理由成立"); code != 0 {
		t.Fatalf("approval approve %s: %d\n%s%s", apID, code, out, errs)
	}
	if code, out, _ := cli(t, "selection", "reopenings", "--data", dir, "--program", itoa64(selected)); code != 0 || !strings.Contains(out, "officer → officer2") || !strings.Contains(out, "评分录入有误") {
		t.Fatalf("the approved reopening is not listed: %d %q", code, out)
	}

	code, out, _ = cli(t, "risk-filing", "list", "--data", dir, "--json")
	var before []seedbed.RiskFiling
	if err := json.Unmarshal([]byte(out), &before); code != 0 || err != nil {
		t.Fatalf("list --json: %d %v %s", code, err, out)
	}
	code, out, errs = cli(t, "risk-filing", "file", "--data", dir, "--user", "officer", "--program", program,
		"--risk", "团队只有三人，路线与主流相反", "--worth", "若成立，可把端侧推理成本降一个数量级", "--failure", "第一阶段的验证实验达不到基线精度")
	f = strings.Split(out, "\t")
	if code != 0 || len(f) < 3 || f[0] != "filed" || f[2] != seedbed.ProgramSubject(review) {
		t.Fatalf("file: %d\n%s%s", code, out, errs)
	}
	id := f[1]
	code, out, errs = cli(t, "risk-filing", "review", "--data", dir, "--user", "officer", "--id", id, "--decision", "approve", "--note", "同意")
	if code != 5 {
		t.Errorf("its filer approving: exit %d, want 5\n%s%s", code, out, errs)
	}
	code, out, errs = cli(t, "risk-filing", "show", "--data", dir, "--id", id)
	if code != 0 || !strings.Contains(out, id+"\tpending\t") || !strings.Contains(out, "端侧推理成本") {
		t.Fatalf("show: %d\n%s%s", code, out, errs)
	}
	code, out, errs = cli(t, "risk-filing", "review", "--data", dir, "--user", "officer2", "--id", id, "--decision", "approve", "--note", "风险写得具体，失败的样子可检验，同意备案")
	if code != 0 || !strings.HasPrefix(out, "approved\t"+id+"\t") || !strings.HasSuffix(strings.TrimSpace(out), "officer2") {
		t.Fatalf("review: %d\n%s%s", code, out, errs)
	}
	code, out, _ = cli(t, "risk-filing", "list", "--data", dir, "--program", program, "--json")
	var after []seedbed.RiskFiling
	if err := json.Unmarshal([]byte(out), &after); code != 0 || err != nil || len(after) != 1 || after[0].Status != seedbed.RiskFilingApproved {
		t.Fatalf("list --program --json after review: %d %v %s", code, err, out)
	}
	var all struct{ Items []seedbed.RiskFiling }
	apiJSON(t, dir, token, "/api/v1/risk-filings", &all)
	if len(all.Items) != len(before)+1 {
		t.Fatalf("the API lists %d filings, want %d: the refused ones wrote something", len(all.Items), len(before)+1)
	}
	var one seedbed.RiskFiling
	apiJSON(t, dir, token, "/api/v1/risk-filings/"+id, &one)
	code, out, _ = cli(t, "risk-filing", "show", "--data", dir, "--id", id, "--json")
	var shown seedbed.RiskFiling
	if err := json.Unmarshal([]byte(out), &shown); code != 0 || err != nil {
		t.Fatalf("show --json: %d %v", code, err)
	}
	a, _ = json.Marshal(shown)
	b, _ = json.Marshal(one)
	if string(a) != string(b) {
		t.Fatalf("the command line and the API disagree:\n%s\n%s", a, b)
	}
}
