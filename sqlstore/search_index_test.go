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
// names, credit-code prefixes, tags, descriptions), credit-code prefixes of every length (found
// through the codes in order), terms across the space before or after a code, terms found
// nowhere, and filters with no term (their kept counts); every match in full, and pages with
// their totals, before and after writes.
func TestSearchIndexAgreesWithScan(t *testing.T) {
	defer func(n int) { codeSortMax = n }(codeSortMax)
	codeSortMax = 50 // so that long code ranges are paged by walking the entries, as at scale
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
	if err := s.WarmSearch(ctx); err != nil {
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
	codes := 0
	for range 120 {
		in := &ins[r.IntN(len(ins))]
		if in.CreditCode == "" {
			continue
		}
		codes++
		name, code := []rune(strings.ToLower(in.Name)), in.CreditCode
		switch n := 1 + r.IntN(18); r.IntN(4) {
		case 0, 1:
			terms = append(terms, code[:n]) // as typed: upper case
		case 2:
			terms = append(terms, string(name[len(name)-min(len(name), 1+r.IntN(3)):])+" "+code[:n])
		default:
			terms = append(terms, code[18-n:]+" "+in.Region[:3])
		}
	}
	if codes < 40 {
		t.Fatalf("only %d innovators with a credit code among the terms", codes)
	}
	terms = append(terms, "91", "9", "91330", "9133 ", " 杭州", "有限公司 9133")
	for range 20 {
		terms = append(terms, "") // the filters alone
	}
	filters := []seedbed.InnovatorFilter{{}, {Kind: seedbed.KindTeam}, {Field: "ai", SizeClass: seedbed.SizeMicro}, {Region: "杭州"}, {Kind: "no-such-kind"},
		{SizeClass: seedbed.SizeMicro}, {Kind: seedbed.KindEnterprise, Region: "州"}}
	compare := func(stage string) {
		t.Helper()
		if err := s.WarmSearch(ctx); err != nil {
			t.Fatal(err)
		}
		checked := 0
		for i, q := range terms {
			q = strings.TrimSpace(q)
			f := filters[i%len(filters)]
			s.search.mu.Lock()
			got := s.search.match(q, f)
			s.search.mu.Unlock()
			exp := want(q, f)
			if !slices.Equal(got, exp) {
				t.Fatalf("%s: %q %+v: index %d ids, scan %d", stage, q, f, len(got), len(exp))
			}
			checked += len(exp)
			for _, off := range []int{0, 20, len(exp) / 2, max(0, len(exp)-7)} {
				s.search.mu.Lock()
				page, total := s.search.page(q, f, off, 20)
				s.search.mu.Unlock()
				if wantPage := exp[min(off, len(exp)):min(off+20, len(exp))]; total != len(exp) || !slices.Equal(page, wantPage) {
					t.Fatalf("%s: %q %+v from %d: index %v of %d, scan %v of %d", stage, q, f, off, page, total, wantPage, len(exp))
				}
			}
		}
		if checked < 1000 {
			t.Fatalf("%s: only %d matches compared", stage, checked)
		}
	}
	compare("built")
	// Writes after the build: new innovators and renamed ones are found through the overlay,
	// without a rebuild, and the old names no longer match.
	more := demo.Innovators(12, 40)[1:]
	for i := range more {
		more[i].CreditCode = ""
	}
	if err := s.InTx(ctx, func(tx *Tx) error { return tx.InsertInnovators(ctx, testActor, more, nil) }); err != nil {
		t.Fatal(err)
	}
	ins = append(ins, more...)
	rename := func(prefix string, ks ...int) {
		t.Helper()
		for _, k := range ks {
			in := ins[k]
			old := in.Name
			in.Name = prefix + old
			if err := s.InTx(ctx, func(tx *Tx) error {
				return tx.UpdateInnovator(ctx, testActor, &in, in.Version, []seedbed.Change{{Field: "name", OldValue: old, NewValue: in.Name}})
			}); err != nil {
				t.Fatal(err)
			}
			ins[k] = in // at its new version
		}
	}
	rename("改名后的智能科技团队", 3, 500, 2999)
	terms = append(terms, "改名后", ins[3].Name[:9])
	before := s.search.built
	compare("after writes")
	if s.search.built != before || s.search.overlay == nil || overlayLive(&s.search) != 42 {
		t.Errorf("writes were not followed through the overlay (built %d→%d)", before, s.search.built)
	}
	// and writes after those were followed: an innovator renamed again, and one renamed for
	// the first time, are found by their new names only
	rename("再次更名", 3, 7)
	terms = append(terms, "再次更名", ins[7].Name[:12])
	compare("after more writes")
	if s.search.built != before || overlayLive(&s.search) != 43 || s.search.overlay.overlay == nil {
		t.Errorf("the second writes were not followed through the overlay's overlay (built %d→%d, overlays %d live entries)", before, s.search.built, overlayLive(&s.search))
	}
	// many writes one after another: past recentMax innovators changed since the overlay was
	// built, the overlay is built again from every changed innovator's current row, and searches
	// still agree with the scan
	s.search.recentMax = 3
	rename("第三次更名", 3, 11, 12, 13, 14, 15, 16, 1200)
	terms = append(terms, "第三次更名", ins[1200].Name[:15])
	compare("after a rebuilt overlay")
	if o := s.search.overlay; s.search.built != before || o == nil || len(s.search.recent) > 3 || overlayLive(&s.search) != 50 {
		t.Errorf("the overlay was not built again (built %d→%d, overlays %d live entries)", before, s.search.built, overlayLive(&s.search))
	}
	if m := s.search.memoryBytes(); m <= 0 || m > 2000*len(ins) {
		t.Errorf("index memory %d bytes for %d innovators", m, len(ins))
	}
}

// overlayLive is how many live entries the overlays of x hold.
func overlayLive(x *searchIndex) int {
	n := 0
	for o := x.overlay; o != nil; o = o.overlay {
		n += len(o.rows) - len(o.deadList)
	}
	return n
}
