package sqlstore

import (
	"context"

	"strings"

	"seedbed"
)

// InsertInnovators stores checked rows of an import with their search texts and history. Rows
// whose credit code is already registered are all reported, each with its line (lines as for
// seedbed.ImportLine), and then nothing is written.
func (tx *Tx) InsertInnovators(ctx context.Context, a seedbed.Actor, ins []seedbed.Innovator, lines []int) error {
	if err := checkExistingCodes(ctx, tx, ins, func(i int) int { return seedbed.ImportLine(lines, i) }); err != nil {
		return err
	}
	if err := insertInnovators(ctx, tx, a, ins); err != nil {
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

// insertInnovators writes validated rows with prepared statements inside tx.
func insertInnovators(ctx context.Context, tx *Tx, a seedbed.Actor, ins []seedbed.Innovator) error {
	ins1, err := tx.PrepareContext(ctx, `INSERT INTO innovators (name, kind, credit_code, industry, employees, revenue,
		size_class, innovation_type, driver, field, path_tags, region, founded_year, description, contact_name,
		contact_phone, contact_email, version, created_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,1,$18,$18) RETURNING id`)
	if err != nil {
		return err
	}
	defer ins1.Close()
	search := newRowInserter(tx, `INSERT INTO innovator_search (id, text)`, 2)
	hist := newRowInserter(tx, `INSERT INTO innovator_changes (innovator_id, change_kind, field, old_value, new_value, actor, changed_at)`, 7)
	now := fmtTime(tx.now)
	for i := range ins {
		in := &ins[i]
		in.Version, in.CreatedAt, in.UpdatedAt = 1, tx.now, tx.now
		if err := ins1.QueryRowContext(ctx, in.Name, in.Kind, nullString(in.CreditCode), in.Industry, in.Employees,
			in.Revenue, in.SizeClass, in.InnovationType, in.Driver, in.Field, joinTags(in.PathTags), in.Region,
			in.FoundedYear, in.Description, in.ContactName, in.ContactPhone, in.ContactEmail, now).Scan(&in.ID); err != nil {
			return classify(err)
		}
		if err := search.add(ctx, in.ID, searchText(in)); err != nil {
			return err
		}
		if err := hist.add(ctx, in.ID, "create", "*", "", in.Name, a.Username, now); err != nil {
			return err
		}
	}
	if err := search.flush(ctx); err != nil {
		return err
	}
	return hist.flush(ctx)
}
