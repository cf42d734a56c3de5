package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"path"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"seedbed"
)

// AddAttachment stores a file on a draft application. contentType is what the caller sniffed
// from the bytes (never the client's claim); only the types in seedbed.AttachmentTypes are
// accepted, up to seedbed.MaxAttachmentSize each and seedbed.MaxAttachments per application.
func (s *Store) AddAttachment(ctx context.Context, a seedbed.Actor, appID int64, filename, contentType string, data []byte) (*seedbed.Attachment, error) {
	att := &seedbed.Attachment{ApplicationID: appID, Filename: cleanFilename(filename), ContentType: contentType, Size: int64(len(data))}
	err := s.decide(ctx, a, "attachment.add", "application", appID, func(tx *Tx) error {
		if _, ok := seedbed.AttachmentTypes[contentType]; !ok {
			return seedbed.FieldError("file", "不支持的文件类型 %s，只接受 PDF、PNG、JPEG 和纯文本 / file type %s is not accepted; use PDF, PNG, JPEG or plain text", contentType, contentType)
		}
		if len(data) == 0 {
			return seedbed.FieldError("file", "文件为空 / the file is empty")
		}
		if len(data) > seedbed.MaxAttachmentSize {
			return &seedbed.Error{Code: seedbed.ETOOLARGE, Field: "file", Message: "文件超过 5 MiB / the file is larger than 5 MiB"}
		}
		app, err := getApplication(ctx, tx, appID)
		if err != nil {
			return err
		}
		if app.State != seedbed.AppDraft {
			return seedbed.Errorf(seedbed.ECONFLICT, "只能给草稿添加附件 / attachments can be added only to a draft")
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM application_attachments WHERE application_id = $1`, appID).Scan(&n); err != nil {
			return err
		}
		if n >= seedbed.MaxAttachments {
			return seedbed.FieldError("file", "每份申请最多 %d 个附件 / at most %d attachments per application", seedbed.MaxAttachments, seedbed.MaxAttachments)
		}
		sum := sha256.Sum256(data)
		att.SHA256, att.CreatedAt = hex.EncodeToString(sum[:]), tx.now
		id, err := insertID(ctx, tx, `INSERT INTO application_attachments (application_id, filename, content_type, size, sha256, data, created_by, created_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`, appID, att.Filename, contentType, att.Size, att.SHA256, data, a.Username, fmtTime(tx.now))
		if err != nil {
			return err
		}
		att.ID = id
		return audit(ctx, tx, a, "attachment.add", "application", appID, att.Filename)
	})
	if err != nil {
		return nil, err
	}
	return att, nil
}

// cleanFilename keeps the base name, without control characters or quotes, at most 120 characters.
func cleanFilename(name string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' || r == '/' || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if r := []rune(name); len(r) > 120 {
		name = strings.TrimSpace(string(r[len(r)-120:]))
	}
	if name == "" || name == "." || name == ".." {
		name = "attachment"
	}
	return name
}

// DeleteAttachment removes a file from a draft application.
func (s *Store) DeleteAttachment(ctx context.Context, a seedbed.Actor, appID, attID int64) error {
	return s.decide(ctx, a, "attachment.delete", "application", appID, func(tx *Tx) error {
		app, err := getApplication(ctx, tx, appID)
		if err != nil {
			return err
		}
		if app.State != seedbed.AppDraft {
			return seedbed.Errorf(seedbed.ECONFLICT, "只能从草稿中删除附件 / attachments can be removed only from a draft")
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM application_attachments WHERE id = $1 AND application_id = $2`, attID, appID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return seedbed.Errorf(seedbed.ENOTFOUND, "附件不存在 / no such attachment")
		}
		return audit(ctx, tx, a, "attachment.delete", "application", appID, "attachment "+strconv.FormatInt(attID, 10))
	})
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
		return nil, nil, seedbed.Errorf(seedbed.ENOTFOUND, "附件不存在 / no such attachment")
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
