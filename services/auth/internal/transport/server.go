package transport

import (
	"context"
	"time"

	authv1 "github.com/copydesk/copydesk/gen/copydesk/auth/v1"
	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
	"github.com/copydesk/copydesk/pkg/authn"
	"github.com/copydesk/copydesk/pkg/grpcserver"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/auth/internal/domain"
)

// Auth is the domain the handlers call.
type Auth interface {
	Login(ctx context.Context, req domain.LoginRequest) (domain.TokenPair, error)
	Refresh(ctx context.Context, token string) (domain.TokenPair, error)
	Logout(ctx context.Context, caller principal.Principal, refreshToken string) error
}

// Keys are the keys auth signs with (authn.Signer).
type Keys interface {
	PublicKeys() []authn.PublicKey
}

// Server implements authv1.AuthServiceServer.
type Server struct {
	authv1.UnimplementedAuthServiceServer
	auth  Auth
	users usersv1.UserServiceClient
	keys  Keys
}

// NewServer returns the handlers. users must be a client made with
// grpcclient.Dial, which forwards the caller's identity.
func NewServer(auth Auth, users usersv1.UserServiceClient, keys Keys) *Server {
	return &Server{auth: auth, users: users, keys: keys}
}

// GetKeys publishes the public keys of the access tokens.
func (s *Server) GetKeys(context.Context, *authv1.GetKeysRequest) (*authv1.GetKeysResponse, error) {
	return authn.KeysResponse(s.keys.PublicKeys()), nil
}

// Full method names of the service.
var (
	MethodToken   = authv1.AuthService_Token_FullMethodName
	MethodRefresh = authv1.AuthService_Refresh_FullMethodName
	MethodLogout  = authv1.AuthService_Logout_FullMethodName
	MethodMe      = authv1.AuthService_Me_FullMethodName
	MethodGetKeys = authv1.AuthService_GetKeys_FullMethodName
)

// Policy lists every method of AuthService: Token and Refresh are public
// (their credential is in the request), and so is GetKeys (public keys);
// Logout and Me are for users. The service role is not a user and gets
// neither.
func Policy() grpcserver.Policy {
	return grpcserver.Policy{
		Public: map[string]bool{MethodToken: true, MethodRefresh: true, MethodGetKeys: true},
		Roles: map[string][]string{
			MethodLogout: principal.UserRoles,
			MethodMe:     principal.UserRoles,
		},
	}
}

func expiresIn(d time.Duration) int32 { return int32(d / time.Second) }
