package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"seedbed"
	"seedbed/app"
)

func init() {
	moduleMatrix = append(moduleMatrix, func(e *testEnv) []accessCase {
		return []accessCase{
			{"GET", "/programs/{id}/notices", "/programs/999999/notices", "aou"},
			{"POST", "/programs/{id}/notices", "/programs/999999/notices", "ao"},
			{"POST", "/notices/{id}/objections/{oid}/answer", "/notices/999999/objections/1/answer", "ao"},
			{"POST", "/notices/{id}/close", "/notices/999999/close", "ao"},
			{"GET", "/api/v1/programs/{id}/notices", "/api/v1/programs/999999/notices", "aou"},
			{"POST", "/api/v1/programs/{id}/notices", "/api/v1/programs/999999/notices", "ao"},
			{"GET", "/api/v1/notices/{id}/objections", "/api/v1/notices/999999/objections", "aou"},
			{"POST", "/api/v1/notices/{id}/objections/{oid}/answer", "/api/v1/notices/999999/objections/1/answer", "ao"},
			{"POST", "/api/v1/notices/{id}/close", "/api/v1/notices/999999/close", "ao"},
			{"GET", "/public/notices", "/public/notices", "*aorpul"},
			{"GET", "/public/notices/{id}", "/public/notices/999999", "*aorpul"},
			{"POST", "/public/notices/{id}/objections", "/public/notices/999999/objections", "*aorpul"},
			{"GET", "/api/v1/public/notices", "/api/v1/public/notices", "*aorpul"},
			{"GET", "/api/v1/public/notices/{id}", "/api/v1/public/notices/999999", "*aorpul"},
			{"POST", "/api/v1/public/notices/{id}/objections", "/api/v1/public/notices/999999/objections", "*aorpul"},
		}
	})
}

// postFrom posts a form from a client address, signed out.
func postFrom(e *testEnv, addr, path string, form url.Values) *http.Response {
	r := newRequest("POST", path, "application/x-www-form-urlencoded", form.Encode())
	r.RemoteAddr = addr + ":4000"
	return serve(e, r).Result()
}

// TestPublicObjection: signed out, a person lodges an objection on the portal; bad, oversized
// and flooding input is refused with a message naming the problem, nothing written; the
// officer sees the objection with its contact (audited), answers it, and the public page shows
// the answer and never the contact.
func TestPublicObjection(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		publishStarter(e)
		f := newPublicFixture(t, e)
		ctx := context.Background()
		ns := app.New(e.store, app.Options{}).Notices
		n, err := ns.PublishNotice(ctx, actorOf(t, e, "officer"), f.lottery, seedbed.NoticePeriod{AllowAnonymous: true, Note: "公示期内可提出异议"})
		if err != nil {
			t.Fatal(err)
		}
		page := fmt.Sprintf("/public/notices/%d", n.ID)

		w := e.do("", "GET", "/public/notices", "", "")
		if w.Code != 200 || !strings.Contains(w.Body.String(), page) || !strings.Contains(w.Body.String(), "公示中") {
			t.Fatalf("list: %d %s", w.Code, w.Body.String())
		}
		w = e.do("", "GET", page+"?lang=en", "", "")
		if w.Code != 200 || !strings.Contains(w.Body.String(), "Lodge an objection") || !strings.Contains(w.Body.String(), seedbed.AppCode(n.Entries[0].ApplicationID)) {
			t.Fatalf("notice: %d %s", w.Code, w.Body.String())
		}

		bad := []struct {
			form   url.Values
			status int
			want   string
		}{
			{url.Values{"text": {"   "}}, 400, "请填写意见内容"},
			{url.Values{"text": {strings.Repeat("异", 2001)}}, 400, "内容过长：2001 字"},
			{url.Values{"text": {"请打 13812345678 联系我"}}, 400, "请勿在内容中写电话"},
			{url.Values{"text": {"名单有误"}, "application_id": {"abc"}}, 400, "application_id"},
			{url.Values{"text": {"名单有误"}, "application_id": {"999999"}}, 400, "不在本次公示名单上"},
		}
		for _, b := range bad {
			resp := postFrom(e, "198.51.100.7", page+"/objections", b.form)
			body := readAll(resp)
			if resp.StatusCode != b.status || !strings.Contains(body, b.want) {
				t.Errorf("%v: %d, want %d with %q", b.form, resp.StatusCode, b.status, b.want)
			}
		}
		resp := postFrom(e, "198.51.100.7", fmt.Sprintf("/public/notices/%d/objections", n.ID+100), url.Values{"text": {"x"}})
		if body := readAll(resp); resp.StatusCode != 404 || strings.Contains(body, "深度求索") {
			t.Errorf("unknown notice: %d %s", resp.StatusCode, body)
		}
		if got, _ := ns.Objections(ctx, n.ID); len(got) != 0 {
			t.Fatalf("refused objections were stored: %+v", got)
		}

		resp = postFrom(e, "198.51.100.7", page+"/objections", url.Values{"text": {"该单位的申报材料与实际经营范围不符"}, "contact": {"13700001111"}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != page+"?sent=1" || resp.Header.Get("Set-Cookie") != "" {
			t.Fatalf("objection: %d %v", resp.StatusCode, resp.Header)
		}
		if w := e.do("", "GET", page+"?sent=1", "", ""); !strings.Contains(w.Body.String(), "您的异议已收到") {
			t.Error("no receipt after the objection")
		}
		// JSON, anonymous; then the address is throttled
		for i := 0; i < 4; i++ {
			r := newRequest("POST", "/api/v1/public/notices/"+itoa(n.ID)+"/objections", "application/json", fmt.Sprintf(`{"text":"第 %d 条匿名异议"}`, i))
			r.RemoteAddr = "198.51.100.7:4000"
			if w := serve(e, r); w.Code != 201 || !strings.Contains(w.Body.String(), `"received_at"`) {
				t.Fatalf("API objection %d: %d %s", i, w.Code, w.Body.String())
			}
		}
		resp = postFrom(e, "198.51.100.7", page+"/objections", url.Values{"text": {"第六条"}})
		if body := readAll(resp); resp.StatusCode != 429 || !strings.Contains(body, "提交过于频繁") {
			t.Errorf("flood: %d %s", resp.StatusCode, body)
		}
		r := newRequest("POST", "/api/v1/public/notices/"+itoa(n.ID)+"/objections", "application/json", `{"text":"x","unknown":1}`)
		r.RemoteAddr = "198.51.100.8:4000"
		if w := serve(e, r); w.Code != 400 {
			t.Errorf("unknown JSON field: %d", w.Code)
		}
		for _, q := range []string{"?page=0", "?program_id=x", "?colour=red"} {
			if w := e.do("", "GET", "/api/v1/public/notices"+q, "", ""); w.Code != 400 {
				t.Errorf("GET /api/v1/public/notices%s: %d", q, w.Code)
			}
		}
		if w := e.do("", "GET", "/api/v1/public/notices/abc", "", ""); w.Code != 404 {
			t.Errorf("bad id: %d", w.Code)
		}

		// the officer sees the contact, the read is audited; the answer is published
		w = e.do("officer", "GET", fmt.Sprintf("/programs/%d/notices", f.lottery), "", "")
		if w.Code != 200 || !strings.Contains(w.Body.String(), "13700001111") {
			t.Fatalf("officer page: %d", w.Code)
		}
		if a := e.do("auditor", "GET", "/api/v1/audit?action=personal.read", "", ""); !strings.Contains(a.Body.String(), "objectors' contacts") {
			t.Error("the officer's look at the contacts is not audited")
		}
		all, _ := ns.Objections(ctx, n.ID)
		w = e.do("officer", "POST", fmt.Sprintf("/api/v1/notices/%d/objections/%d/answer", n.ID, all[0].ID), "application/json", `{"answer":""}`)
		if w.Code != 400 {
			t.Errorf("empty answer: %d", w.Code)
		}
		w = e.do("officer", "POST", fmt.Sprintf("/api/v1/notices/%d/objections/%d/answer", n.ID, all[0].ID), "application/json",
			`{"answer":"经核实，该单位经营范围包含申报方向，维持原名单。"}`)
		if w.Code != 200 {
			t.Fatalf("answer: %d %s", w.Code, w.Body.String())
		}
		for _, path := range []string{page, "/api/v1/public/notices/" + itoa(n.ID)} {
			body := e.do("", "GET", path, "", "").Body.String()
			if !strings.Contains(body, "维持原名单") {
				t.Errorf("%s does not show the answer", path)
			}
			for _, private := range []string{"13700001111", "申报材料与实际经营范围不符", "officer"} {
				if strings.Contains(body, private) {
					t.Errorf("%s shows %q", path, private)
				}
			}
		}
		if w := e.do("officer", "POST", fmt.Sprintf("/api/v1/notices/%d/close", n.ID), "", ""); w.Code != 409 {
			t.Errorf("closing during the period: %d", w.Code)
		}
	})
}

func readAll(resp *http.Response) string {
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}
