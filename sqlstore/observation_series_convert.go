package sqlstore

import (
	"context"
	"fmt"

	"seedbed/evaluation"
)

// convertSeries rewrites, once, the packed series of a database that stored them with float64
// values: migration 00027 moved them to observation_series_f64; each row is converted to the
// current format (seriesFormat) into observation_series, and the old table is dropped, in one
// transaction. A value converts to the float32 the panel already held, so no answer changes.
func (s *Store) convertSeries(ctx context.Context) error {
	const old = "observation_series_f64"
	if have, err := s.tableExists(ctx, s.write, old); err != nil || !have {
		return err
	}
	return s.InBulkTx(ctx, func(tx *Tx) error {
		if have, err := s.tableExists(ctx, tx, old); err != nil || !have {
			return err // another server converted them meanwhile
		}
		up, err := tx.PrepareContext(ctx, `INSERT INTO observation_series (innovator_id, first_period, last_period, data) VALUES ($1, $2, $3, $4)`)
		if err != nil {
			return err
		}
		defer up.Close()
		// A range of innovators at a time: the rows are read before they are written, since
		// PostgreSQL's driver cannot write while a query on the same connection is open.
		type converted struct {
			id     int64
			lo, hi evaluation.Quarter
			data   []byte
		}
		var part []converted
		for after := int64(0); ; after = part[len(part)-1].id {
			part = part[:0]
			if err := eachRow(ctx, tx, `SELECT innovator_id, data FROM `+old+` WHERE innovator_id > $1 ORDER BY innovator_id LIMIT 2000`,
				[]any{after}, func(sc scanner) error {
					var id int64
					var b []byte
					if err := sc.Scan(&id, &b); err != nil {
						return err
					}
					series, ok := decodeSeries(b)
					if !ok {
						return fmt.Errorf("the stored series of innovator %d cannot be read", id)
					}
					if data, lo, hi, ok := series.encode(); ok {
						part = append(part, converted{id, lo, hi, data})
					} else {
						part = append(part, converted{id: id}) // no value left: not written
					}
					return nil
				}); err != nil {
				return err
			}
			if len(part) == 0 {
				break
			}
			for _, c := range part {
				if c.data == nil {
					continue
				}
				if _, err := up.ExecContext(ctx, c.id, int64(c.lo), int64(c.hi), c.data); err != nil {
					return err
				}
			}
		}
		_, err = tx.ExecContext(ctx, `DROP TABLE `+old)
		return err
	})
}

// tableExists reports whether the store's schema holds a table of that name.
func (s *Store) tableExists(ctx context.Context, q queryer, name string) (bool, error) {
	query := `SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $1)`
	if s.dialect == Postgres {
		query = `SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1)`
	}
	var have bool
	err := q.QueryRowContext(ctx, query, name).Scan(&have)
	return have, err
}
