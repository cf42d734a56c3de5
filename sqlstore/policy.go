package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"seedbed"
	"seedbed/policy"
)

const policyColumns = `id, policy_id, version, file_name, sha256, title_zh, title_en, segment, effective_from,
	effective_to, status, uploaded_by, uploaded_at, published_by, published_at`

// SavePolicyDraft stores pv (checked by the caller) as a draft uploaded by a at the
// transaction's time, with its audit entry. A draft of the same id and version is replaced, so a
// draft may be corrected before it is published; a published version is never touched.
func (tx *Tx) SavePolicyDraft(ctx context.Context, a seedbed.Actor, pv *policy.Version) error {
	pv.Status, pv.UploadedBy, pv.UploadedAt = policy.VersionDraft, a.Username, tx.now
	var rowID int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM policy_versions WHERE policy_id = $1 AND version = $2 AND status = 'draft'`,
		pv.PolicyID, pv.Version).Scan(&rowID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		rowID, err = insertID(ctx, tx, `INSERT INTO policy_versions (policy_id, version, file_name, source, sha256, title_zh,
			title_en, segment, effective_from, effective_to, status, uploaded_by, uploaded_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'draft', $11, $12)`,
			pv.PolicyID, pv.Version, pv.File, pv.Source, pv.SHA256, pv.Title.Zh, pv.Title.En, pv.Segment,
			pv.EffectiveFrom, pv.EffectiveTo, pv.UploadedBy, fmtTime(pv.UploadedAt))
		if err != nil {
			return err
		}
	case err != nil:
		return err
	default:
		if _, err := tx.ExecContext(ctx, `UPDATE policy_versions SET file_name = $1, source = $2, sha256 = $3, title_zh = $4,
			title_en = $5, segment = $6, effective_from = $7, effective_to = $8, uploaded_by = $9, uploaded_at = $10
			WHERE id = $11 AND status = 'draft'`, pv.File, pv.Source, pv.SHA256, pv.Title.Zh, pv.Title.En, pv.Segment,
			pv.EffectiveFrom, pv.EffectiveTo, pv.UploadedBy, fmtTime(pv.UploadedAt), rowID); err != nil {
			return err
		}
	}
	return audit(ctx, tx, a, "policy.upload", "policy_version", rowID, fmt.Sprintf("%s v%d sha256:%s", pv.PolicyID, pv.Version, pv.SHA256))
}

// LockPolicyLibrary moves the library version on (see PolicyLibraryVersion) and holds its row
// until tx ends, so that publications run one at a time: two concurrent ones cannot both pass
// a clash check. Take it first in a transaction that changes the published library.
func (tx *Tx) LockPolicyLibrary(ctx context.Context) error {
	_, err := tx.ExecContext(ctx, `UPDATE policy_library_version SET version = version + 1 WHERE id = 1`)
	return err
}

// MarkPolicyPublished turns the draft pv into a published version by a at the transaction's
// time, with its audit entry, and updates pv. A draft that is no longer there (published or
// replaced meanwhile) is a conflict.
func (tx *Tx) MarkPolicyPublished(ctx context.Context, a seedbed.Actor, pv *policy.Version) error {
	var rowID int64
	err := tx.QueryRowContext(ctx, `UPDATE policy_versions SET status = 'published', published_by = $1, published_at = $2
		WHERE policy_id = $3 AND version = $4 AND status = 'draft' RETURNING id`,
		a.Username, fmtTime(tx.now), pv.PolicyID, pv.Version).Scan(&rowID)
	if errors.Is(err, sql.ErrNoRows) {
		return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "该草稿已被他人发布或修改，请刷新", En: "the draft was published or changed meanwhile; reload"})
	}
	if err != nil {
		return err
	}
	now := tx.now
	pv.Status, pv.PublishedBy, pv.PublishedAt = policy.VersionPublished, a.Username, &now
	return audit(ctx, tx, a, "policy.publish", "policy_version", rowID, fmt.Sprintf("%s v%d sha256:%s", pv.PolicyID, pv.Version, pv.SHA256))
}

// EndPolicyVersion ends a published open-ended version on the day end (YYYY-MM-DD), when a new
// version succeeds it; false when it was not open-ended and published any more.
func (tx *Tx) EndPolicyVersion(ctx context.Context, id string, version int, end string) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE policy_versions SET effective_to = $1 WHERE policy_id = $2 AND version = $3
		AND status = 'published' AND effective_to = ''`, end, id, version)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// EachPublishedPolicyVersion calls fn with the file name and source of every published version
// of one policy, in version order.
func (tx *Tx) EachPublishedPolicyVersion(ctx context.Context, id string, fn func(file, src string) error) error {
	rows, err := tx.QueryContext(ctx, `SELECT file_name, source FROM policy_versions WHERE policy_id = $1 AND status = 'published'
		ORDER BY version`, id)
	if err != nil {
		return err
	}
	return eachSource(rows, fn)
}

// eachSource calls fn for every (file_name, source) row, after reading them all, so that fn may
// query the same connection.
func eachSource(rows *sql.Rows, fn func(file, src string) error) error {
	defer rows.Close()
	type file struct{ name, src string }
	var files []file
	for rows.Next() {
		var f file
		if err := rows.Scan(&f.name, &f.src); err != nil {
			return err
		}
		files = append(files, f)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	for _, f := range files {
		if err := fn(f.name, f.src); err != nil {
			return err
		}
	}
	return nil
}

// PolicyVersions lists policy versions without their source, by policy id and effective date.
func (s *Store) PolicyVersions(ctx context.Context, f policy.VersionFilter) ([]policy.Version, error) {
	var w where
	if f.PolicyID != "" {
		w.add("policy_id = ?", f.PolicyID)
	}
	if f.Status != "" {
		w.add("status = ?", f.Status)
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+policyColumns+` FROM policy_versions`+w.sql()+
		` ORDER BY policy_id, effective_from, version`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []policy.Version{}
	for rows.Next() {
		var rowID int64
		pv, err := scanPolicyVersion(rows, &rowID)
		if err != nil {
			return nil, err
		}
		out = append(out, *pv)
	}
	return out, rows.Err()
}

// GetPolicyVersion returns one version with its source, or ENOTFOUND.
func (s *Store) GetPolicyVersion(ctx context.Context, id string, version int) (*policy.Version, error) {
	return getPolicyVersion(ctx, s.read, id, version)
}

// GetPolicyVersion is Store.GetPolicyVersion inside tx.
func (tx *Tx) GetPolicyVersion(ctx context.Context, id string, version int) (*policy.Version, error) {
	return getPolicyVersion(ctx, tx, id, version)
}

func getPolicyVersion(ctx context.Context, q queryer, id string, version int) (*policy.Version, error) {
	var src string
	var rowID int64
	pv, err := scanPolicyVersion(q.QueryRowContext(ctx, `SELECT `+policyColumns+`, source FROM policy_versions
		WHERE policy_id = $1 AND version = $2`, id, version), &rowID, &src)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "政策 %s 第 %d 版不存在", En: "policy %s version %d not found"}, id, version)
	}
	if err != nil {
		return nil, err
	}
	pv.Source = src
	return pv, nil
}

// scanPolicyVersion reads one row of policyColumns (and extra), with the row's id into rowID.
func scanPolicyVersion(row scanner, rowID *int64, extra ...any) (*policy.Version, error) {
	var pv policy.Version
	var uploaded, published string
	dest := append([]any{rowID, &pv.PolicyID, &pv.Version, &pv.File, &pv.SHA256, &pv.Title.Zh, &pv.Title.En, &pv.Segment,
		&pv.EffectiveFrom, &pv.EffectiveTo, &pv.Status, &pv.UploadedBy, &uploaded, &pv.PublishedBy, &published}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	pv.UploadedAt = parseTime(uploaded)
	if published != "" {
		t := parseTime(published)
		pv.PublishedAt = &t
	}
	return &pv, nil
}
