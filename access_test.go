package seedbed

import "testing"

func TestAuthorizeOwnership(t *testing.T) {
	own, other := int64(7), int64(8)
	app := Actor{Username: "a", Role: RoleApplicant, InnovatorID: &own}
	if err := Authorize(app, PermRegistryRead, &own); err != nil {
		t.Fatalf("applicant reading its own organisation: %v", err)
	}
	if ErrorCode(Authorize(app, PermRegistryRead, &other)) != EFORBIDDEN {
		t.Fatal("applicant may read another organisation")
	}
	if ErrorCode(Authorize(app, PermRegistryWrite, &own)) != EFORBIDDEN {
		t.Fatal("applicant may edit the registry")
	}
	if ErrorCode(Authorize(Actor{}, PermRegistryRead, nil)) != EUNAUTHORIZED {
		t.Fatal("anonymous actor is not unauthorized")
	}
	aud := Actor{Username: "au", Role: RoleAuditor}
	if Authorize(aud, PermAuditRead, nil) != nil || Authorize(aud, PermRegistryWrite, nil) == nil {
		t.Fatal("auditor must read the audit log and must not write")
	}
	if got := ScopeInnovators(app); len(got) != 1 || got[0] != 7 {
		t.Fatalf("applicant scope %v", got)
	}
	if ScopeInnovators(aud) != nil {
		t.Fatal("auditor listing is scoped")
	}
}

func TestPublicPermissionIsEveryones(t *testing.T) {
	for _, a := range []Actor{{}, {Username: "p", Role: RoleApplicant}, {Username: "u", Role: RoleAuditor}} {
		if err := Authorize(a, PermPublic, nil); err != nil {
			t.Errorf("%q refused a public route: %v", a.Role, err)
		}
	}
}
