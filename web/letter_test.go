package web

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// The determination letter is generated from the recorded decision, in Chinese with an English
// switch, for the applicant and overseers only, and not before there is a decision.
func TestDeterminationLetter(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	f := newProgramFixture(t, e)
	aw := need(e.srv.Programs.GetAward(context.Background(), f.ownAward))
	path := fmt.Sprintf("/applications/%d/letter", aw.ApplicationID)
	w := e.do("applicant", "GET", path, "", "")
	body := w.Body.String()
	for _, want := range []string{"决定书", "予以资助", "第 1 批", "决策账本第", "十五个工作日"} {
		if w.Code != 200 || !strings.Contains(body, want) {
			t.Errorf("letter (zh): %d, lacks %q", w.Code, want)
		}
	}
	w = e.do("applicant", "GET", path+"?lang=en", "", "")
	if !strings.Contains(w.Body.String(), "Determination letter") || !strings.Contains(w.Body.String(), "Funded, with") {
		t.Errorf("letter (en) lacks the English text")
	}
	if w := e.do("reviewer", "GET", path, "", ""); w.Code != 403 {
		t.Errorf("a reviewer reading the letter: %d", w.Code)
	}
	if w := e.do("applicant", "GET", fmt.Sprintf("/applications/%d/letter", f.ownDraft), "", ""); w.Code != 409 {
		t.Errorf("a letter on an undecided application: %d", w.Code)
	}
	w = e.do("auditor", "GET", "/api/v1"+path, "", "")
	if w.Code != 200 || !strings.Contains(w.Body.String(), fmt.Sprintf(`"number":"JD-P%d-A%d"`, aw.ProgramID, aw.ApplicationID)) {
		t.Errorf("API letter: %d %s", w.Code, w.Body.String())
	}
	css := e.do("", "GET", "/assets/seedbed.css", "", "").Body.String()
	if !strings.Contains(css, "@media print { .letter") {
		t.Error("no print rules for the letter")
	}
}
