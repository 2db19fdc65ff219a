package e2e

import (
	"net/http"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
)

// TestForgedIdentityHeaders: identity headers a client sets are ignored by
// the gateway; the principal comes from the token only.
func TestForgedIdentityHeaders(t *testing.T) {
	t.Parallel()
	coA, _ := newCompany(t)
	coB, _ := newCompany(t)
	userB := newUser(t, coB, "content_writer")
	for _, role := range []string{"company_admin", "content_writer"} {
		a := newSession(t, coA, role)
		forged := []string{
			"Grpc-Metadata-Company-Id", coB,
			"Grpc-Metadata-X-Copydesk-Company-Id", coB,
			"X-Copydesk-Company-Id", coB,
			"Grpc-Metadata-X-Copydesk-Role", "superadmin",
			"X-Copydesk-Role", "superadmin",
			"Grpc-Metadata-X-Copydesk-User-Id", userB.ID,
			"X-Copydesk-User-Id", userB.ID,
		}
		r := call(t, http.MethodGet, "/api/users"+q("limit", "1000", "company_id", coB), a.Access, nil, forged...)
		if r.status == http.StatusOK {
			for _, u := range r.list(t) {
				if str(u, "company_id") != coA {
					t.Errorf("%s with forged headers sees %v", role, u)
				}
			}
		} else if r.status < 400 || r.status >= 500 {
			t.Errorf("%s list with forged headers: %s", role, r)
		}
		for _, path := range []string{"/api/users/" + userB.ID, "/api/companies/" + coB} {
			if r := call(t, http.MethodGet, path, a.Access, nil, forged...); r.ok() {
				t.Errorf("%s with forged headers reads %s: %s", role, path, r)
			}
		}
		me := call(t, http.MethodGet, "/auth/me", a.Access, nil, forged...)
		want(t, me, http.StatusOK)
		if str(me.obj(t), "id") != a.ID {
			t.Errorf("forged headers changed /auth/me: %s", me)
		}
	}
}

// TestDirectGRPCForgedMetadata: a service never trusts identity metadata
// without a valid credential.
func TestDirectGRPCForgedMetadata(t *testing.T) {
	t.Parallel()
	coA, _ := newCompany(t)
	coB, _ := newCompany(t)
	a := newSession(t, coA, "content_writer")
	conn := dialAs(t, "users", certOf(t, "gateway")) // a peer of the stack, as the gateway is
	client := usersv1.NewUserServiceClient(conn)
	identity := []string{"x-copydesk-user-id", a.ID, "x-copydesk-company-id", coB, "x-copydesk-role", "superadmin"}
	cases := map[string][]string{
		"no token":                    identity,
		"garbage token":               append([]string{"authorization", "Bearer garbage"}, identity...),
		"valid token of A claiming B": append([]string{"authorization", "Bearer " + a.Access}, identity...),
		"forged signature":            append([]string{"authorization", "Bearer " + tamper(t, a.Access, map[string]any{"company_id": coB})}, identity...),
	}
	for name, md := range cases {
		ctx := metadata.NewOutgoingContext(t.Context(), metadata.Pairs(md...))
		_, err := client.ListUsers(ctx, &usersv1.ListUsersRequest{CompanyId: coB})
		if status.Code(err) != codes.Unauthenticated {
			t.Errorf("%s: %v, want Unauthenticated", name, err)
		}
	}
}
