package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"seedbed"
)

// maxPersonRows bounds each list of a personal-data export.
const maxPersonRows = 10000

// PersonRecords reads what PersonalData gathers beyond the registry's own lists: the accounts
// linked to the innovator, its applications' attachments (without their bytes), the decision
// events about it and its applications and awards, and the audit entries about it or by its
// accounts.
func (s *Store) PersonRecords(ctx context.Context, innovatorID int64) (users []seedbed.User, atts []seedbed.Attachment,
	events []seedbed.Event, audit []seedbed.AuditEntry, err error) {
	id := strconv.FormatInt(innovatorID, 10)
	rows, err := s.read.QueryContext(ctx, `SELECT `+userColumns+`, '' FROM users WHERE innovator_id = $1 ORDER BY id`, innovatorID)
	if err != nil {
		return
	}
	for rows.Next() {
		u, _, e := scanUser(rows)
		if e != nil {
			rows.Close()
			return nil, nil, nil, nil, e
		}
		users = append(users, *u)
	}
	rows.Close()
	rows, err = s.read.QueryContext(ctx, `SELECT a.id, a.application_id, a.filename, a.content_type, a.size, a.sha256, a.created_at
		FROM application_attachments a JOIN applications p ON p.id = a.application_id WHERE p.innovator_id = $1 ORDER BY a.id`, innovatorID)
	if err != nil {
		return
	}
	for rows.Next() {
		var a seedbed.Attachment
		var at string
		if err = rows.Scan(&a.ID, &a.ApplicationID, &a.Filename, &a.ContentType, &a.Size, &a.SHA256, &at); err != nil {
			rows.Close()
			return
		}
		a.CreatedAt = parseTime(at)
		atts = append(atts, a)
	}
	rows.Close()
	rows, err = s.read.QueryContext(ctx, `SELECT id, at, kind, actor, actor_role, subject, payload FROM decision_events
		WHERE subject = $1
		   OR subject IN (SELECT 'application:' || id FROM applications WHERE innovator_id = $2)
		   OR subject IN (SELECT 'award:' || id FROM awards WHERE innovator_id = $2)
		ORDER BY id LIMIT `+strconv.Itoa(maxPersonRows), "innovator:"+id, innovatorID)
	if err != nil {
		return
	}
	for rows.Next() {
		var e seedbed.Event
		var at, payload string
		if err = rows.Scan(&e.ID, &at, &e.Kind, &e.Actor, &e.ActorRole, &e.Subject, &payload); err != nil {
			rows.Close()
			return
		}
		e.At, e.Payload = parseTime(at), json.RawMessage(payload)
		events = append(events, e)
	}
	rows.Close()
	rows, err = s.read.QueryContext(ctx, `SELECT id, at, actor, role, action, entity, entity_id, detail, outcome, ip FROM audit_log
		WHERE (entity = 'innovator' AND entity_id = $1) OR actor IN (SELECT username FROM users WHERE innovator_id = $2)
		ORDER BY id LIMIT `+strconv.Itoa(maxPersonRows), id, innovatorID)
	if err != nil {
		return
	}
	defer rows.Close()
	for rows.Next() {
		var e seedbed.AuditEntry
		var at string
		if err = rows.Scan(&e.ID, &at, &e.Actor, &e.Role, &e.Action, &e.Entity, &e.EntityID, &e.Detail, &e.Outcome, &e.IP); err != nil {
			return
		}
		e.At = parseTime(at)
		audit = append(audit, e)
	}
	err = rows.Err()
	return
}

// OpenMatters counts the innovator's applications submitted and not yet decided, and its awards
// still running: the records an erasure must wait for.
func (tx *Tx) OpenMatters(ctx context.Context, innovatorID int64) (apps, awards int, err error) {
	if err = tx.QueryRowContext(ctx, `SELECT count(*) FROM applications WHERE innovator_id = $1 AND state = $2 AND outcome = ''`,
		innovatorID, seedbed.AppSubmitted).Scan(&apps); err != nil {
		return
	}
	err = tx.QueryRowContext(ctx, `SELECT count(*) FROM awards WHERE innovator_id = $1 AND status = $2`,
		innovatorID, seedbed.AwardActive).Scan(&awards)
	return
}

// personalChangeFields are the history fields that hold personal data, by erasure scope ("*"
// is the creation, which records the name).
var personalChangeFields = map[string][]string{
	seedbed.EraseContact: {"contact_name", "contact_phone", "contact_email"},
	seedbed.ErasePerson:  {"*", "name", "credit_code", "description", "contact_name", "contact_phone", "contact_email"},
}

// ErasePersonalData blanks the personal fields of one innovator inside tx: for the contact
// scope its contact details and their history; for the person scope also its name (replaced by
// seedbed.ErasedName), credit code and description, its applications' team and people, the
// bytes of its attachments, and its accounts (renamed, disabled, signed out, tokens revoked).
// Money, decisions and the ledger are left as they are: they name the innovator only by its id.
// It returns the number of rows changed per table.field.
func (tx *Tx) ErasePersonalData(ctx context.Context, in *seedbed.Innovator, scope string) (map[string]int, error) {
	out := map[string]int{}
	exec := func(key, q string, args ...any) error {
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		if n > 0 {
			out[key] += int(n)
		}
		return nil
	}
	if err := exec("innovators.contact", `UPDATE innovators SET contact_name = '', contact_phone = '', contact_email = '',
		version = version + 1, updated_at = $1 WHERE id = $2 AND (contact_name <> '' OR contact_phone <> '' OR contact_email <> '')`,
		fmtTime(tx.now), in.ID); err != nil {
		return nil, err
	}
	for _, f := range personalChangeFields[scope] {
		if err := exec("innovator_changes."+f, `UPDATE innovator_changes SET old_value = '', new_value = ''
			WHERE innovator_id = $1 AND field = $2 AND (old_value <> '' OR new_value <> '')`, in.ID, f); err != nil {
			return nil, err
		}
	}
	if scope == seedbed.ErasePerson {
		name := seedbed.ErasedName(in.ID)
		steps := []struct {
			key, q string
			args   []any
		}{
			{"innovators.name", `UPDATE innovators SET name = $1, credit_code = NULL, description = '', version = version + 1, updated_at = $2 WHERE id = $3`,
				[]any{name, fmtTime(tx.now), in.ID}},
			{"innovator_search.text", `UPDATE innovator_search SET text = $1 WHERE id = $2`, []any{name, in.ID}},
			{"applications.team", `UPDATE applications SET team = '', people = '[]' WHERE innovator_id = $1 AND (team <> '' OR people <> '[]')`, []any{in.ID}},
			{"application_attachments.data", `UPDATE application_attachments SET data = $1, filename = $2
				WHERE application_id IN (SELECT id FROM applications WHERE innovator_id = $3) AND size > 0`, []any{[]byte{}, "erased", in.ID}},
			{"sessions", `DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE innovator_id = $1)`, []any{in.ID}},
			{"api_tokens", `UPDATE api_tokens SET revoked_at = $1 WHERE revoked_at IS NULL AND user_id IN (SELECT id FROM users WHERE innovator_id = $2)`,
				[]any{fmtTime(tx.now), in.ID}},
			{"users", `UPDATE users SET username = 'erased-' || id, display_name = '', password_hash = '', totp_secret = '', totp_pending = '', disabled = TRUE
				WHERE innovator_id = $1 AND username <> 'erased-' || id`, []any{in.ID}},
		}
		for _, st := range steps {
			if err := exec(st.key, st.q, st.args...); err != nil {
				return nil, fmt.Errorf("erase %s: %w", st.key, err)
			}
		}
	} else if err := exec("innovator_search.text", `UPDATE innovator_search SET text = $1 WHERE id = $2`, searchText(in), in.ID); err != nil {
		return nil, err
	}
	if err := bumpRebuilds(ctx, tx); err != nil {
		return nil, err // search texts changed without a history row: the search index is rebuilt
	}
	if err := tx.BumpMonitoring(ctx); err != nil { // a monitored innovator's name may have changed
		return nil, err
	}
	return out, bumpRegistry(ctx, tx)
}
