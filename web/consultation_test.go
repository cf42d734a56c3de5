package web

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"seedbed/app"
	"seedbed/policies"
)

func init() {
	moduleMatrix = append(moduleMatrix, func(e *testEnv) []accessCase {
		return []accessCase{
			{"GET", "/consultations", "/consultations", "aou"},
			{"POST", "/consultations", "/consultations", "ao"},
			{"GET", "/consultations/{id}", "/consultations/999999", "aou"},
			{"POST", "/consultations/{id}/comments/{cid}/answer", "/consultations/999999/comments/1/answer", "ao"},
			{"POST", "/consultations/{id}/conclude", "/consultations/999999/conclude", "ao"},
			{"GET", "/api/v1/consultations", "/api/v1/consultations", "aou"},
			{"POST", "/api/v1/consultations", "/api/v1/consultations", "ao"},
			{"GET", "/api/v1/consultations/{id}/comments", "/api/v1/consultations/999999/comments", "aou"},
			{"POST", "/api/v1/consultations/{id}/comments/{cid}/answer", "/api/v1/consultations/999999/comments/1/answer", "ao"},
			{"POST", "/api/v1/consultations/{id}/conclude", "/api/v1/consultations/999999/conclude", "ao"},
			{"GET", "/public/consultations", "/public/consultations", "*aorpul"},
			{"GET", "/public/consultations/{id}", "/public/consultations/999999", "*aorpul"},
			{"POST", "/public/consultations/{id}/comments", "/public/consultations/999999/comments", "*aorpul"},
			{"GET", "/api/v1/public/consultations", "/api/v1/public/consultations", "*aorpul"},
			{"GET", "/api/v1/public/consultations/{id}", "/api/v1/public/consultations/999999", "*aorpul"},
			{"POST", "/api/v1/public/consultations/{id}/comments", "/api/v1/public/consultations/999999/comments", "*aorpul"},
		}
	})
}

// TestPublicComment: an officer opens a draft for comment from the officers' page; signed out,
// people comment on the portal (bad input refused, nothing written); the officer answers; the
// portal and the policy's page show the comment and the answer, never the contact.
func TestPublicComment(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		ctx := context.Background()
		pol := app.New(e.store, app.Options{}).Policies
		officer := actorOf(t, e, "officer")
		src, err := policies.FS.ReadFile("grassroots-seed-v1.yaml")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := pol.Upload(ctx, officer, "grassroots-seed-v1.yaml", src); err != nil {
			t.Fatal(err)
		}
		src2, _ := policies.FS.ReadFile("grassroots-seed-v2.yaml")
		v2, err := pol.Upload(ctx, officer, "grassroots-seed-v2.yaml", src2)
		if err != nil {
			t.Fatal(err)
		}

		w := e.do("officer", "POST", "/consultations", "application/x-www-form-urlencoded", url.Values{"draft": {"nonsense"}}.Encode())
		if w.Code != 400 || !strings.Contains(w.Body.String(), "请选择一个政策草案") {
			t.Fatalf("bad draft: %d", w.Code)
		}
		w = e.do("officer", "POST", "/consultations", "application/x-www-form-urlencoded",
			url.Values{"draft": {fmt.Sprintf("%s@%d", v2.PolicyID, v2.Version)}, "note": {"欢迎提出修改意见"}}.Encode())
		if w.Code != 303 {
			t.Fatalf("open: %d %s", w.Code, w.Body.String())
		}
		page := strings.Replace(w.Header().Get("Location"), "/consultations/", "/public/consultations/", 1)

		body := e.do("", "GET", page, "", "").Body.String()
		if !strings.Contains(body, "提出意见") || !strings.Contains(body, "草案内容") {
			t.Fatalf("public page: %s", body)
		}
		for _, b := range []struct {
			form url.Values
			want string
		}{
			{url.Values{"text": {""}}, "请填写意见内容"},
			{url.Values{"text": {strings.Repeat("字", 2001)}}, "内容过长"},
			{url.Values{"text": {"联系我 x@y.com"}}, "请勿在内容中写电话"},
			{url.Values{"text": {"好"}, "contact": {strings.Repeat("c", 201)}}, "联系方式过长"},
		} {
			resp := postFrom(e, "203.0.113.9", page+"/comments", b.form)
			if got := readAll(resp); resp.StatusCode != 400 || !strings.Contains(got, b.want) {
				t.Errorf("%v: %d, want 400 with %q", b.form, resp.StatusCode, b.want)
			}
		}
		resp := postFrom(e, "203.0.113.9", page+"/comments", url.Values{"text": {"建议把团队成立年限放宽到五年。"}, "contact": {"13600002222"}})
		if resp.StatusCode != 303 {
			t.Fatalf("comment: %d %s", resp.StatusCode, readAll(resp))
		}
		resp = postFrom(e, "203.0.113.9", page+"/comments", url.Values{"text": {"建议把团队成立年限放宽到五年。"}})
		if got := readAll(resp); resp.StatusCode != 400 || !strings.Contains(got, "同样的内容已经收到") {
			t.Errorf("repeated comment: %d", resp.StatusCode)
		}

		id := strings.TrimPrefix(page, "/public/consultations/")
		list := decode[map[string]any](t, e.do("auditor", "GET", "/api/v1/consultations/"+id+"/comments", "", "").Body.String())
		items, _ := list["items"].([]any)
		if len(items) != 1 || !strings.Contains(fmt.Sprint(items[0]), "13600002222") {
			t.Fatalf("comments for the auditor: %v", list)
		}
		cid := fmt.Sprint(int64(items[0].(map[string]any)["id"].(float64)))
		w = e.do("officer", "POST", "/consultations/"+id+"/comments/"+cid+"/answer", "application/x-www-form-urlencoded",
			url.Values{"answer": {"采纳：第 2 版放宽到五年。"}}.Encode())
		if w.Code != 303 {
			t.Fatalf("answer: %d %s", w.Code, w.Body.String())
		}
		if w := e.do("officer", "POST", "/api/v1/consultations/"+id+"/conclude", "application/json", `{"final_version":0,"conclusion":"x"}`); w.Code != 409 {
			t.Errorf("concluding during the period: %d", w.Code)
		}
		for _, path := range []string{page, "/api/v1/public/consultations/" + id, "/public/consultations"} {
			body := e.do("", "GET", path, "", "").Body.String()
			if path != "/public/consultations" && (!strings.Contains(body, "采纳：第 2 版放宽到五年") || !strings.Contains(body, "建议把团队成立年限放宽到五年")) {
				t.Errorf("%s does not show the comment and its answer", path)
			}
			if strings.Contains(body, "13600002222") || strings.Contains(body, "u-officer") {
				t.Errorf("%s shows personal data", path)
			}
		}
		if w := e.do("", "GET", "/api/v1/public/consultations?x=1", "", ""); w.Code != 400 {
			t.Errorf("unknown parameter: %d", w.Code)
		}
		if w := e.do("", "GET", "/api/v1/public/consultations/999999", "", ""); w.Code != 404 {
			t.Errorf("unknown consultation: %d", w.Code)
		}
	})
}

// TestConsultationsOfferOnlyOpenable: the officers' page offers for comment only the drafts of
// policies with no consultation still open — the drafts opening would accept — and a draft it
// no longer offers is indeed refused; a viewer who may not open drafts gets no link to one.
func TestConsultationsOfferOnlyOpenable(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		ctx := context.Background()
		pol := app.New(e.store, app.Options{}).Policies
		officer := actorOf(t, e, "officer")
		for _, f := range []string{"grassroots-seed-v1.yaml", "grassroots-seed-v2.yaml", "institute-poc.yaml"} {
			src, err := policies.FS.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := pol.Upload(ctx, officer, f, src); err != nil {
				t.Fatal(err)
			}
		}
		offered := func() []string {
			page := e.do("officer", "GET", "/consultations", "", "").Body.String()
			var out []string
			for _, m := range regexp.MustCompile(`<option value="([^"]+@\d+)"`).FindAllStringSubmatch(page, -1) {
				out = append(out, m[1])
			}
			sort.Strings(out)
			return out
		}
		if got := strings.Join(offered(), " "); got != "grassroots-seed@1 grassroots-seed@2 institute-poc@1" {
			t.Fatalf("before any consultation the page offers %q", got)
		}
		w := e.do("officer", "POST", "/consultations", "application/x-www-form-urlencoded", url.Values{"draft": {"grassroots-seed@2"}}.Encode())
		if w.Code != 303 {
			t.Fatalf("open: %d %s", w.Code, w.Body.String())
		}
		if got := strings.Join(offered(), " "); got != "institute-poc@1" {
			t.Errorf("with grassroots-seed open for comment the page offers %q", got)
		}
		// what is no longer offered is what opening refuses
		if w := e.do("officer", "POST", "/consultations", "application/x-www-form-urlencoded", url.Values{"draft": {"grassroots-seed@1"}}.Encode()); w.Code != 409 {
			t.Errorf("a draft of a policy under consultation: %d", w.Code)
		}
		page := w.Header().Get("Location")
		if body := e.do("officer", "GET", page, "", "").Body.String(); !strings.Contains(body, `href="/policies/grassroots-seed/versions/2"`) {
			t.Errorf("the officer has no link to the draft on %s", page)
		}
		if w := e.do("auditor", "GET", page, "", ""); w.Code != 200 || strings.Contains(w.Body.String(), `href="/policies/grassroots-seed/versions/2"`) {
			t.Errorf("the auditor, who may not open drafts, is linked to one on %s (%d)", page, w.Code)
		}
	})
}
