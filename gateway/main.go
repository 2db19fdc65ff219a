// Command gateway is the REST edge of Copydesk (grpc-gateway v2): it
// verifies the caller's JWT and forwards requests to the gRPC services
// listed in internal/edge/services.go.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/copydesk/copydesk/gateway/internal/console"
	"github.com/copydesk/copydesk/gateway/internal/edge"
	"github.com/copydesk/copydesk/pkg/authn"
	"github.com/copydesk/copydesk/pkg/config"
	"github.com/copydesk/copydesk/pkg/logging"
	"github.com/copydesk/copydesk/pkg/tracing"
)

func main() {
	if len(os.Args) == 2 && os.Args[1] == "-healthcheck" {
		if err := healthcheck(); err != nil {
			fmt.Fprintln(os.Stderr, "gateway: unhealthy:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "gateway:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	// The environment overlaid with AWS_SECRETS (pkg/config.Source).
	// Nothing the gateway reads changes live: SIGHUP is ignored, and a
	// changed setting takes a restart.
	signal.Ignore(syscall.SIGHUP)
	src, err := config.OpenEnv(ctx)
	if err != nil {
		return err
	}
	environ, err := src.Read(ctx)
	if err != nil {
		return err
	}
	cfg, err := edge.LoadConfig(environ)
	if err != nil {
		return err
	}
	log := logging.New(os.Stderr, cfg.LogLevel, "gateway")
	stopTracing, err := tracing.Start(ctx, "gateway", environ.String(tracing.EnvEndpoint, ""))
	if err != nil {
		return fmt.Errorf("tracing: %w", err)
	}
	defer tracing.Flush(stopTracing)
	// The gateway only verifies tokens; the lifetime is that of tokens it
	// never issues.
	tokens, err := authn.New(cfg.JWTSecret, cfg.JWTIssuer, 15*time.Minute)
	if err != nil {
		return fmt.Errorf("jwt: %w", err)
	}
	backends, closeAll, err := edge.Dial(cfg.ServiceAddrs)
	if err != nil {
		return err
	}
	defer func() { _ = closeAll() }()

	adminConsole := console.New(cfg.AdminDir)
	if !adminConsole.Built() {
		log.Info("admin console not served: no built console in ADMIN_DIR", "admin_dir", cfg.AdminDir)
	}
	h, err := edge.NewHandler(ctx, edge.Options{
		Logger:       log,
		Verifier:     tokens,
		Backends:     backends,
		CORSOrigins:  cfg.CORSOrigins,
		MaxBodyBytes: cfg.MaxBodyBytes,
		ReadyTimeout: cfg.ReadyTimeout,
		Console:      adminConsole,
	})
	if err != nil {
		return err
	}
	return edge.Serve(ctx, edge.NewHTTPServer(cfg, tracing.HTTP(h), log), log, cfg.ShutdownTimeout)
}
