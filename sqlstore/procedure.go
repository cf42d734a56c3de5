package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"

	"seedbed"
	"seedbed/exemption"
	"seedbed/procedures"
)

// PublishProcedure publishes a version of a standard decision procedure: the document is
// parsed strictly, stored, and its whole text recorded in the ledger, so that an exemption
// case can prove which version was in force. Publishing the same text again changes nothing;
// a different text under a published id and version is refused with ECONFLICT (write a new
// version instead). A bad document is refused with EINVALID errors naming line and column.
func (s *Store) PublishProcedure(ctx context.Context, a seedbed.Actor, src []byte) (*seedbed.ProcedureInfo, bool, error) {
	p, err := exemption.Parse(src)
	if err != nil {
		return nil, false, err
	}
	var info *seedbed.ProcedureInfo
	published := false
	err = s.inTx(ctx, func(tx *Tx) error {
		old, err := getProcedure(ctx, tx, p.ID, p.Version)
		switch {
		case err == nil && old.SHA256 == p.SHA256():
			info = old
			return nil
		case err == nil:
			return seedbed.Errorf(seedbed.ECONFLICT, "程序 %s 第 %d 版已以不同的文本发布，已发布的版本不能修改：请发布新版本 / procedure %s version %d was published with another text; published versions never change: publish a new version",
				p.ID, p.Version, p.ID, p.Version)
		case seedbed.ErrorCode(err) != seedbed.ENOTFOUND:
			return err
		}
		info = &seedbed.ProcedureInfo{ID: p.ID, Version: p.Version, Title: p.Title, EffectiveFrom: p.EffectiveFrom.Format(seedbed.DateLayout),
			SHA256: p.SHA256(), PublishedAt: tx.now, PublishedBy: a.Username, Source: string(src)}
		if !p.EffectiveTo.IsZero() {
			info.EffectiveTo = p.EffectiveTo.Format(seedbed.DateLayout)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO procedures (id, version, title, effective_from, effective_to, source, sha256, published_at, published_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, info.ID, info.Version, jsonString(info.Title), info.EffectiveFrom, info.EffectiveTo,
			info.Source, info.SHA256, fmtTime(tx.now), a.Username); err != nil {
			return classify(err)
		}
		if _, err := recordEvent(ctx, tx, a, seedbed.EventProcedurePublished, "procedure:"+p.ID, map[string]any{
			"id": p.ID, "version": p.Version, "sha256": info.SHA256, "effective_from": info.EffectiveFrom, "effective_to": info.EffectiveTo,
			"source": info.Source}); err != nil {
			return err
		}
		published = true
		return audit(ctx, tx, a, "procedure.publish", "procedure", 0, fmt.Sprintf("%s v%d", p.ID, p.Version))
	})
	return info, published, err
}

// PublishStandardProcedures publishes every embedded standard procedure not yet published
// and returns how many were new. Run it at start-up, before any decision is taken.
func (s *Store) PublishStandardProcedures(ctx context.Context) (int, error) {
	names, err := fs.Glob(procedures.FS, "*.yaml")
	if err != nil {
		return 0, err
	}
	n := 0
	for _, name := range names {
		src, err := fs.ReadFile(procedures.FS, name)
		if err != nil {
			return n, err
		}
		_, published, err := s.PublishProcedure(ctx, seedbed.System, src)
		if err != nil {
			return n, fmt.Errorf("%s: %w", name, err)
		}
		if published {
			n++
		}
	}
	return n, nil
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
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, "程序 %s 第 %d 版不存在 / procedure %s version %d not found", id, version, id, version)
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

// RecordCollectiveDecision records the meeting that decided a program's funding list; it is
// a decision event of the program, ledgered like every other.
func (s *Store) RecordCollectiveDecision(ctx context.Context, a seedbed.Actor, d seedbed.CollectiveDecision) (*seedbed.Event, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return s.recordProcedureStep(ctx, a, d.ProgramID, seedbed.EventCollectiveDecision, d)
}

// RecordPublicNotice records a funding list's public notice period and its objections.
func (s *Store) RecordPublicNotice(ctx context.Context, a seedbed.Actor, n seedbed.PublicNotice) (*seedbed.Event, error) {
	if err := n.Validate(); err != nil {
		return nil, err
	}
	return s.recordProcedureStep(ctx, a, n.ProgramID, seedbed.EventPublicNotice, n)
}

// DeclareInterest records the acting official's declaration of interests in a program's
// applicants (a decision by them, for them).
func (s *Store) DeclareInterest(ctx context.Context, a seedbed.Actor, d seedbed.InterestDeclaration) (*seedbed.Event, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return s.recordProcedureStep(ctx, a, d.ProgramID, seedbed.EventInterestDeclaration, d)
}

// recordProcedureStep writes a procedure record about a program that exists and is past its
// draft, with its audit entry, in one transaction.
func (s *Store) recordProcedureStep(ctx context.Context, a seedbed.Actor, programID int64, kind string, payload any) (*seedbed.Event, error) {
	var ev *seedbed.Event
	err := s.decide(ctx, a, "procedure."+kind, "program", programID, func(tx *Tx) error {
		p, err := getProgram(ctx, tx, programID)
		if err != nil {
			if seedbed.ErrorCode(err) == seedbed.ENOTFOUND {
				return seedbed.FieldError("program_id", "计划 %d 不存在 / program %d not found", programID, programID)
			}
			return err
		}
		if p.State == seedbed.ProgramDraft {
			return seedbed.Errorf(seedbed.ECONFLICT, "计划尚未发布 / the program has not been published")
		}
		if ev, err = recordEvent(ctx, tx, a, kind, programSubject(programID), payload); err != nil {
			return err
		}
		return audit(ctx, tx, a, "procedure."+kind, "program", programID, "")
	})
	return ev, err
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
