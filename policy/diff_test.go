package policy

import (
	"strings"
	"testing"

	"seedbed/policies"
)

func TestDiffStarterVersions(t *testing.T) {
	docs := make([]*Document, 2)
	for i, name := range []string{"grassroots-seed-v1.yaml", "grassroots-seed-v2.yaml"} {
		src, err := policies.FS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if docs[i], err = Parse(name, src); err != nil {
			t.Fatal(err)
		}
	}
	d := Diff(docs[0], docs[1])
	if d.ID != "grassroots-seed" || d.From != 1 || d.To != 2 {
		t.Errorf("header = %s %d→%d", d.ID, d.From, d.To)
	}
	want := map[string]string{ // path → kind
		"effective_from":                ChangeMetadata,
		"effective_to":                  ChangeMetadata,
		"conditions.young":              ChangeClauseChanged,
		"instruments.seed_grant.amount": ChangeInstrumentChanged,
		"instruments.compute":           ChangeInstrumentAdded,
	}
	got := map[string]Change{}
	for _, c := range d.Changes {
		got[c.Path] = c
	}
	for path, kind := range want {
		if got[path].Kind != kind {
			t.Errorf("%s: kind %q, want %q", path, got[path].Kind, kind)
		}
	}
	if _, ok := got["conditions.subject"]; ok {
		t.Error("an unchanged clause is reported")
	}
	young := got["conditions.young"]
	if !strings.Contains(young.OldSentence.Zh, "不超过 5") || !strings.Contains(young.NewSentence.Zh, "不超过 7") ||
		!strings.Contains(young.Summary.En, "at most 5 → ") {
		t.Errorf("young = %+v", young)
	}
}

func TestDiffClausesAndInstruments(t *testing.T) {
	a, err := Parse("a.yaml", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	src := strings.Replace(minimal, "  - id: small\n    expr: employees < 200\n", "  - id: young\n    expr: age_years <= 3\n", 1)
	src = strings.Replace(src, "cap: 10", "cap: 20", 1)
	src = strings.Replace(src, "version: 1", "version: 2", 1)
	b, err := Parse("b.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	d := Diff(a, b)
	kinds := map[string]string{}
	for _, c := range d.Changes {
		kinds[c.Path] = c.Kind
	}
	want := map[string]string{"conditions.young": ChangeClauseAdded, "conditions.small": ChangeClauseRemoved, "instruments.grant.cap": ChangeInstrumentChanged}
	for p, k := range want {
		if kinds[p] != k {
			t.Errorf("%s: %q, want %q (all: %v)", p, kinds[p], k, kinds)
		}
	}
	if len(Diff(a, a).Changes) != 0 {
		t.Error("a version differs from itself")
	}
}
