package grpcserver

import (
	"context"
	"log/slog"
	"slices"
	"strings"

	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/auth"
	mwlog "github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/logging"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/logging"
	"github.com/copydesk/copydesk/pkg/mtls"
	"github.com/copydesk/copydesk/pkg/principal"
)

// Verifier turns a user's bearer token into its principal
// (authn.Verifier).
type Verifier interface {
	Verify(token string) (principal.Principal, error)
}

// EdgeIdentity is the gateway's certificate name. The edge acts for users
// (with their tokens); a call from it without a token gets the edge role,
// never the service role, and only methods whose policy names
// principal.RoleEdge admit it.
const EdgeIdentity = "gateway"

// Policy lists, per full gRPC method name, the roles that may call it.
// A method missing from the policy is refused (fail closed), so no RPC can
// be added without a role check. Public methods need no credential (health
// and reflection are always public). The policy is the only gate: no
// service implements the auth library's AuthFuncOverride.
type Policy struct {
	Public map[string]bool
	Roles  map[string][]string
}

// authFunc is the auth interceptor's check of every method the policy does
// not list as public (the selector skips those): the principal comes from
// the bearer token, the method's roles are checked, and the principal's ids
// join the call's log records. A method the context does not name is
// refused.
func authFunc(v Verifier, pol Policy) auth.AuthFunc {
	return func(ctx context.Context) (context.Context, error) {
		method, _ := grpc.Method(ctx)
		ctx, err := authenticate(ctx, v, pol, method)
		if err != nil {
			return nil, err
		}
		p, _ := principal.From(ctx)
		mwlog.AddFields(ctx, mwlog.Fields{"user_id", p.UserID, "company_id", p.CompanyID}) // the access log
		return logging.WithAttrs(ctx, slog.String("user_id", p.UserID), slog.String("company_id", p.CompanyID)), nil
	}
}

// authenticate derives the principal from the bearer token in the incoming
// metadata, or, for a call without one, from the peer's verified client
// certificate (a service acting on nobody's behalf). Identity metadata that
// disagrees with the principal is refused: a forged x-copydesk-company-id
// without the matching credential is Unauthenticated.
func authenticate(ctx context.Context, v Verifier, pol Policy, method string) (context.Context, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	var p principal.Principal
	if vals := md.Get(principal.MDAuthorization); len(vals) > 0 {
		tok := bearer(vals)
		if tok == "" {
			return ctx, errs.New(errs.ErrUnauthenticated, "Not authenticated")
		}
		var err error
		if p, err = v.Verify(tok); err != nil {
			return ctx, err
		}
	} else {
		name := mtls.PeerIdentity(ctx)
		switch name {
		case "":
			return ctx, errs.New(errs.ErrUnauthenticated, "Not authenticated")
		case EdgeIdentity:
			p = principal.Principal{UserID: principal.ServicePrefix + name, Role: principal.RoleEdge}
		default:
			p = principal.Principal{UserID: principal.ServicePrefix + name, Role: principal.RoleService}
		}
	}
	for key, want := range map[string]string{
		principal.MDUserID: p.UserID, principal.MDCompanyID: p.CompanyID, principal.MDRole: p.Role,
	} {
		for _, got := range md.Get(key) {
			if got != want {
				return ctx, errs.New(errs.ErrUnauthenticated, "Could not validate credentials")
			}
		}
	}
	roles, declared := pol.Roles[method]
	if p.Role == principal.RoleEdge && !slices.Contains(roles, principal.RoleEdge) {
		// The edge acts for users: without a user's token it is no one,
		// except where a method names the edge itself.
		return ctx, errs.New(errs.ErrUnauthenticated, "Not authenticated")
	}
	if !declared || !p.HasRole(roles...) {
		return ctx, errs.ErrPermissionDenied
	}
	return principal.With(ctx, p), nil
}

func bearer(vals []string) string {
	if len(vals) != 1 {
		return ""
	}
	scheme, tok, ok := strings.Cut(vals[0], " ")
	if !ok || !strings.EqualFold(scheme, "bearer") {
		return ""
	}
	return strings.TrimSpace(tok)
}
