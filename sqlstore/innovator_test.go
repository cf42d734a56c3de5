package sqlstore

import (
	"context"
	"testing"

	"seedbed"
)

func deepseek() *seedbed.Innovator {
	return &seedbed.Innovator{Name: "杭州深度求索人工智能基础技术研究有限公司", Kind: seedbed.KindEnterprise,
		CreditCode: "91330100799655058B", Industry: "software", Employees: i64(160), Revenue: f64(8000),
		InnovationType: "grassroots", Driver: "basic_research", Field: "ai", PathTags: []string{"开源", "非主流路线"},
		Region: "杭州市拱墅区", ContactName: "梁文", ContactPhone: "13800000000"}
}

func TestFindInnovatorsChineseSearch(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		names := []string{"杭州深度求索人工智能基础技术研究有限公司", "宁波人才科技有限公司", "研发补贴申报服务团队", "温州量子计算团队", "100%_literal 团队"}
		for i, n := range names {
			in := &seedbed.Innovator{Name: n, Kind: seedbed.KindTeam, Field: "ai"}
			if i == 3 {
				in.Field = "quantum"
			}
			if err := insertInnovatorForTest(ctx, s, testActor, in); err != nil {
				t.Fatal(err)
			}
		}
		cases := []struct {
			f    seedbed.InnovatorFilter
			want int
		}{
			{seedbed.InnovatorFilter{Query: "深度"}, 1},
			{seedbed.InnovatorFilter{Query: "补贴"}, 1},
			{seedbed.InnovatorFilter{Query: "人才"}, 1},
			{seedbed.InnovatorFilter{Query: "团队"}, 3},
			{seedbed.InnovatorFilter{Query: "%"}, 1},
			{seedbed.InnovatorFilter{Query: "_"}, 1},
			{seedbed.InnovatorFilter{Query: "LITERAL"}, 1},
			{seedbed.InnovatorFilter{Field: "quantum"}, 1},
			{seedbed.InnovatorFilter{Query: "团队", Field: "ai"}, 2},
			{seedbed.InnovatorFilter{Query: "不存在的名字"}, 0},
			{seedbed.InnovatorFilter{IDs: []int64{1, 2}}, 2},
		}
		for _, c := range cases {
			items, total, err := s.FindInnovators(ctx, c.f)
			if err != nil {
				t.Fatal(err)
			}
			if total != c.want || len(items) != c.want {
				t.Errorf("filter %+v: total %d, items %d, want %d", c.f, total, len(items), c.want)
			}
		}
		items, total, _ := s.FindInnovators(ctx, seedbed.InnovatorFilter{Limit: 2, Offset: 2})
		if total != 5 || len(items) != 2 || items[0].ID != 3 {
			t.Fatalf("page 2 of 2: total %d, %d items, first id %v", total, len(items), items)
		}
	})
}

// TestSearchSeesOtherWriters checks that the in-memory search index reloads when another
// process (here a second Store on the same database) changes the registry.
func TestSearchSeesOtherWriters(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	a, err := Open(ctx, Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(ctx, Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	count := func(q string) int {
		_, n, err := a.FindInnovators(ctx, seedbed.InnovatorFilter{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if count("补贴") != 0 {
		t.Fatal("empty registry finds something")
	}
	in := &seedbed.Innovator{Name: "研发补贴服务团队", Kind: seedbed.KindTeam}
	if err := insertInnovatorForTest(ctx, b, testActor, in); err != nil {
		t.Fatal(err)
	}
	if count("补贴") != 1 {
		t.Fatal("a write by another store is not seen by search")
	}
	in.Name = "研发服务团队"
	if err := b.InTx(ctx, func(tx *Tx) error {
		return tx.UpdateInnovator(ctx, testActor, in, 1, []seedbed.Change{{Field: "name", OldValue: "研发补贴服务团队", NewValue: in.Name}})
	}); err != nil {
		t.Fatal(err)
	}
	if count("补贴") != 0 || count("研发服务") != 1 {
		t.Fatal("an update by another store is not seen by search")
	}
}

// insertInnovatorForTest registers one innovator in its own transaction, as the registry's use
// case does.
func insertInnovatorForTest(ctx context.Context, s *Store, a seedbed.Actor, in *seedbed.Innovator) error {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx *Tx) error { return tx.InsertInnovator(ctx, a, in) })
}

// importForTest stores checked import rows in one transaction and returns how many.
func importForTest(ctx context.Context, s *Store, ins []seedbed.Innovator) (int, error) {
	if err := seedbed.CheckImport(ins, nil); err != nil {
		return 0, err
	}
	err := s.InBulkTx(ctx, func(tx *Tx) error { return tx.InsertInnovators(ctx, seedbed.System, ins, nil) })
	if err != nil {
		return 0, err
	}
	return len(ins), nil
}
