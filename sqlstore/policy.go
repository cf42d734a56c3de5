package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"

	"seedbed"
	"seedbed/policy"
)

const policyColumns = `id, policy_id, version, file_name, sha256, title_zh, title_en, segment, effective_from,
	effective_to, status, uploaded_by, uploaded_at, published_by, published_at`

// UploadPolicy checks a policy file — syntax, types, costs, its embedded tests, and clashes
// with the published versions of the same policy — and stores it as a draft. A draft of the
// same id and version is replaced; a published one never is. Problems come back as
// seedbed.Errors with the file as the field and the line and column of each, and nothing is
// stored.
//
// An upload without a file name (pasted text) is checked as policy.yaml and stored as
// <id>-v<version>.yaml.
func (s *Store) UploadPolicy(ctx context.Context, a seedbed.Actor, file string, src []byte) (*policy.Version, error) {
	named := strings.TrimSpace(file) != ""
	file = policyFileName(file)
	if err := checkPolicySource(file, src); err != nil {
		return nil, err
	}
	c, err := policy.Load(file, src)
	if err != nil {
		return nil, policyError(err)
	}
	doc := c.Document()
	if doc.ID == reservedPolicyID {
		return nil, &seedbed.Error{Code: seedbed.EINVALID, Field: file, Line: keyLine(src, "id"), Column: 1,
			Message: "政策编号 new 已保留，请换一个 / the policy id new is reserved; choose another"}
	}
	if !named {
		file = fmt.Sprintf("%s-v%d.yaml", doc.ID, doc.Version)
	}
	pv := &policy.Version{PolicyID: doc.ID, Version: doc.Version, File: file, Title: doc.Title, Segment: doc.Segment,
		EffectiveFrom: doc.EffectiveFrom.String(), EffectiveTo: doc.EffectiveTo.String(), Status: policy.VersionDraft,
		SHA256: sourceDigest(src), Source: string(src), UploadedBy: a.Username}
	err = s.inTx(ctx, func(tx *Tx) error {
		lib, err := publishedVersions(ctx, tx, doc.ID)
		if err != nil {
			return err
		}
		if err := lib.Conflicts(c); err != nil {
			return policyError(err)
		}
		pv.UploadedAt = tx.now
		var rowID int64
		err = tx.QueryRowContext(ctx, `SELECT id FROM policy_versions WHERE policy_id = $1 AND version = $2 AND status = 'draft'`,
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
		default: // a draft may be corrected before it is published
			if _, err := tx.ExecContext(ctx, `UPDATE policy_versions SET file_name = $1, source = $2, sha256 = $3, title_zh = $4,
				title_en = $5, segment = $6, effective_from = $7, effective_to = $8, uploaded_by = $9, uploaded_at = $10
				WHERE id = $11 AND status = 'draft'`, pv.File, pv.Source, pv.SHA256, pv.Title.Zh, pv.Title.En, pv.Segment,
				pv.EffectiveFrom, pv.EffectiveTo, pv.UploadedBy, fmtTime(pv.UploadedAt), rowID); err != nil {
				return err
			}
		}
		return audit(ctx, tx, a, "policy.upload", "policy_version", rowID, fmt.Sprintf("%s v%d sha256:%s", pv.PolicyID, pv.Version, pv.SHA256))
	})
	if err != nil {
		return nil, err
	}
	return pv, nil
}

// PublishPolicy makes a draft part of the library. Inside one transaction it runs the checks
// and tests again on the stored source, checks the effective dates against every published
// version of the policy, marks the version published and records a policy.published decision
// event. A published version is never changed afterwards.
func (s *Store) PublishPolicy(ctx context.Context, a seedbed.Actor, id string, version int) (*policy.Version, error) {
	var pv *policy.Version
	err := s.inTx(ctx, func(tx *Tx) error {
		// Taking the library's row lock first serialises publications, so two concurrent ones
		// cannot both pass the overlap check.
		if _, err := tx.ExecContext(ctx, `UPDATE policy_library_version SET version = version + 1 WHERE id = 1`); err != nil {
			return err
		}
		var rowID int64
		var err error
		pv, rowID, err = getPolicyVersion(ctx, tx, id, version)
		if err != nil {
			return err
		}
		if pv.Status == policy.VersionPublished {
			return seedbed.Errorf(seedbed.ECONFLICT, "政策 %s 第 %d 版已发布，已发布的版本不可更改 / version %d of %s is already published and cannot change",
				id, version, version, id)
		}
		if sourceDigest([]byte(pv.Source)) != pv.SHA256 {
			return fmt.Errorf("policy %s v%d: stored source does not match its sha256", id, version)
		}
		c, err := policy.Load(pv.File, []byte(pv.Source))
		if err != nil {
			return policyError(err)
		}
		lib, err := publishedVersions(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := lib.Conflicts(c); err != nil {
			return policyError(err)
		}
		res, err := tx.ExecContext(ctx, `UPDATE policy_versions SET status = 'published', published_by = $1, published_at = $2
			WHERE policy_id = $3 AND version = $4 AND status = 'draft'`, a.Username, fmtTime(tx.now), id, version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return seedbed.Errorf(seedbed.ECONFLICT, "该草稿已被他人发布或修改，请刷新 / the draft was published or changed meanwhile; reload")
		}
		now := tx.now
		pv.Status, pv.PublishedBy, pv.PublishedAt = policy.VersionPublished, a.Username, &now
		if _, err := recordEvent(ctx, tx, a, "policy.published", "policy:"+id, map[string]any{
			"policy_id": id, "version": version, "sha256": pv.SHA256, "file": pv.File,
			"effective_from": pv.EffectiveFrom, "effective_to": pv.EffectiveTo, "tests": len(c.Document().Tests),
		}); err != nil {
			return err
		}
		return audit(ctx, tx, a, "policy.publish", "policy_version", rowID, fmt.Sprintf("%s v%d sha256:%s", id, version, pv.SHA256))
	})
	if err != nil {
		return nil, err
	}
	return pv, nil
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
	pv, _, err := getPolicyVersion(ctx, s.read, id, version)
	return pv, err
}

// getPolicyVersion reads one version with its source, and its row id for audit entries.
func getPolicyVersion(ctx context.Context, q queryer, id string, version int) (*policy.Version, int64, error) {
	var src string
	var rowID int64
	pv, err := scanPolicyVersion(q.QueryRowContext(ctx, `SELECT `+policyColumns+`, source FROM policy_versions
		WHERE policy_id = $1 AND version = $2`, id, version), &rowID, &src)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, seedbed.Errorf(seedbed.ENOTFOUND, "政策 %s 第 %d 版不存在 / policy %s version %d not found", id, version, id, version)
	}
	if err != nil {
		return nil, 0, err
	}
	pv.Source = src
	return pv, rowID, nil
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

// publishedVersions compiles the published versions of one policy inside tx, for the clash
// checks of an upload or a publication.
func publishedVersions(ctx context.Context, tx *Tx, id string) (*policy.Library, error) {
	rows, err := tx.QueryContext(ctx, `SELECT file_name, source FROM policy_versions WHERE policy_id = $1 AND status = 'published'`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type file struct{ name, src string }
	var files []file
	for rows.Next() {
		var f file
		if err := rows.Scan(&f.name, &f.src); err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	lib := policy.NewLibrary()
	for _, f := range files {
		if err := addCompiled(lib, f.name, f.src); err != nil {
			return nil, err
		}
	}
	return lib, nil
}

// addCompiled compiles a published source and adds it to lib. A published version that no
// longer compiles is an internal error, never skipped: a policy must not silently vanish.
func addCompiled(lib *policy.Library, file, src string) error {
	c, err := policy.Check(file, []byte(src))
	if err == nil {
		err = lib.Add(c)
	}
	if err != nil {
		return fmt.Errorf("published policy %s no longer loads: %w", file, err)
	}
	return nil
}

// checkPolicySource refuses what cannot be stored as text or is too large to consider.
func checkPolicySource(file string, src []byte) error {
	switch {
	case len(src) == 0 || strings.TrimSpace(string(src)) == "":
		return &seedbed.Error{Code: seedbed.EINVALID, Field: file, Line: 1, Column: 1, Message: "政策文件为空 / the policy file is empty"}
	case len(src) > policy.MaxDocumentBytes:
		return &seedbed.Error{Code: seedbed.ETOOLARGE, Field: file,
			Message: fmt.Sprintf("政策文件超过 %d 字节 / the policy file exceeds %d bytes", policy.MaxDocumentBytes, policy.MaxDocumentBytes)}
	case !utf8.Valid(src):
		return &seedbed.Error{Code: seedbed.EINVALID, Field: file, Message: "政策文件须为 UTF-8 编码 / the policy file must be UTF-8"}
	case strings.IndexByte(string(src), 0) >= 0:
		return &seedbed.Error{Code: seedbed.EINVALID, Field: file, Message: "政策文件含有 NUL 字符 / the policy file contains a NUL byte"}
	}
	return nil
}

// reservedPolicyID cannot name a policy: /policies/new is the upload page.
const reservedPolicyID = "new"

// keyLine returns the 1-based line of a top-level key in a YAML source, or 1.
func keyLine(src []byte, key string) int {
	for i, line := range strings.Split(string(src), "\n") {
		if strings.HasPrefix(line, key+":") {
			return i + 1
		}
	}
	return 1
}

// policyFileName keeps the base name of an uploaded file, printable and short.
func policyFileName(file string) string {
	file = path.Base(strings.ReplaceAll(strings.TrimSpace(file), `\`, "/"))
	file = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '#' || r == '"' || r == '<' || r == '>' {
			return -1
		}
		return r
	}, file)
	if file == "" || file == "." || file == "/" {
		file = "policy.yaml"
	}
	if utf8.RuneCountInString(file) > 100 {
		file = string([]rune(file)[:100])
	}
	return file
}

// policyError turns the engine's error list into the domain's, keeping lines and columns.
func policyError(err error) error {
	var el policy.ErrorList
	if errors.As(err, &el) {
		return el.Domain()
	}
	return err
}

func sourceDigest(src []byte) string {
	sum := sha256.Sum256(src)
	return hex.EncodeToString(sum[:])
}
