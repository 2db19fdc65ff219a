// Command auth serves copydesk.auth.v1.AuthService: the OAuth2 password
// grant with throttled failed logins, refresh-token rotation with reuse
// detection, logout and me. Users live in the users service, reached over
// gRPC (DirectoryService with a service token; UserService as the caller).
// See internal/domain for the rules.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	authv1 "github.com/copydesk/copydesk/gen/copydesk/auth/v1"
	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
	"github.com/copydesk/copydesk/pkg/authn"
	"github.com/copydesk/copydesk/pkg/config"
	"github.com/copydesk/copydesk/pkg/grpcclient"
	"github.com/copydesk/copydesk/pkg/logging"
	"github.com/copydesk/copydesk/pkg/service"
	"github.com/copydesk/copydesk/services/auth/internal/domain"
	"github.com/copydesk/copydesk/services/auth/internal/store"
	"github.com/copydesk/copydesk/services/auth/internal/transport"
)

// purgeInterval is how often expired refresh tokens and stale failed-login
// records are deleted.
const purgeInterval = time.Hour

func main() {
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "auth:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	c, err := loadConfig(config.FromEnv())
	if err != nil {
		return err
	}
	log := logging.New(os.Stderr, c.LogLevel, "auth")
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	tokens, err := authn.New(c.JWTSecret, c.JWTIssuer, c.AccessTTL)
	if err != nil {
		return err
	}
	db, closeDB, err := service.OpenMongo(ctx, c.Common, log, store.Migrations)
	if err != nil {
		return err
	}
	defer closeDB()

	usersConn, err := grpcclient.Dial(c.UsersAddr, grpcclient.Options{Service: "auth", Tokens: tokens})
	if err != nil {
		return err
	}
	defer func() { _ = usersConn.Close() }()

	svc, err := domain.New(domain.Deps{
		Directory: transport.NewDirectory(usersv1.NewDirectoryServiceClient(usersConn)),
		Tokens:    store.NewRefreshTokens(db, c.RefreshTTL+time.Hour), // family marks outlive the family's tokens
		Throttle:  store.NewLoginThrottle(db),
		Issuer:    tokens,
		Log:       log,
	}, domain.Config{MaxFailures: c.MaxFailures, Lockout: c.Lockout, RefreshTTL: c.RefreshTTL})
	if err != nil {
		return err
	}
	go svc.RunPurge(ctx, purgeInterval)

	srv := c.Server(authv1.AuthService_ServiceDesc.ServiceName, log, tokens, transport.Policy())
	authv1.RegisterAuthServiceServer(srv, transport.NewServer(svc, usersv1.NewUserServiceClient(usersConn)))
	return srv.Serve(ctx)
}
