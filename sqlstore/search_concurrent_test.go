package sqlstore

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"seedbed"
	"seedbed/demo"
)

// TestSearchesSideBySide runs searches from several goroutines while another registers
// innovators: each search gives the same answer as the same search run alone on the data it
// could see (the count of a term found in the base data never drops, and a registered
// innovator's own name finds it once its registration has returned). Run with -race, it checks
// that searches under the read lock share nothing they write.
func TestSearchesSideBySide(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ins := demo.Innovators(12, 2000)
	if err := s.InTx(ctx, func(tx *Tx) error { return tx.InsertInnovators(ctx, testActor, ins, nil) }); err != nil {
		t.Fatal(err)
	}
	terms := []string{"智能", "人才", "9133", "智能科技", "有限公司", ""}
	base := map[string]int{}
	for _, q := range terms {
		_, n, err := s.FindInnovators(ctx, seedbed.InnovatorFilter{Query: q, Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		base[q] = n
	}
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for g := range 4 {
		wg.Go(func() {
			for i := range 60 {
				q := terms[(g+i)%len(terms)]
				_, n, err := s.FindInnovators(ctx, seedbed.InnovatorFilter{Query: q, Kind: []string{"", seedbed.KindTeam}[i%2], Limit: 20})
				if err != nil {
					errs <- err
					return
				}
				if i%2 == 0 && n < base[q] {
					errs <- fmt.Errorf("%q: %d matches, %d before any write", q, n, base[q])
					return
				}
			}
		})
	}
	wg.Go(func() {
		for i := range 30 {
			name := fmt.Sprintf("并行检索测试团队%03d", i)
			in := []seedbed.Innovator{{Name: name, Kind: seedbed.KindTeam, Field: "ai", Region: "杭州市"}}
			in[0].Normalize()
			if err := s.InTx(ctx, func(tx *Tx) error { return tx.InsertInnovators(ctx, testActor, in, nil) }); err != nil {
				errs <- err
				return
			}
			got, n, err := s.FindInnovators(ctx, seedbed.InnovatorFilter{Query: name, Limit: 20})
			if err != nil || n != 1 || len(got) != 1 || got[0].ID != in[0].ID {
				errs <- fmt.Errorf("%s after its registration: %d found (%v)", name, n, err)
				return
			}
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
