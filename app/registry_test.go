package app

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"seedbed"
	"seedbed/sqlstore"
)

func deepseek() *seedbed.Innovator {
	return &seedbed.Innovator{Name: "杭州深度求索人工智能基础技术研究有限公司", Kind: seedbed.KindEnterprise,
		CreditCode: "91330100799655058B", Industry: "software", Employees: i64(160), Revenue: f64(8000),
		InnovationType: "grassroots", Driver: "basic_research", Field: "ai", PathTags: []string{"开源", "非主流路线"},
		Region: "杭州市拱墅区", ContactName: "梁文", ContactPhone: "13800000000"}
}

func TestInnovatorCRUD(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx := context.Background()
		in := deepseek()
		if err := a.Registry.CreateInnovator(ctx, officer, in); err != nil {
			t.Fatal(err)
		}
		if in.ID == 0 || in.SizeClass != seedbed.SizeMedium {
			t.Fatalf("created id=%d size=%q, want an id and medium (software, 160 staff, 8000万)", in.ID, in.SizeClass)
		}
		got, err := a.Registry.Innovator(ctx, in.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != in.Name || *got.Employees != 160 || *got.Revenue != 8000 || len(got.PathTags) != 2 || got.PathTags[1] != "非主流路线" {
			t.Fatalf("read back %+v", got)
		}

		dup := deepseek()
		dup.Name = "另一家公司"
		err = a.Registry.CreateInnovator(ctx, officer, dup)
		if seedbed.ErrorCode(err) != seedbed.ECONFLICT {
			t.Fatalf("duplicate credit code: got %v, want conflict", err)
		}

		got.Employees, got.Revenue = i64(400), f64(20000)
		got.Name = "杭州深度求索人工智能基础技术研究有限公司（更名）"
		if err := a.Registry.UpdateInnovator(ctx, officer, got, 1); err != nil {
			t.Fatal(err)
		}
		if got.Version != 2 || got.SizeClass != seedbed.SizeLarge {
			t.Fatalf("after update version=%d size=%q, want 2 and large (400 ≥ 300 staff and 20000 ≥ 10000万 in software)", got.Version, got.SizeClass)
		}
		stale := *got
		stale.Region = "杭州市西湖区"
		if err := a.Registry.UpdateInnovator(ctx, officer, &stale, 1); seedbed.ErrorCode(err) != seedbed.ECONFLICT {
			t.Fatalf("update from a stale version: got %v, want conflict", err)
		}
		hist, err := a.Registry.InnovatorHistory(ctx, in.ID)
		if err != nil {
			t.Fatal(err)
		}
		fields := map[string][2]string{}
		for _, c := range hist {
			fields[c.Field] = [2]string{c.OldValue, c.NewValue}
			if c.Actor != "officer1" {
				t.Errorf("change by %q, want officer1", c.Actor)
			}
		}
		if fields["employees"] != [2]string{"160", "400"} || fields["size_class"] != [2]string{"medium", "large"} || fields["*"][1] == "" {
			t.Fatalf("history = %+v", hist)
		}
		if _, err := a.Registry.Innovator(ctx, 99999); seedbed.ErrorCode(err) != seedbed.ENOTFOUND {
			t.Fatalf("missing innovator: %v", err)
		}
		entries, _, err := a.Audit.Find(ctx, seedbed.AuditFilter{Entity: "innovator"})
		if err != nil || len(entries) != 2 {
			t.Fatalf("audit entries for innovators: %d, %v; want create and update", len(entries), err)
		}
	})
}

func TestInnovatorInvalidWritesNothing(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx := context.Background()
		cases := []struct {
			name  string
			edit  func(*seedbed.Innovator)
			field string
		}{
			{"bad check character", func(in *seedbed.Innovator) { in.CreditCode = "91330100799655058C" }, "credit_code"},
			{"team with a code", func(in *seedbed.Innovator) { in.Kind = seedbed.KindTeam }, "credit_code"},
			{"enterprise without code", func(in *seedbed.Innovator) { in.CreditCode = "" }, "credit_code"},
			{"unknown kind", func(in *seedbed.Innovator) { in.Kind = "company" }, "kind"},
			{"negative staff", func(in *seedbed.Innovator) { in.Employees = i64(-1) }, "employees"},
			{"empty name", func(in *seedbed.Innovator) { in.Name = "  " }, "name"},
			{"unknown field", func(in *seedbed.Innovator) { in.Field = "alchemy" }, "field"},
		}
		for _, c := range cases {
			in := deepseek()
			c.edit(in)
			err := a.Registry.CreateInnovator(ctx, officer, in)
			var es seedbed.Errors
			if !errors.As(err, &es) || es[0].Field != c.field {
				t.Errorf("%s: got %v, want an error on %s", c.name, err, c.field)
			}
		}
		if n, _ := a.Store().CountInnovators(ctx); n != 0 {
			t.Fatalf("%d innovators written by invalid creates", n)
		}
	})
}

func TestImportAllOrNothing(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx := context.Background()
		if err := a.Registry.CreateInnovator(ctx, officer, deepseek()); err != nil {
			t.Fatal(err)
		}
		good := func(i int) seedbed.Innovator {
			return seedbed.Innovator{Name: fmt.Sprintf("导入团队%d", i), Kind: seedbed.KindTeam}
		}
		rows := []seedbed.Innovator{good(1), good(2), {Name: "", Kind: seedbed.KindTeam}, good(4),
			{Name: "重复代码公司", Kind: seedbed.KindEnterprise, CreditCode: "91330100799655058B"},
			{Name: "坏代码公司", Kind: seedbed.KindEnterprise, CreditCode: "91110000802100433C"}}
		_, err := a.Registry.ImportInnovators(ctx, officer, rows, nil)
		var es seedbed.Errors
		if !errors.As(err, &es) {
			t.Fatalf("import with bad rows: %v", err)
		}
		lines := map[int]bool{}
		for _, e := range es {
			lines[e.Line] = true
		}
		if !lines[4] || !lines[7] || lines[2] {
			t.Fatalf("bad rows reported on lines %v, want 4 (empty name) and 7 (bad code)", lines)
		}
		if n, _ := a.Store().CountInnovators(ctx); n != 1 {
			t.Fatalf("%d innovators after a refused import, want 1", n)
		}
		// With the invalid rows fixed, the code that is already registered is still refused.
		rows[2].Name, rows[5].CreditCode = "修好的团队", "91110000802100433B"
		_, err = a.Registry.ImportInnovators(ctx, officer, rows, nil)
		if !errors.As(err, &es) || len(es) != 1 || es[0].Line != 6 || es[0].Code != seedbed.ECONFLICT {
			t.Fatalf("import of an already registered code: %v", err)
		}
		rows = append(rows[:4], rows[5])
		n, err := a.Registry.ImportInnovators(ctx, officer, rows, nil)
		if err != nil || n != 5 {
			t.Fatalf("clean import: %d, %v", n, err)
		}
		if n, _ := a.Store().CountInnovators(ctx); n != 6 {
			t.Fatalf("%d innovators after import, want 6", n)
		}
	})
}

// TestImportLeavesPlannerStatistics checks that an import leaves PostgreSQL's planner the
// registry's new size (analyzeAfterBulk): before it, a table filled in one transaction is planned
// as never counted, and at a million innovators the registry's searches read whole tables.
func TestImportLeavesPlannerStatistics(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		if a.Store().Dialect() != sqlstore.Postgres {
			t.Skip("planner statistics are PostgreSQL's")
		}
		ctx := context.Background()
		rows := make([]seedbed.Innovator, 250)
		for i := range rows {
			rows[i] = seedbed.Innovator{Name: fmt.Sprintf("统计团队%d", i), Kind: seedbed.KindTeam}
		}
		if _, err := a.Registry.ImportInnovators(ctx, officer, rows, nil); err != nil {
			t.Fatal(err)
		}
		var tuples float64
		if err := a.Store().QueryRowForTest(ctx, `SELECT reltuples FROM pg_class WHERE oid = 'innovators'::regclass`).Scan(&tuples); err != nil {
			t.Fatal(err)
		}
		if tuples != float64(len(rows)) {
			t.Errorf("the planner counts %v innovators after the import, want %d", tuples, len(rows))
		}
	})
}
