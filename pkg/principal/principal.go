// Package principal carries the authenticated caller through a request: who
// (user id), for which tenant (company id) and with which role. It also
// names the gRPC metadata keys the gateway and services use.
package principal

import (
	"context"
	"log/slog"
	"slices"
	"time"
)

// Roles of ARCHITECTURE §3, plus RoleService for service-to-service calls
// that act on nobody's behalf (login, bootstrap), and RoleEdge for the
// gateway's own calls on nobody's behalf (the session cut-off feed): the
// edge faces the internet, so it holds no service role, and a policy
// admits RoleEdge only where it names it.
const (
	RoleSuperadmin     = "superadmin"
	RoleCompanyAdmin   = "company_admin"
	RoleContentManager = "content_manager"
	RoleContentWriter  = "content_writer"
	RoleClient         = "client"
	RoleService        = "service"
	RoleEdge           = "edge"
)

// UserRoles are the roles a user may have.
var UserRoles = []string{RoleSuperadmin, RoleCompanyAdmin, RoleContentManager, RoleContentWriter, RoleClient}

// ValidUserRole reports whether r is a user role.
func ValidUserRole(r string) bool { return slices.Contains(UserRoles, r) }

// Metadata keys. The gateway sets them from a verified JWT and always
// forwards the JWT itself in MDAuthorization; services derive the principal
// from the verified token and refuse metadata that disagrees with it.
const (
	MDAuthorization = "authorization"
	MDUserID        = "x-copydesk-user-id"
	MDCompanyID     = "x-copydesk-company-id"
	MDRole          = "x-copydesk-role"
	MDRequestID     = "x-request-id"
	// MDClientAddr is the client's IP address as the gateway determined it
	// (the TCP peer, or X-Forwarded-For behind a trusted proxy). Only the
	// gateway sets it: client headers never become metadata. auth keys
	// login throttling on it.
	MDClientAddr = "x-copydesk-client-addr"
)

// Principal is the authenticated caller.
type Principal struct {
	UserID    string
	CompanyID string
	Role      string
	// Token is the bearer credential the principal was derived from; it is
	// forwarded on service-to-service calls. Never log it.
	Token string
	// IssuedAt is when the token was issued (its iat, to the second): the
	// gateway refuses a token issued before the user's session cut-off.
	IssuedAt time.Time
}

// IsSuperadmin reports whether p works across companies.
func (p Principal) IsSuperadmin() bool { return p.Role == RoleSuperadmin }

// ServicePrefix starts the UserID of a service principal:
// "service:<name>", name from the caller's certificate.
const ServicePrefix = "service:"

// IsService reports whether p is another service acting on nobody's behalf.
func (p Principal) IsService() bool { return p.Role == RoleService }

// HasRole reports whether p has one of roles.
func (p Principal) HasRole(roles ...string) bool { return slices.Contains(roles, p.Role) }

// LogValue keeps the token out of logs: it is slog.LogValuer's method,
// so slog logs these three fields whenever a Principal is logged.
func (p Principal) LogValue() slog.Value {
	return slog.GroupValue(slog.String("user_id", p.UserID), slog.String("company_id", p.CompanyID), slog.String("role", p.Role))
}

var _ slog.LogValuer = Principal{}

type ctxKey struct{}

// With returns ctx carrying p.
func With(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

// From returns the principal in ctx.
func From(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(ctxKey{}).(Principal)
	return p, ok
}
