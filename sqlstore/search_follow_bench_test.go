package sqlstore

import (
	"context"
	"testing"

	"seedbed"
	"seedbed/demo"
)

// BenchmarkSearchFollowWrite measures what a registry write costs the next search: one
// innovator renamed, then one search, which brings the index up to date. The registry holds
// 20,000 innovators of which 2,000 have changed since the index was built (the overlay's
// worst region: a rebuild comes at 5,000).
//
//	go test ./sqlstore -run '^$' -bench SearchFollowWrite -benchtime 200x
func BenchmarkSearchFollowWrite(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, Options{DataDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ins := demo.Innovators(11, 20000)
	if err := s.InTx(ctx, func(tx *Tx) error { return tx.InsertInnovators(ctx, testActor, ins, nil) }); err != nil {
		b.Fatal(err)
	}
	if err := s.WarmSearch(ctx); err != nil {
		b.Fatal(err)
	}
	rename := func(k int) {
		in := ins[k]
		old := in.Name
		in.Name = old + "甲"
		if err := s.InTx(ctx, func(tx *Tx) error {
			return tx.UpdateInnovator(ctx, testActor, &in, in.Version, []seedbed.Change{{Field: "name", OldValue: old, NewValue: in.Name}})
		}); err != nil {
			b.Fatal(err)
		}
		ins[k] = in
	}
	search := func() {
		if _, _, err := s.FindInnovators(ctx, seedbed.InnovatorFilter{Query: "智能", Limit: 20}); err != nil {
			b.Fatal(err)
		}
	}
	for k := range 2000 {
		rename(k * 10)
		if k%100 == 99 {
			search()
		}
	}
	search()
	built := s.search.built
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		rename(20000 - 1 - i%1000) // innovators not changed before
		search()
	}
	b.StopTimer()
	if s.search.built != built {
		b.Fatalf("the index was rebuilt (%d changed innovators)", len(s.search.changed))
	}
}
