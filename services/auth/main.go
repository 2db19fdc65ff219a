// Command auth serves copydesk.auth.v1.AuthService: the OAuth2 password
// grant with throttled failed logins, refresh-token rotation with reuse
// detection, logout and me. Users live in the users service, reached over
// gRPC (DirectoryService as the service auth, named by its certificate;
// UserService as the caller). Auth alone signs access tokens, and GetKeys
// publishes the public keys every other process verifies them with.
// See internal/domain for the rules.
package main

import (
	"context"
	"time"

	authv1 "github.com/copydesk/copydesk/gen/copydesk/auth/v1"
	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
	"github.com/copydesk/copydesk/pkg/authn"
	"github.com/copydesk/copydesk/pkg/service"
	"github.com/copydesk/copydesk/services/auth/internal/domain"
	"github.com/copydesk/copydesk/services/auth/internal/store"
	"github.com/copydesk/copydesk/services/auth/internal/transport"
)

// purgeInterval is how often expired refresh tokens and stale failed-login
// records are deleted.
const purgeInterval = time.Hour

func main() { service.Main(spec) }

var spec = service.Spec[Config]{
	Name: authv1.AuthService_ServiceDesc.ServiceName, Load: LoadConfig,
	Migrations: store.Migrations, Policy: transport.Policy(), Wire: wire,
	// Only auth holds private keys; user access tokens live ACCESS_TOKEN_TTL.
	Signer: func(c Config) (*authn.Signer, error) { return authn.NewSigner(c.SigningKeys, c.JWTIssuer, c.AccessTTL) },
}

func wire(_ context.Context, env *service.Env, c Config) error {
	users, err := env.Dial(c.UsersAddr)
	if err != nil {
		return err
	}
	svc, err := domain.New(domain.Deps{
		Directory: transport.NewDirectory(usersv1.NewDirectoryServiceClient(users)),
		Tokens:    store.NewRefreshTokens(env.DB, c.RefreshTTL+time.Hour), // family marks outlive the family's tokens
		Throttle:  store.NewLoginThrottle(env.DB),
		Issuer:    env.Signer,
		Log:       env.Log,
		Config:    domain.Config{MaxFailures: c.MaxFailures, Lockout: c.Lockout, RefreshTTL: c.RefreshTTL},
	})
	if err != nil {
		return err
	}
	env.Go(func(ctx context.Context) { svc.RunPurge(ctx, purgeInterval) })
	authv1.RegisterAuthServiceServer(env.Server, transport.NewServer(svc, usersv1.NewUserServiceClient(users), env.Signer))
	return nil
}
