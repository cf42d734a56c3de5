package main

import (
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"testing"
)

// TestDemoBlindAssignments: the demo holds a blind program in review, and the demo reviewer's
// assignments of it carry no applicant name, while the officer's view of the same program does.
func TestDemoBlindAssignments(t *testing.T) {
	t.Parallel()
	base, _ := startDemo(t, 300)
	login := func(name string) *http.Client {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar}
		resp, err := c.PostForm(base+"/login", url.Values{"username": {name}, "password": {demoPassword}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return c
	}
	get := func(c *http.Client, path string, v any) {
		t.Helper()
		resp, err := c.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d", path, resp.StatusCode)
		}
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatal(err)
		}
	}
	type item = map[string]any
	var mine struct{ Items []item }
	get(login("reviewer"), "/api/v1/assignments", &mine)
	blind := map[float64]bool{}
	found := 0
	for _, as := range mine.Items {
		pid := as["program_id"].(float64)
		if _, ok := blind[pid]; !ok {
			var p item
			get(login("reviewer"), "/api/v1/programs/"+formatID(pid), &p)
			blind[pid] = p["blind_review"] == true && p["state"] == "in_review"
		}
		if !blind[pid] {
			continue
		}
		found++
		for _, k := range []string{"applicant_name", "credit_code", "team", "innovator_name"} {
			if v, ok := as[k]; ok && v != "" {
				t.Errorf("assignment %v of a blind program carries %s = %v", as["id"], k, v)
			}
		}
	}
	if found == 0 {
		t.Fatal("the demo reviewer has no assignment of a blind program in review")
	}
	var officer struct{ Items []item }
	for pid, b := range blind {
		if b {
			get(login("officer"), "/api/v1/programs/"+formatID(pid)+"/assignments", &officer)
		}
	}
	if len(officer.Items) == 0 || officer.Items[0]["applicant_name"] == "" || officer.Items[0]["applicant_name"] == nil {
		t.Fatalf("the officer does not see who applied: %v", officer.Items)
	}
}

func formatID(v float64) string { return strconv.FormatInt(int64(v), 10) }
