package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"

	"seedbed"
	"seedbed/selection"
)

// ReviewerPool returns every enabled reviewer account with its profile and its open load
// (assignments not yet scored or recused).
func (s *Store) ReviewerPool(ctx context.Context) ([]seedbed.ReviewerProfile, error) {
	return reviewerProfiles(ctx, s.read, 0)
}

// ReviewerProfile returns one reviewer's profile (empty lists when none was saved), or ENOTFOUND
// when the user is not an enabled reviewer.
func (s *Store) ReviewerProfile(ctx context.Context, userID int64) (*seedbed.ReviewerProfile, error) {
	return reviewerProfile(ctx, s.read, userID)
}

func reviewerProfile(ctx context.Context, q queryer, userID int64) (*seedbed.ReviewerProfile, error) {
	ps, err := reviewerProfiles(ctx, q, userID)
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "评审专家 %d 不存在", En: "reviewer %d not found"}, userID)
	}
	return &ps[0], nil
}

func reviewerProfiles(ctx context.Context, q queryer, userID int64) ([]seedbed.ReviewerProfile, error) {
	var w where
	w.add("u.role = ?", seedbed.RoleReviewer)
	w.add("u.disabled = ?", false)
	if userID != 0 {
		w.add("u.id = ?", userID)
	}
	rows, err := q.QueryContext(ctx, `SELECT u.id, u.username, u.display_name, rp.org_id, COALESCE(i.name, ''),
		COALESCE(rp.expertise, '[]'), COALESCE(rp.declared_ids, '[]'), COALESCE(rp.declared_names, '[]'), COALESCE(rp.updated_at, ''),
		(SELECT count(*) FROM review_assignments ra WHERE ra.reviewer_id = u.id AND ra.state IN ('assigned', 'open'))
		FROM users u LEFT JOIN reviewer_profiles rp ON rp.user_id = u.id LEFT JOIN innovators i ON i.id = rp.org_id`+
		w.sql()+` ORDER BY u.id`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []seedbed.ReviewerProfile{}
	for rows.Next() {
		var p seedbed.ReviewerProfile
		var org sql.NullInt64
		var exp, ids, names, updated string
		if err := rows.Scan(&p.UserID, &p.Username, &p.DisplayName, &org, &p.OrgName, &exp, &ids, &names, &updated, &p.Load); err != nil {
			return nil, err
		}
		if org.Valid {
			p.OrgID = &org.Int64
		}
		p.UpdatedAt = parseTime(updated)
		for _, x := range []struct {
			text string
			v    any
		}{{exp, &p.Expertise}, {ids, &p.DeclaredIDs}, {names, &p.DeclaredNames}} {
			if err := json.Unmarshal([]byte(x.text), x.v); err != nil {
				return nil, fmt.Errorf("reviewer %d: %w", p.UserID, err)
			}
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// ReviewerProfile reads one reviewer's profile inside tx, or returns ENOTFOUND.
func (tx *Tx) ReviewerProfile(ctx context.Context, userID int64) (*seedbed.ReviewerProfile, error) {
	return reviewerProfile(ctx, tx, userID)
}

// ReviewerPool reads every enabled reviewer with profile and open load inside tx.
func (tx *Tx) ReviewerPool(ctx context.Context) ([]seedbed.ReviewerProfile, error) {
	return reviewerProfiles(ctx, tx, 0)
}

// SaveReviewerProfile stores a reviewer's expertise, organisation and declared relations,
// setting p.UpdatedAt. Innovators it names must exist (EINVALID on declared_ids otherwise).
func (tx *Tx) SaveReviewerProfile(ctx context.Context, p *seedbed.ReviewerProfile) error {
	for _, id := range append(p.DeclaredIDs, derefID(p.OrgID)...) {
		if _, err := getInnovator(ctx, tx.Tx, id); err != nil {
			return seedbed.FieldError("declared_ids", seedbed.Label{Zh: "创新主体 %d 不存在", En: "innovator %d does not exist"}, id)
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO reviewer_profiles (user_id, org_id, expertise, declared_ids, declared_names, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id) DO UPDATE SET org_id = excluded.org_id,
		expertise = excluded.expertise, declared_ids = excluded.declared_ids, declared_names = excluded.declared_names,
		updated_at = excluded.updated_at`, p.UserID, p.OrgID, jsonString(p.Expertise), jsonString(p.DeclaredIDs),
		jsonString(p.DeclaredNames), fmtTime(tx.now))
	if err != nil {
		return err
	}
	p.UpdatedAt = tx.now
	return nil
}

func derefID(p *int64) []int64 {
	if p == nil {
		return nil
	}
	return []int64{*p}
}

// reviewerInfo gathers what conflict checks need about a reviewer: the profile, the applications
// the reviewer's organisation took part in with all their parties, and the applications the
// reviewer declared a conflict with.
func reviewerInfo(ctx context.Context, q queryer, p *seedbed.ReviewerProfile) (selection.ReviewerInfo, error) {
	info := selection.ReviewerInfo{ID: p.Username, Expertise: p.Expertise, DeclaredIDs: p.DeclaredIDs, DeclaredNames: p.DeclaredNames}
	if p.OrgID != nil {
		info.OrgID = *p.OrgID
		rows, err := q.QueryContext(ctx, `SELECT ap.application_id, ap.innovator_id FROM application_parties ap
			JOIN applications a ON a.id = ap.application_id
			WHERE a.state = 'submitted' AND ap.application_id IN (SELECT application_id FROM application_parties WHERE innovator_id = $1)
			ORDER BY ap.application_id, ap.innovator_id`, *p.OrgID)
		if err != nil {
			return info, err
		}
		byApp := map[int64]int{}
		for rows.Next() {
			var app, party int64
			if err := rows.Scan(&app, &party); err != nil {
				rows.Close()
				return info, err
			}
			i, ok := byApp[app]
			if !ok {
				i = len(info.Past)
				byApp[app] = i
				info.Past = append(info.Past, selection.PastApplication{ID: seedbed.AppCode(app)})
			}
			info.Past[i].Parties = append(info.Past[i].Parties, party)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return info, err
		}
	}
	rows, err := q.QueryContext(ctx, `SELECT application_id FROM review_assignments WHERE reviewer_id = $1 AND state = 'recused'`, p.UserID)
	if err != nil {
		return info, err
	}
	defer rows.Close()
	for rows.Next() {
		var app int64
		if err := rows.Scan(&app); err != nil {
			return info, err
		}
		info.Recused = append(info.Recused, seedbed.AppCode(app))
	}
	return info, rows.Err()
}

// appInfo gathers what conflict checks and assignment need about an application.
func appInfo(ctx context.Context, q queryer, app *seedbed.Application) (selection.AppInfo, error) {
	info := selection.AppInfo{ID: seedbed.AppCode(app.ID), ApplicantID: app.InnovatorID, ApplicantName: app.InnovatorName,
		People: app.People, Field: app.Field, Tags: app.Tags}
	rows, err := q.QueryContext(ctx, `SELECT i.id, i.name FROM application_parties ap JOIN innovators i ON i.id = ap.innovator_id
		WHERE ap.application_id = $1 AND ap.role = 'coapplicant' ORDER BY i.id`, app.ID)
	if err != nil {
		return info, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return info, err
		}
		info.CoApplicantIDs = append(info.CoApplicantIDs, id)
		info.CoApplicantNames = append(info.CoApplicantNames, name)
	}
	return info, rows.Err()
}

// ReviewerInfo gathers inside tx what conflict checks and assignment need about a reviewer.
func (tx *Tx) ReviewerInfo(ctx context.Context, p *seedbed.ReviewerProfile) (selection.ReviewerInfo, error) {
	return reviewerInfo(ctx, tx, p)
}

// AppInfo gathers inside tx what conflict checks and assignment need about an application.
func (tx *Tx) AppInfo(ctx context.Context, app *seedbed.Application) (selection.AppInfo, error) {
	return appInfo(ctx, tx, app)
}

// ConflictInfo gathers what the conflict rules need about a reviewer and an application.
func (s *Store) ConflictInfo(ctx context.Context, reviewerID, appID int64) (selection.ReviewerInfo, selection.AppInfo, error) {
	return conflictInfo(ctx, s.read, reviewerID, appID)
}

// ConflictInfo is Store.ConflictInfo inside tx.
func (tx *Tx) ConflictInfo(ctx context.Context, reviewerID, appID int64) (selection.ReviewerInfo, selection.AppInfo, error) {
	return conflictInfo(ctx, tx, reviewerID, appID)
}

func conflictInfo(ctx context.Context, q queryer, reviewerID, appID int64) (selection.ReviewerInfo, selection.AppInfo, error) {
	p, err := reviewerProfile(ctx, q, reviewerID)
	if err != nil {
		return selection.ReviewerInfo{}, selection.AppInfo{}, err
	}
	app, err := getApplication(ctx, q, appID)
	if err != nil {
		return selection.ReviewerInfo{}, selection.AppInfo{}, err
	}
	ri, err := reviewerInfo(ctx, q, p)
	if err != nil {
		return ri, selection.AppInfo{}, err
	}
	ai, err := appInfo(ctx, q, app)
	return ri, ai, err
}

// itoa formats an id.
func itoa(id int64) string { return strconv.FormatInt(id, 10) }
