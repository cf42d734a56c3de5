package web

import (
	"net/http"
	"strings"
	"testing"
)

func init() {
	moduleMatrix = append(moduleMatrix, func(e *testEnv) []accessCase {
		return []accessCase{{"GET", "/help", "/help", "*aorpul"}}
	})
}

// The help page explains every topic in both languages, to everyone, with an anchor per topic
// that other pages link to.
func TestHelpPage(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	for _, lang := range []string{"zh", "en"} {
		w := e.do("", "GET", "/help?lang="+lang, "", "")
		body := w.Body.String()
		if w.Code != http.StatusOK {
			t.Fatalf("%s: %d", lang, w.Code)
		}
		for _, topic := range helpTopics {
			if !strings.Contains(body, `id="`+topic.ID+`"`) || strings.Contains(body, "help."+topic.ID) {
				t.Errorf("%s: topic %s missing or untranslated", lang, topic.ID)
			}
		}
		want := map[string]string{"zh": "双重差分 -0.098 对数点/季度", "en": "log points per quarter"}[lang]
		if !strings.Contains(body, want) {
			t.Errorf("%s: the page lacks %q", lang, want)
		}
	}
}
