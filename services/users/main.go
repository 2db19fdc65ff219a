// Command users serves companies and users (CompanyService, UserService)
// and the internal DirectoryService used by auth for logins. On start it
// applies the database migrations and bootstraps the system company and
// the first superadmin.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/authn"
	"github.com/copydesk/copydesk/pkg/config"
	"github.com/copydesk/copydesk/pkg/grpcserver"
	"github.com/copydesk/copydesk/pkg/logging"
	"github.com/copydesk/copydesk/pkg/service"
	"github.com/copydesk/copydesk/services/users/internal/domain"
	"github.com/copydesk/copydesk/services/users/internal/password"
	"github.com/copydesk/copydesk/services/users/internal/store"
	"github.com/copydesk/copydesk/services/users/internal/transport"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, config.FromEnv(), os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "users:", err)
		stop()
		os.Exit(1)
	}
}

func run(ctx context.Context, env *config.Reader, stdout, stderr io.Writer) error {
	cfg, err := readSettings(env)
	if err != nil {
		return err
	}
	log := logging.New(stderr, cfg.LogLevel, "users")
	db, closeDB, err := service.OpenMongo(ctx, cfg.Common, log, store.Migrations)
	if err != nil {
		return err
	}
	defer closeDB()
	srv, err := setup(ctx, cfg, db, log, stdout)
	if err != nil {
		return err
	}
	return srv.Serve(ctx)
}

// setup bootstraps the first superadmin in the migrated database and builds
// the gRPC server with every service registered.
func setup(ctx context.Context, cfg settings, db *mongo.Database, log *slog.Logger, stdout io.Writer) (*grpcserver.Server, error) {
	tokens, err := authn.New(cfg.JWTSecret, cfg.JWTIssuer, 15*time.Minute)
	if err != nil {
		return nil, err
	}
	st := store.New(db)
	svc := domain.New(st, st, password.New(password.Default))
	res, err := svc.Bootstrap(ctx, cfg.AdminEmail, cfg.AdminPassword)
	if err != nil {
		return nil, err
	}
	if res.Created {
		log.InfoContext(ctx, "superadmin created", "email", res.Email)
		if res.Password != "" {
			// Shown once on stdout, never in the logs.
			fmt.Fprintf(stdout, "Superadmin created: email=%s password=%s\n", res.Email, res.Password)
		}
	}
	srv := cfg.Server("copydesk.users.v1", log, tokens, transport.Policy())
	transport.Register(srv, svc)
	return srv, nil
}
