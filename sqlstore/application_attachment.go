package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"

	"seedbed"
)

// CountAttachments returns how many files an application has.
func (tx *Tx) CountAttachments(ctx context.Context, appID int64) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM application_attachments WHERE application_id = $1`, appID).Scan(&n)
	return n, err
}

// InsertAttachment stores a file of an application, with its checksum, and sets its id.
func (tx *Tx) InsertAttachment(ctx context.Context, att *seedbed.Attachment, data []byte, by string) error {
	sum := sha256.Sum256(data)
	att.SHA256, att.Size, att.CreatedAt = hex.EncodeToString(sum[:]), int64(len(data)), tx.now
	id, err := insertID(ctx, tx, `INSERT INTO application_attachments (application_id, filename, content_type, size, sha256, data, created_by, created_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`, att.ApplicationID, att.Filename, att.ContentType, att.Size, att.SHA256, data, by, fmtTime(tx.now))
	if err != nil {
		return err
	}
	att.ID = id
	return nil
}

// DeleteAttachment removes a file of an application, or returns ENOTFOUND.
func (tx *Tx) DeleteAttachment(ctx context.Context, appID, attID int64) error {
	res, err := tx.ExecContext(ctx, `DELETE FROM application_attachments WHERE id = $1 AND application_id = $2`, attID, appID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "附件不存在", En: "no such attachment"})
	}
	return nil
}

// Attachment returns one attachment of an application with its bytes.
func (s *Store) Attachment(ctx context.Context, appID, attID int64) (*seedbed.Attachment, []byte, error) {
	var att seedbed.Attachment
	var data []byte
	var created string
	err := s.read.QueryRowContext(ctx, `SELECT id, application_id, filename, content_type, size, sha256, created_at, data
		FROM application_attachments WHERE id = $1 AND application_id = $2`, attID, appID).Scan(&att.ID, &att.ApplicationID,
		&att.Filename, &att.ContentType, &att.Size, &att.SHA256, &created, &data)
	if err == sql.ErrNoRows {
		return nil, nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "附件不存在", En: "no such attachment"})
	}
	if err != nil {
		return nil, nil, err
	}
	att.CreatedAt = parseTime(created)
	return &att, data, nil
}

func (s *Store) attachments(ctx context.Context, appID int64) ([]seedbed.Attachment, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, application_id, filename, content_type, size, sha256, created_at
		FROM application_attachments WHERE application_id = $1 ORDER BY id`, appID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []seedbed.Attachment{}
	for rows.Next() {
		var att seedbed.Attachment
		var created string
		if err := rows.Scan(&att.ID, &att.ApplicationID, &att.Filename, &att.ContentType, &att.Size, &att.SHA256, &created); err != nil {
			return nil, err
		}
		att.CreatedAt = parseTime(created)
		out = append(out, att)
	}
	return out, rows.Err()
}
