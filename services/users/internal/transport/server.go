package transport

import (
	"context"

	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/grpcserver"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/users/internal/domain"
)

// Register adds the three services of svc to the server.
func Register(s *grpcserver.Server, svc *domain.Service) {
	usersv1.RegisterCompanyServiceServer(s, &Companies{svc: svc})
	usersv1.RegisterUserServiceServer(s, &Users{svc: svc})
	usersv1.RegisterDirectoryServiceServer(s, &Directory{svc: svc})
}

// Policy allows CompanyService and UserService to every user role (the
// domain applies the finer rules) and DirectoryService only to services.
func Policy() grpcserver.Policy {
	roles := map[string][]string{}
	for _, m := range []string{
		usersv1.CompanyService_CreateCompany_FullMethodName,
		usersv1.CompanyService_GetCompany_FullMethodName,
		usersv1.CompanyService_ListCompanies_FullMethodName,
		usersv1.CompanyService_UpdateCompany_FullMethodName,
		usersv1.CompanyService_DeleteCompany_FullMethodName,
		usersv1.UserService_CreateUser_FullMethodName,
		usersv1.UserService_GetUser_FullMethodName,
		usersv1.UserService_ListUsers_FullMethodName,
		usersv1.UserService_UpdateUser_FullMethodName,
		usersv1.UserService_DeleteUser_FullMethodName,
		usersv1.UserService_ChangePassword_FullMethodName,
	} {
		roles[m] = principal.UserRoles
	}
	roles[usersv1.DirectoryService_VerifyCredentials_FullMethodName] = []string{principal.RoleService}
	roles[usersv1.DirectoryService_LookupUser_FullMethodName] = []string{principal.RoleService}
	roles[usersv1.DirectoryService_LookupCompany_FullMethodName] = []string{principal.RoleService}
	roles[usersv1.DirectoryService_EndSessions_FullMethodName] = []string{principal.RoleService}
	// The gateway reads the feed with its own certificate (the edge role).
	roles[usersv1.DirectoryService_ListSessionCutoffs_FullMethodName] = []string{principal.RoleService, principal.RoleEdge}
	return grpcserver.Policy{Roles: roles}
}

// caller returns the authenticated principal; the auth interceptor has put
// it there for every non-public method, so its absence is a bug upstream
// and is refused, never defaulted.
func caller(ctx context.Context) (principal.Principal, error) {
	p, ok := principal.From(ctx)
	if !ok {
		return principal.Principal{}, errs.ErrUnauthenticated
	}
	return p, nil
}
