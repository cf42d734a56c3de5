package sqlstore

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"seedbed"
	"seedbed/demo"
)

// TestSearchIndexAgreesWithScan checks the pair-list index against the plain definition of the
// search — the innovators whose lower-cased search text contains the term and whose columns pass
// the filters — for terms of one to six characters cut from the registry's own texts (Chinese
// names, credit-code prefixes, tags, descriptions), terms found nowhere, and filters.
func TestSearchIndexAgreesWithScan(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ins := demo.Innovators(11, 3000)
	if err := s.InTx(ctx, func(tx *Tx) error { return tx.InsertInnovators(ctx, testActor, ins, nil) }); err != nil {
		t.Fatal(err)
	}
	s.search.mu.Lock()
	defer s.search.mu.Unlock()
	if err := s.search.ensure(ctx, s.read); err != nil {
		t.Fatal(err)
	}
	want := func(q string, f seedbed.InnovatorFilter) []int64 {
		var out []int64
		for i := range ins {
			in := &ins[i]
			if strings.Contains(strings.ReplaceAll(searchText(in), "\x00", ""), strings.ToLower(q)) &&
				(f.Kind == "" || in.Kind == f.Kind) && (f.Field == "" || in.Field == f.Field) && (f.SizeClass == "" || in.SizeClass == f.SizeClass) &&
				(f.Region == "" || strings.Contains(strings.ToLower(in.Region), strings.ToLower(f.Region))) {
				out = append(out, in.ID)
			}
		}
		return out
	}
	r := rand.New(rand.NewPCG(5, 6))
	terms := []string{"有限公司", "智能", "人才", "补贴", "9133", "91330", "杭州", "深度求索", "不存在的名称", "zz", "A", "大模型"}
	for range 300 {
		text := []rune(searchText(&ins[r.IntN(len(ins))]))
		n := 1 + r.IntN(6)
		if len(text) <= n {
			continue
		}
		at := r.IntN(len(text) - n)
		terms = append(terms, string(text[at:at+n]))
	}
	filters := []seedbed.InnovatorFilter{{}, {Kind: seedbed.KindTeam}, {Field: "ai", SizeClass: seedbed.SizeMicro}, {Region: "杭州"}, {Kind: "no-such-kind"}}
	checked := 0
	for i, q := range terms {
		q = strings.TrimSpace(q)
		f := filters[i%len(filters)]
		got, exp := s.search.match(q, f), want(q, f)
		if !slices.Equal(got, exp) {
			t.Fatalf("%q %+v: index %d ids, scan %d", q, f, len(got), len(exp))
		}
		checked += len(exp)
	}
	if checked < 1000 {
		t.Fatalf("only %d matches compared", checked)
	}
	if m := s.search.memoryBytes(); m <= 0 || m > 2000*len(ins) {
		t.Errorf("index memory %d bytes for %d innovators", m, len(ins))
	}
}
