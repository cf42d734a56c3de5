package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"seedbed"
)

const innovatorColumns = `id, name, kind, credit_code, industry, employees, revenue, size_class, innovation_type,
	driver, field, path_tags, region, founded_year, description, contact_name, contact_phone, contact_email,
	version, created_at, updated_at`

// InsertInnovator stores a new innovator, its search text and the creation in its history. A
// credit code another innovator holds is ECONFLICT.
func (tx *Tx) InsertInnovator(ctx context.Context, a seedbed.Actor, in *seedbed.Innovator) error {
	if err := checkCodeFree(ctx, tx, in.CreditCode, 0); err != nil {
		return err
	}
	in.Version, in.CreatedAt, in.UpdatedAt = 1, tx.now, tx.now
	id, err := insertID(ctx, tx, `INSERT INTO innovators (name, kind, credit_code, industry, employees, revenue,
		size_class, innovation_type, driver, field, path_tags, region, founded_year, description, contact_name,
		contact_phone, contact_email, version, created_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20)`,
		in.Name, in.Kind, nullString(in.CreditCode), in.Industry, in.Employees, in.Revenue, in.SizeClass,
		in.InnovationType, in.Driver, in.Field, joinTags(in.PathTags), in.Region, in.FoundedYear, in.Description,
		in.ContactName, in.ContactPhone, in.ContactEmail, in.Version, fmtTime(tx.now), fmtTime(tx.now))
	if err != nil {
		return err
	}
	in.ID = id
	if _, err := tx.ExecContext(ctx, `INSERT INTO innovator_search (id, text) VALUES ($1, $2)`, id, searchText(in)); err != nil {
		return err
	}
	if err := bumpRegistry(ctx, tx); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO innovator_changes (innovator_id, change_kind, field, old_value, new_value, actor, changed_at)
		VALUES ($1, 'create', '*', '', $2, $3, $4)`, id, in.Name, a.Username, fmtTime(tx.now))
	return err
}

// checkCodeFree refuses a credit code that another innovator already holds, naming the holder
// (the unique constraint would say less).
func checkCodeFree(ctx context.Context, tx *Tx, code string, self int64) error {
	if code == "" {
		return nil
	}
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM innovators WHERE credit_code = $1`, code).Scan(&id)
	switch {
	case err == sql.ErrNoRows || (err == nil && id == self):
		return nil
	case err != nil:
		return err
	}
	return &seedbed.Error{Code: seedbed.ECONFLICT, Field: "credit_code",
		Text: seedbed.Label{Zh: "统一社会信用代码 %s 已登记（主体 %d）", En: "credit code %s is already registered (innovator %d)"}, Args: []any{code, id}}
}

// Innovator returns one innovator as the transaction sees it, or ENOTFOUND.
func (tx *Tx) Innovator(ctx context.Context, id int64) (*seedbed.Innovator, error) {
	return getInnovator(ctx, tx.Tx, id)
}

// UpdateInnovator stores in over the row at version, its search text, and the changes in its
// history. A row no longer at version is ECONFLICT (an edit in between), a credit code another
// innovator holds too. in gets the next version.
func (tx *Tx) UpdateInnovator(ctx context.Context, a seedbed.Actor, in *seedbed.Innovator, version int, changes []seedbed.Change) error {
	if err := checkCodeFree(ctx, tx, in.CreditCode, in.ID); err != nil {
		return err
	}
	in.Version, in.UpdatedAt = version+1, tx.now
	res, err := tx.ExecContext(ctx, `UPDATE innovators SET name=$1, kind=$2, credit_code=$3, industry=$4,
		employees=$5, revenue=$6, size_class=$7, innovation_type=$8, driver=$9, field=$10, path_tags=$11,
		region=$12, founded_year=$13, description=$14, contact_name=$15, contact_phone=$16, contact_email=$17,
		version=$18, updated_at=$19 WHERE id=$20 AND version=$21`,
		in.Name, in.Kind, nullString(in.CreditCode), in.Industry, in.Employees, in.Revenue, in.SizeClass,
		in.InnovationType, in.Driver, in.Field, joinTags(in.PathTags), in.Region, in.FoundedYear, in.Description,
		in.ContactName, in.ContactPhone, in.ContactEmail, in.Version, fmtTime(tx.now), in.ID, version)
	if err != nil {
		return classify(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "该记录已被他人修改，请刷新后重试", En: "changed by someone else; reload and try again"})
	}
	if _, err := tx.ExecContext(ctx, `UPDATE innovator_search SET text = $1 WHERE id = $2`, searchText(in), in.ID); err != nil {
		return err
	}
	if err := bumpRegistry(ctx, tx); err != nil {
		return err
	}
	if err := tx.BumpMonitoring(ctx); err != nil { // name, field or size class may be monitoring's
		return err
	}
	for _, c := range changes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO innovator_changes (innovator_id, change_kind, field, old_value, new_value, actor, changed_at)
			VALUES ($1, 'update', $2, $3, $4, $5, $6)`, in.ID, c.Field, c.OldValue, c.NewValue, a.Username, fmtTime(tx.now)); err != nil {
			return err
		}
	}
	return nil
}

// GetInnovator returns one innovator, or ENOTFOUND.
func (s *Store) GetInnovator(ctx context.Context, id int64) (*seedbed.Innovator, error) {
	return getInnovator(ctx, s.read, id)
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func getInnovator(ctx context.Context, q queryer, id int64) (*seedbed.Innovator, error) {
	in, err := scanInnovator(q.QueryRowContext(ctx, `SELECT `+innovatorColumns+` FROM innovators WHERE id = $1`, id))
	if err == sql.ErrNoRows {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "创新主体 %d 不存在", En: "innovator %d not found"}, id)
	}
	return in, err
}

type scanner interface{ Scan(dest ...any) error }

func scanInnovator(row scanner) (*seedbed.Innovator, error) {
	var in seedbed.Innovator
	var code sql.NullString
	var emp sql.NullInt64
	var rev sql.NullFloat64
	var tags, created, updated string
	err := row.Scan(&in.ID, &in.Name, &in.Kind, &code, &in.Industry, &emp, &rev, &in.SizeClass, &in.InnovationType,
		&in.Driver, &in.Field, &tags, &in.Region, &in.FoundedYear, &in.Description, &in.ContactName, &in.ContactPhone,
		&in.ContactEmail, &in.Version, &created, &updated)
	if err != nil {
		return nil, err
	}
	in.CreditCode = code.String
	if emp.Valid {
		in.Employees = &emp.Int64
	}
	if rev.Valid {
		in.Revenue = &rev.Float64
	}
	in.PathTags = splitTags(tags)
	in.CreatedAt, in.UpdatedAt = parseTime(created), parseTime(updated)
	return &in, nil
}

// FindInnovators returns one page of the innovators matching f, and how many match in all. A
// text search or a filter on the registry's columns runs on the in-memory search index (see
// searchIndex), which counts a million rows faster than SQL can; a list of ids alone runs in SQL.
func (s *Store) FindInnovators(ctx context.Context, f seedbed.InnovatorFilter) ([]seedbed.Innovator, int, error) {
	offset, limit := clampPage(f.Offset, f.Limit, 20, 500)
	if strings.TrimSpace(f.Query) != "" || f.IDs == nil {
		return s.searchInnovators(ctx, f, offset, limit)
	}
	w := innovatorFilterWhere(f)
	cond, args := w.sql(), append([]any(nil), w.args...)
	rows, err := s.read.QueryContext(ctx, `SELECT `+innovatorColumns+` FROM innovators`+cond+
		orderBy(f.Order, seedbed.InnovatorSorts, innovatorOrder, "id")+` LIMIT `+w.next(limit)+` OFFSET `+w.next(offset), w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := make([]seedbed.Innovator, 0, limit)
	for rows.Next() {
		in, err := scanInnovator(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *in)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	if (len(out) > 0 || offset == 0) && len(out) < limit {
		return out, offset + len(out), nil
	}
	var total int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM innovators`+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// EachInnovator calls fn for every innovator in id order, streaming (for export).
func (s *Store) EachInnovator(ctx context.Context, fn func(*seedbed.Innovator) error) error {
	rows, err := s.read.QueryContext(ctx, `SELECT `+innovatorColumns+` FROM innovators ORDER BY id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		in, err := scanInnovator(rows)
		if err != nil {
			return err
		}
		if err := fn(in); err != nil {
			return err
		}
	}
	return rows.Err()
}

// CountInnovators returns the number of innovators in the registry.
func (s *Store) CountInnovators(ctx context.Context) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM innovators`).Scan(&n)
	return n, err
}

// InnovatorHistory returns the changes made to an innovator, newest first.
func (s *Store) InnovatorHistory(ctx context.Context, id int64) ([]seedbed.Change, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, innovator_id, change_kind, field, old_value, new_value, actor, changed_at
		FROM innovator_changes WHERE innovator_id = $1 ORDER BY id DESC`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []seedbed.Change
	for rows.Next() {
		var c seedbed.Change
		var at string
		if err := rows.Scan(&c.ID, &c.EntityID, &c.ChangeKind, &c.Field, &c.OldValue, &c.NewValue, &c.Actor, &at); err != nil {
			return nil, err
		}
		c.ChangedAt = parseTime(at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// searchText is what a registry search matches: the name and credit code first, then the
// region, the technical-path tags and the description, so that a two-character term such as
// 人才 or 补贴 finds the innovators whose description mentions it.
func searchText(in *seedbed.Innovator) string {
	return strings.ToLower(in.Name + " " + in.CreditCode + " " + in.Region + " " + strings.Join(in.PathTags, " ") + " " + in.Description)
}

// joinTags stores tags as "|a|b|" so that one tag can be matched with LIKE '%|a|%'.
func joinTags(tags []string) string {
	if len(tags) == 0 {
		return ""
	}
	return "|" + strings.Join(tags, "|") + "|"
}

func splitTags(s string) []string {
	s = strings.Trim(s, "|")
	if s == "" {
		return []string{}
	}
	return strings.Split(s, "|")
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// jsonString encodes v for a detail column.
func jsonString(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
