package seedbed

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Roles a user can hold.
const (
	RoleAdmin     = "admin"
	RoleOfficer   = "officer"
	RoleReviewer  = "reviewer"
	RoleApplicant = "applicant"
	RoleAuditor   = "auditor"
	RoleLeader    = "leader"
)

// EventUserRole is the ledger event of a user's role given or changed (old and new).
const EventUserRole = "user_role"

// UserSubject names a user as the subject of decision events.
func UserSubject(id int64) string { return "user:" + strconv.FormatInt(id, 10) }

// Roles lists every role with its labels.
var Roles = OptionSet{
	{RoleAdmin, Label{"管理员", "Administrator"}},
	{RoleOfficer, Label{"项目主管", "Program officer"}},
	{RoleReviewer, Label{"评审专家", "Reviewer"}},
	{RoleApplicant, Label{"申报主体", "Applicant"}},
	{RoleAuditor, Label{"审计/纪检", "Auditor"}},
	{RoleLeader, Label{"领导", "Leader"}},
}

// User is an account. An applicant belongs to one innovator (its organisation) and sees only it.
type User struct {
	ID          int64  `json:"id"`
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Role        string `json:"role"`
	InnovatorID *int64 `json:"innovator_id,omitempty"`
	Disabled    bool   `json:"disabled"`
	// TOTPEnabled: the account has a confirmed second factor, asked for after the password.
	TOTPEnabled bool      `json:"totp_enabled"`
	CreatedAt   time.Time `json:"created_at"`
}

// Validate checks a user's fields.
func (u *User) Validate() error {
	var es Errors
	u.Username = strings.TrimSpace(u.Username)
	if n := len(u.Username); n < 2 || n > 64 {
		es = append(es, FieldError("username", Label{Zh: "用户名应为 2–64 个字符", En: "user name must have 2 to 64 characters"}))
	}
	for _, r := range u.Username {
		if !(r == '-' || r == '_' || r == '.' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9')) {
			es = append(es, FieldError("username", Label{Zh: "用户名只能包含字母、数字和 - _ .", En: "user name may hold only letters, digits and - _ ."}))
			break
		}
	}
	if utf8.RuneCountInString(u.DisplayName) > 100 {
		es = append(es, FieldError("display_name", Label{Zh: "显示名称过长", En: "display name too long"}))
	}
	if !Roles.Has(u.Role) {
		es = append(es, FieldError("role", Label{Zh: "未知角色 %q，应为 %s", En: "unknown role"}, u.Role, strings.Join(Roles.Codes(), ", ")))
	}
	if u.Role == RoleApplicant && u.InnovatorID == nil {
		es = append(es, FieldError("innovator_id", Label{Zh: "申报主体账号必须关联一个创新主体", En: "an applicant account must belong to an innovator"}))
	}
	if len(es) > 0 {
		return es
	}
	return nil
}

// ValidatePassword checks a new password's strength.
func ValidatePassword(pw string) error {
	if utf8.RuneCountInString(pw) < 10 {
		return FieldError("password", Label{Zh: "密码至少 10 个字符", En: "a password needs at least 10 characters"})
	}
	if len(pw) > 1024 {
		return FieldError("password", Label{Zh: "密码过长", En: "password too long"})
	}
	return nil
}

// Actor is who performs an action: the user behind a session or token, or the system.
type Actor struct {
	UserID      int64
	Username    string
	Role        string
	InnovatorID *int64
}

// System is the actor for work the platform does on its own (demo generation, migrations).
var System = Actor{Username: "system", Role: RoleAdmin}

// Token is an API bearer token's metadata; the secret itself is shown once and stored hashed.
type Token struct {
	ID        int64      `json:"id"`
	UserID    int64      `json:"user_id"`
	Name      string     `json:"name"`
	CreatedAt time.Time  `json:"created_at"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
	LastUsed  *time.Time `json:"last_used,omitempty"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

// Session is a signed-in browser's session as its owner and administrators see it. ID is the
// hash of the secret the browser holds (not the secret), enough to name it for revocation.
type Session struct {
	ID        string    `json:"id"`
	UserID    int64     `json:"user_id"`
	IP        string    `json:"ip"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
	// Current marks the session the request came with.
	Current bool `json:"current"`
}

// AuditEntry is one line of the audit log: a write, or a read of personal data, or a refused
// attempt.
type AuditEntry struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	Actor    string    `json:"actor"`
	Role     string    `json:"role"`
	Action   string    `json:"action"`
	Entity   string    `json:"entity"`
	EntityID string    `json:"entity_id"`
	Detail   string    `json:"detail"`
	Outcome  string    `json:"outcome"` // ok, denied, invalid
	IP       string    `json:"ip"`
}

// AuditFilter selects audit entries.
type AuditFilter struct {
	Actor, Action, Entity, Outcome string
	Order                          Order // by AuditSorts
	Offset, Limit                  int
}
