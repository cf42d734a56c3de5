package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"seedbed"
)

// InsertInnovators stores checked rows of an import with their search texts and history. Rows
// whose credit code is already registered are all reported, each with its line (lines as for
// seedbed.ImportLine), and then nothing is written.
func (tx *Tx) InsertInnovators(ctx context.Context, a seedbed.Actor, ins []seedbed.Innovator, lines []int) error {
	return tx.InsertInnovatorsReporting(ctx, a, ins, lines, nil)
}

// InsertInnovatorsReporting is InsertInnovators calling stored, when not nil, with the number of
// rows written so far: every importBlock rows and once when all are written (before the commit).
func (tx *Tx) InsertInnovatorsReporting(ctx context.Context, a seedbed.Actor, ins []seedbed.Innovator, lines []int, stored func(n int)) error {
	if err := checkExistingCodes(ctx, tx, ins, func(i int) int { return seedbed.ImportLine(lines, i) }); err != nil {
		return err
	}
	if err := insertInnovators(ctx, tx, a, ins, stored); err != nil {
		return err
	}
	return bumpRegistry(ctx, tx)
}

// checkExistingCodes reports every row whose credit code is already in the registry.
func checkExistingCodes(ctx context.Context, tx *Tx, ins []seedbed.Innovator, lineOf func(int) int) error {
	var es seedbed.Errors
	const chunk = 500
	for start := 0; start < len(ins); start += chunk {
		end := min(start+chunk, len(ins))
		var w where
		idx := map[string]int{}
		var codes []string
		for i := start; i < end; i++ {
			if c := ins[i].CreditCode; c != "" {
				idx[c] = i
				codes = append(codes, c)
			}
		}
		if len(codes) == 0 {
			continue
		}
		ph := make([]string, len(codes))
		for i, c := range codes {
			ph[i] = w.next(c)
		}
		rows, err := tx.QueryContext(ctx, `SELECT credit_code, id FROM innovators WHERE credit_code IN (`+strings.Join(ph, ",")+`)`, w.args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var code string
			var id int64
			if err := rows.Scan(&code, &id); err != nil {
				rows.Close()
				return err
			}
			es = append(es, &seedbed.Error{Code: seedbed.ECONFLICT, Field: "credit_code", Line: lineOf(idx[code]),
				Text: seedbed.Label{Zh: "统一社会信用代码 %s 已登记（主体 %d）", En: "credit code %s is already registered (innovator %d)"}, Args: []any{code, id}})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	if len(es) > 0 {
		return es
	}
	return nil
}

// Rows of an import go in by blocks of importBlock: first the block's innovators, then their
// search texts, then their history rows, each table several rows to a statement. The block is a
// multiple of every statement's row count, so that only the last block writes a shorter
// statement, and a search text or history row never goes in before its innovator.
const importBlock = 1024

// Rows per statement on SQLite, whose statements here bind anonymous parameters (see
// rowInserter.statement); PostgreSQL takes insertChunk's 256 for every table.
//
// The innovators go in one to a statement on SQLite: an INSERT of several rows is a multi-row
// write to SQLite, and for each row it writes into a table that other tables refer to
// (innovators has a dozen such foreign keys) it searches every referring table for rows that
// point at it — a full scan of each such table whose column has no index — and it keeps a
// statement journal. One row to a statement skips both; measured on 100,000 rows, 32 to a
// statement saved under a tenth of the CPU on an empty region, before those searches grow
// with the region.
const (
	importInnovatorRows = 1
	importSearchRows    = 128
	importHistoryRows   = 64
)

// insertInnovators writes validated rows inside tx. The ids are taken ahead (nextInnovatorIDs),
// in the rows' order, as one row at a time would get them.
func insertInnovators(ctx context.Context, tx *Tx, a seedbed.Actor, ins []seedbed.Innovator, stored func(n int)) error {
	if len(ins) == 0 {
		return nil
	}
	ids, err := nextInnovatorIDs(ctx, tx, len(ins))
	if err != nil {
		return err
	}
	rows := func(n int) int {
		if tx.dialect == Postgres {
			return insertChunk(tx.dialect)
		}
		return n
	}
	innov := newRowInserterChunk(tx, `INSERT INTO innovators (id, name, kind, credit_code, industry, employees, revenue,
		size_class, innovation_type, driver, field, path_tags, region, founded_year, description, contact_name,
		contact_phone, contact_email, version, created_at, updated_at)`, 21, rows(importInnovatorRows))
	search := newRowInserterChunk(tx, `INSERT INTO innovator_search (id, text)`, 2, rows(importSearchRows))
	hist := newRowInserterChunk(tx, `INSERT INTO innovator_changes (innovator_id, change_kind, field, old_value, new_value, actor, changed_at)`, 7, rows(importHistoryRows))
	defer innov.close()
	defer search.close()
	defer hist.close()
	now := fmtTime(tx.now)
	for start := 0; start < len(ins); start += importBlock {
		end := min(start+importBlock, len(ins))
		for i := start; i < end; i++ {
			in := &ins[i]
			in.ID, in.Version, in.CreatedAt, in.UpdatedAt = ids[i], 1, tx.now, tx.now
			if err := innov.add(ctx, in.ID, in.Name, in.Kind, nullString(in.CreditCode), in.Industry, in.Employees,
				in.Revenue, in.SizeClass, in.InnovationType, in.Driver, in.Field, joinTags(in.PathTags), in.Region,
				in.FoundedYear, in.Description, in.ContactName, in.ContactPhone, in.ContactEmail, int64(1), now, now); err != nil {
				return classify(err)
			}
		}
		if err := innov.writeQueued(ctx); err != nil {
			return classify(err)
		}
		for i := start; i < end; i++ {
			if err := search.add(ctx, ins[i].ID, searchText(&ins[i])); err != nil {
				return err
			}
		}
		if err := search.writeQueued(ctx); err != nil {
			return err
		}
		for i := start; i < end; i++ {
			if err := hist.add(ctx, ins[i].ID, "create", "*", "", ins[i].Name, a.Username, now); err != nil {
				return err
			}
		}
		if err := hist.writeQueued(ctx); err != nil {
			return err
		}
		if stored != nil {
			stored(end)
		}
	}
	return nil
}

// nextInnovatorIDs takes n innovator ids ahead, in ascending order: on SQLite the n after the
// largest id ever given (the table's AUTOINCREMENT sequence, or its largest id), which the
// transaction's write lock keeps for it; on PostgreSQL n values of the id column's sequence.
func nextInnovatorIDs(ctx context.Context, tx *Tx, n int) ([]int64, error) {
	ids := make([]int64, 0, n)
	if tx.dialect == Postgres {
		rows, err := tx.QueryContext(ctx, `SELECT nextval(pg_get_serial_sequence('innovators', 'id')) FROM generate_series(1, $1)`, n)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return nil, err
			}
			ids = append(ids, id)
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if len(ids) != n {
			return nil, fmt.Errorf("innovator ids: %d of %d", len(ids), n)
		}
		slices.Sort(ids)
		return ids, nil
	}
	var last int64
	if err := tx.QueryRowContext(ctx, `SELECT MAX(x) FROM (SELECT COALESCE(MAX(id), 0) AS x FROM innovators
		UNION ALL SELECT seq FROM sqlite_sequence WHERE name = 'innovators')`).Scan(&last); err != nil {
		return nil, err
	}
	for i := range n {
		ids = append(ids, last+1+int64(i))
	}
	return ids, nil
}
