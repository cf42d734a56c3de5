package sqlstore

import (
	"context"
	"database/sql"

	"seedbed"
)

// segmentColumns are the innovator fields a policy may read: contact details never are.
const segmentColumns = `id, name, kind, credit_code, industry, employees, revenue, size_class, innovation_type,
	driver, field, path_tags, region, founded_year, description`

// EachSegmentInnovator streams every innovator matching f (its kind, size, type, driver, field,
// region and id filters; a text query is not supported here) in id order, with only the fields
// a policy may read, to fn. The innovator fn is given is reused for the next row: fn copies
// what it keeps.
func (s *Store) EachSegmentInnovator(ctx context.Context, f seedbed.InnovatorFilter, fn func(*seedbed.Innovator) error) error {
	w := innovatorFilterWhere(f)
	rows, err := s.read.QueryContext(ctx, `SELECT `+segmentColumns+` FROM innovators`+w.sql()+` ORDER BY id`, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var in seedbed.Innovator
	var code sql.NullString
	var emp sql.NullInt64
	var rev sql.NullFloat64
	var tags string
	for rows.Next() {
		in = seedbed.Innovator{}
		if err := rows.Scan(&in.ID, &in.Name, &in.Kind, &code, &in.Industry, &emp, &rev, &in.SizeClass, &in.InnovationType,
			&in.Driver, &in.Field, &tags, &in.Region, &in.FoundedYear, &in.Description); err != nil {
			return err
		}
		in.CreditCode = code.String
		if emp.Valid {
			in.Employees = &emp.Int64
		}
		if rev.Valid {
			in.Revenue = &rev.Float64
		}
		in.PathTags = splitTags(tags)
		if err := fn(&in); err != nil {
			return err
		}
	}
	return rows.Err()
}
