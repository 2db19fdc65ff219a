// Command gateway is the REST edge of Copydesk (grpc-gateway v2): it
// verifies the caller's JWT and forwards requests to the gRPC services
// listed in internal/edge/services.go.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/copydesk/copydesk/gateway/internal/console"
	"github.com/copydesk/copydesk/gateway/internal/edge"
	"github.com/copydesk/copydesk/gateway/internal/idempotency"
	"github.com/copydesk/copydesk/pkg/authn"
	"github.com/copydesk/copydesk/pkg/config"
	"github.com/copydesk/copydesk/pkg/grpcserver"
	"github.com/copydesk/copydesk/pkg/logging"
	"github.com/copydesk/copydesk/pkg/mtls"
	"github.com/copydesk/copydesk/pkg/pprofserve"
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
	// S3 links go to S3; the disk store's come to /files/ here, checked
	// with FILES_LINK_SECRET: refused before anything starts when it is
	// missing or short.
	files, err := cfg.FileLinks()
	if err != nil {
		return err
	}
	log := logging.New(os.Stderr, cfg.LogLevel, "gateway")
	if addr := environ.String(pprofserve.EnvAddr, ""); addr != "" {
		lis, err := pprofserve.Listen(addr)
		if err != nil {
			return err
		}
		go pprofserve.Serve(ctx, lis, log)
	}
	stopTracing, err := tracing.Start(ctx, "gateway", environ.String(tracing.EnvEndpoint, ""))
	if err != nil {
		return fmt.Errorf("tracing: %w", err)
	}
	defer tracing.Flush(stopTracing)
	tlsCfg, err := mtls.FromDir(cfg.TLSDir, grpcserver.EdgeIdentity, log)
	if err != nil {
		return err
	}
	backends, closeAll, err := edge.Dial(cfg.ServiceAddrs, tlsCfg)
	if err != nil {
		return err
	}
	defer func() { _ = closeAll() }()
	// The gateway only verifies tokens, with the public keys auth publishes.
	keys, err := edge.NewKeys(backends, log)
	if err != nil {
		return err
	}
	go keys.Run(ctx)

	var idem *idempotency.Keys
	if cfg.Idempotency.MongoURI != "" {
		var closeDB func()
		if idem, closeDB, err = idempotency.Open(ctx, cfg.Idempotency, log); err != nil {
			return err
		}
		defer closeDB()
	} else {
		log.Info("Idempotency-Key not served: no MONGO_URI")
	}

	// The session cut-offs are read with the gateway's own certificate
	// (the edge role, which only that feed admits).
	cutoffs, err := edge.NewCutoffsFrom(backends, cfg.SessionPoll, cfg.SessionLookback, log)
	if err != nil {
		return err
	}
	go cutoffs.Run(ctx)

	adminConsole := console.New(cfg.AdminDir)
	if !adminConsole.Built() {
		log.Info("admin console not served: no built console in ADMIN_DIR", "admin_dir", cfg.AdminDir)
	}
	h, err := edge.NewHandler(ctx, edge.Options{
		Logger:       log,
		Verifier:     authn.NewVerifier(keys, cfg.JWTIssuer),
		Keys:         keys,
		Backends:     backends,
		CORSOrigins:  cfg.CORSOrigins,
		MaxBodyBytes: cfg.MaxBodyBytes, MaxUploadBytes: cfg.MaxUploadBytes, Files: files,
		ReadyTimeout: cfg.ReadyTimeout,
		Limits:       cfg.Limits,
		Cutoffs:      cutoffs,
		Console:      adminConsole,
		Idempotency:  idem,
	})
	if err != nil {
		return err
	}
	debug.FreeOSMemory() // start-up's one-time allocations go back before serving (P4)
	return edge.Serve(ctx, edge.NewHTTPServer(cfg, tracing.HTTP(h), log), log, cfg.DrainDelay, cfg.ShutdownTimeout)
}
