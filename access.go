package seedbed

import "strings"

// Permission names one kind of action. Every route of the web server and every store call that
// acts for a user is guarded by exactly one permission, decided by Authorize: the one place where
// access is decided.
type Permission string

// Permissions of the foundation; later modules add theirs to rolePermissions.
const (
	PermRegistryRead   Permission = "registry.read"   // list and view innovators (applicants: their own)
	PermRegistryWrite  Permission = "registry.write"  // create and edit innovators
	PermRegistryImport Permission = "registry.import" // bulk import
	PermRegistryExport Permission = "registry.export" // bulk export
	PermPersonalRead   Permission = "personal.read"   // read contact details (audited)
	PermPersonalRights Permission = "personal.rights" // act on a person's request: export or erase what is held about them
	PermSurveyManage   Permission = "survey.manage"   // open culture-survey waves and issue invitation links
	PermAuditRead      Permission = "audit.read"      // browse the audit log
	PermUsersManage    Permission = "users.manage"    // accounts and tokens of others
	PermSelf           Permission = "self"            // one's own account, tokens, language
	PermPolicyRead     Permission = "policy.read"
	PermPolicyWrite    Permission = "policy.write"
	PermProgramRead    Permission = "program.read"
	PermProgramManage  Permission = "program.manage"
	PermApply          Permission = "program.apply"
	PermReview         Permission = "program.review"
	PermLedgerRead     Permission = "ledger.read"
	PermExemption      Permission = "exemption.decide"
	PermMonitorRead    Permission = "monitor.read"
	PermMonitorWrite   Permission = "monitor.write"
	PermLabUse         Permission = "lab.use"
	PermEcosystemRead  Permission = "ecosystem.read" // the ecosystem indicators and the leaders' dashboard
	PermNoticeRead     Permission = "notice.read"    // objections and comments from the public, with their contacts (audited)
	// PermPublic is held by everyone, signed in or not: the public portal and the public API
	// read only what the bureau has published, and show it the same to every visitor.
	PermPublic Permission = "public"
)

// rolePermissions is the access table. Ownership (an applicant sees only its own organisation)
// is checked by Authorize on top of it.
var rolePermissions = map[string][]Permission{
	RoleAdmin: {PermRegistryRead, PermRegistryWrite, PermRegistryImport, PermRegistryExport, PermPersonalRead, PermPersonalRights, PermSurveyManage,
		PermAuditRead, PermUsersManage, PermSelf, PermPolicyRead, PermPolicyWrite, PermProgramRead, PermProgramManage,
		PermLedgerRead, PermExemption, PermMonitorRead, PermMonitorWrite, PermLabUse, PermEcosystemRead, PermNoticeRead},
	RoleOfficer: {PermRegistryRead, PermRegistryWrite, PermRegistryImport, PermRegistryExport, PermPersonalRead, PermPersonalRights, PermSurveyManage,
		PermSelf, PermPolicyRead, PermPolicyWrite, PermProgramRead, PermProgramManage, PermLedgerRead,
		PermMonitorRead, PermMonitorWrite, PermLabUse, PermEcosystemRead, PermNoticeRead},
	RoleReviewer:  {PermRegistryRead, PermSelf, PermPolicyRead, PermProgramRead, PermReview},
	RoleApplicant: {PermRegistryRead, PermPersonalRead, PermSelf, PermPolicyRead, PermProgramRead, PermApply, PermMonitorWrite},
	RoleAuditor: {PermRegistryRead, PermRegistryExport, PermPersonalRead, PermAuditRead, PermSelf, PermPolicyRead,
		PermProgramRead, PermLedgerRead, PermExemption, PermMonitorRead, PermLabUse, PermEcosystemRead, PermNoticeRead},
	// A leader reads the environment in aggregate: the indicators and the awards behind them,
	// nothing personal and nothing to change.
	RoleLeader: {PermSelf, PermEcosystemRead},
}

// ownedPermissions are those an applicant holds only over its own organisation.
var ownedPermissions = map[Permission]bool{PermRegistryRead: true, PermPersonalRead: true, PermMonitorWrite: true}

// RoleCan reports whether the role holds the permission at all (before ownership).
func RoleCan(role string, p Permission) bool {
	if p == PermPublic {
		return true
	}
	for _, q := range rolePermissions[role] {
		if q == p {
			return true
		}
	}
	return false
}

// Authorize decides whether the actor may perform p, on the innovator owner when the action
// concerns one (nil otherwise). It returns nil, or an EUNAUTHORIZED / EFORBIDDEN error.
func Authorize(a Actor, p Permission, owner *int64) error {
	if p == PermPublic {
		return nil
	}
	if a.Role == "" {
		return Errorf(EUNAUTHORIZED, Label{Zh: "请先登录", En: "please sign in"})
	}
	if !RoleCan(a.Role, p) {
		return Errorf(EFORBIDDEN, Label{Zh: "无权执行此操作", En: "you are not allowed to do this"})
	}
	if a.Role == RoleApplicant && ownedPermissions[p] && owner != nil {
		if a.InnovatorID == nil || *a.InnovatorID != *owner {
			return Errorf(EFORBIDDEN, Label{Zh: "只能查看本单位的信息", En: "you can see only your own organisation"})
		}
	}
	return nil
}

// AuthorizeAccount decides whether the actor may act on the account named username: anyone on
// their own (sessions, tokens, password, second factor), administrators on every account.
func AuthorizeAccount(a Actor, username string) error {
	if a.Role != "" && strings.EqualFold(a.Username, username) {
		return Authorize(a, PermSelf, nil)
	}
	return Authorize(a, PermUsersManage, nil)
}

// NeedsSecondFactor reports whether a role can move money or see everything, so that its
// accounts sign in with a second factor when the deployment requires one.
func NeedsSecondFactor(role string) bool {
	return role == RoleAdmin || role == RoleOfficer || role == RoleAuditor
}

// ScopeInnovators returns the innovator IDs an actor's listings are limited to: nil for no
// limit, or the applicant's own organisation.
func ScopeInnovators(a Actor) []int64 {
	if a.Role == RoleApplicant {
		if a.InnovatorID == nil {
			return []int64{-1}
		}
		return []int64{*a.InnovatorID}
	}
	return nil
}

// AuthorizeAwardChange decides whether the actor may ask for an extension or a variation of an
// award made to the organisation recipient: an officer, or the recipient itself.
func AuthorizeAwardChange(a Actor, recipient int64) error {
	if a.Role == "" {
		return Errorf(EUNAUTHORIZED, Label{Zh: "请先登录", En: "please sign in"})
	}
	if RoleCan(a.Role, PermProgramManage) || (a.Role == RoleApplicant && a.InnovatorID != nil && *a.InnovatorID == recipient) {
		return nil
	}
	return Errorf(EFORBIDDEN, Label{Zh: "只有受资助单位或项目主管可以申请延期或变更", En: "only the recipient or an officer may ask for a change"})
}
