package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"slices"

	"seedbed"
)

// Procedure returns one published procedure version inside tx, or ENOTFOUND.
func (tx *Tx) Procedure(ctx context.Context, id string, version int) (*seedbed.ProcedureInfo, error) {
	return getProcedure(ctx, tx, id, version)
}

// InsertProcedure writes a published procedure version; p.PublishedAt is set to now.
func (tx *Tx) InsertProcedure(ctx context.Context, p *seedbed.ProcedureInfo) error {
	p.PublishedAt = tx.now
	_, err := tx.ExecContext(ctx, `INSERT INTO procedures (id, version, title, effective_from, effective_to, source, sha256, published_at, published_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, p.ID, p.Version, jsonString(p.Title), p.EffectiveFrom, p.EffectiveTo,
		p.Source, p.SHA256, fmtTime(tx.now), p.PublishedBy)
	return classify(err)
}

const procedureColumns = `id, version, title, effective_from, effective_to, sha256, published_at, published_by, source`

func scanProcedure(row scanner) (*seedbed.ProcedureInfo, error) {
	var p seedbed.ProcedureInfo
	var title, at string
	if err := row.Scan(&p.ID, &p.Version, &title, &p.EffectiveFrom, &p.EffectiveTo, &p.SHA256, &at, &p.PublishedBy, &p.Source); err != nil {
		return nil, err
	}
	json.Unmarshal([]byte(title), &p.Title)
	p.PublishedAt = parseTime(at)
	return &p, nil
}

func getProcedure(ctx context.Context, q queryer, id string, version int) (*seedbed.ProcedureInfo, error) {
	p, err := scanProcedure(q.QueryRowContext(ctx, `SELECT `+procedureColumns+` FROM procedures WHERE id = $1 AND version = $2`, id, version))
	if err == sql.ErrNoRows {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "程序 %s 第 %d 版不存在", En: "procedure %s version %d not found"}, id, version)
	}
	return p, err
}

// GetProcedure returns one published procedure version with its source, or ENOTFOUND.
func (s *Store) GetProcedure(ctx context.Context, id string, version int) (*seedbed.ProcedureInfo, error) {
	return getProcedure(ctx, s.read, id, version)
}

// FindProcedures returns every published procedure version (without sources), by id and version.
func (s *Store) FindProcedures(ctx context.Context) ([]seedbed.ProcedureInfo, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+procedureColumns+` FROM procedures ORDER BY id, version`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []seedbed.ProcedureInfo{}
	for rows.Next() {
		p, err := scanProcedure(rows)
		if err != nil {
			return nil, err
		}
		p.Source = ""
		out = append(out, *p)
	}
	return out, rows.Err()
}

// ProcedureRecords returns a program's procedure records (collective decisions, public
// notices, declarations of interest) in the order they were made.
func (s *Store) ProcedureRecords(ctx context.Context, programID int64) ([]seedbed.Event, error) {
	var out []seedbed.Event
	for _, kind := range []string{seedbed.EventCollectiveDecision, seedbed.EventPublicNotice, seedbed.EventInterestDeclaration} {
		evs, err := s.FindEvents(ctx, seedbed.EventFilter{Subject: programSubject(programID), Kind: kind})
		if err != nil {
			return nil, err
		}
		out = append(out, evs...)
	}
	slices.SortFunc(out, func(a, b seedbed.Event) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}
