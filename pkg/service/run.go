package service

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"golang.org/x/sync/errgroup"

	authv1 "github.com/copydesk/copydesk/gen/copydesk/auth/v1"
	"github.com/copydesk/copydesk/pkg/authn"
	"github.com/copydesk/copydesk/pkg/config"
	"github.com/copydesk/copydesk/pkg/grpcserver"
	"github.com/copydesk/copydesk/pkg/logging"
	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/pkg/mtls"
	"github.com/copydesk/copydesk/pkg/pprofserve"
	"github.com/copydesk/copydesk/pkg/tracing"
)

// Settings is what a service's Config is: a struct that embeds Common.
type Settings interface{ Base() Common }

// Spec describes a service to Run. Each service's main.go declares one.
type Spec[C Settings] struct {
	// Name is the full proto name of the service's main gRPC service,
	// copydesk.<service>.v1.<X>Service: the server's health name. The
	// <service> part names the logs, the service identities and Main's errors.
	Name string
	// Load reads and checks the service's Config (its LoadConfig).
	Load func(*config.Reader) (C, error)
	// Migrations of the service's database, applied before Wire.
	Migrations []mongox.Migration
	// Policy lists the roles of every RPC; a method missing from it is
	// refused.
	Policy grpcserver.Policy
	// Signer, set by auth alone, reads the keys it signs access tokens
	// with; they also verify its callers. Every other service verifies
	// with the public keys it fetches from auth (AUTH_ADDR).
	Signer func(C) (*authn.Signer, error)
	// Wire builds the domain from env and c, registers the handlers on
	// env.Server and declares background jobs with env.Go. It must not
	// block; the server starts when it returns.
	Wire func(ctx context.Context, env *Env, c C) error
}

// Process is what Run takes from its process. Main fills it from the
// operating system; tests fill it themselves.
type Process struct {
	Environ *config.Reader // the settings (Main: config.FromEnv())
	Stdout  io.Writer      // one-time messages for the operator (Env.Stdout)
	Stderr  io.Writer      // the JSON logs
	// Listener, when set, is served instead of binding GRPC_ADDR.
	Listener net.Listener
	// Hangup and Reload, when both set: each value on Hangup (Main:
	// SIGHUP) reads the settings again with Reload (Main: the environment
	// overlaid with AWS_SECRETS, fetched again) and hands them to the hooks
	// of Env.OnReload.
	Hangup <-chan os.Signal
	Reload func(context.Context) (*config.Reader, error)
}

// Main runs s as the process: Run on the environment (overlaid with the
// secrets of AWS_SECRETS, see config.Source) until SIGINT or SIGTERM, then
// exit 0; SIGHUP reloads the settings (Env.OnReload). On an error it
// prints "<service>: <error>" and exits 1.
func Main[C Settings](s Spec[C]) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	hangup := make(chan os.Signal, 1)
	signal.Notify(hangup, syscall.SIGHUP)
	err := runMain(ctx, s, hangup)
	stop()
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", cmp.Or(shortName(s.Name), s.Name), err)
		os.Exit(1)
	}
}

func runMain[C Settings](ctx context.Context, s Spec[C], hangup <-chan os.Signal) error {
	src, err := config.OpenEnv(ctx)
	if err != nil {
		return err
	}
	environ, err := src.Read(ctx)
	if err != nil {
		return err
	}
	return Run(ctx, s, Process{Environ: environ, Stdout: os.Stdout, Stderr: os.Stderr, Hangup: hangup, Reload: src.Read})
}

// Run starts the service and blocks until ctx is done or the server fails:
// config, logger, tokens, Mongo and migrations, the gRPC server, Wire, then
// the server and the background jobs together. On ctx done the server
// turns NOT_SERVING and drains while the jobs stop; Run waits for both,
// runs the cleanups, closes Mongo and returns nil. When the server fails
// (e.g. its port is taken) the jobs are stopped and waited for the same
// way and Run returns the error.
func Run[C Settings](ctx context.Context, s Spec[C], p Process) error {
	if p.Listener != nil {
		defer func() { _ = p.Listener.Close() }()
	}
	short := shortName(s.Name)
	if short == "" {
		return fmt.Errorf("service name %q is not copydesk.<service>.v1.<X>Service", s.Name)
	}
	c, err := s.Load(p.Environ)
	if err != nil {
		return err
	}
	base := c.Base()
	log := logging.New(p.Stderr, base.LogLevel, short)
	stopTracing, err := tracing.Start(ctx, short, p.Environ.String(tracing.EnvEndpoint, ""))
	if err != nil {
		return fmt.Errorf("tracing: %w", err)
	}
	defer tracing.Flush(stopTracing)
	if addr := p.Environ.String(pprofserve.EnvAddr, ""); addr != "" { // profiles, loopback only
		lis, err := pprofserve.Listen(addr)
		if err != nil {
			return err
		}
		go pprofserve.Serve(ctx, lis, log)
	}
	tlsCfg, err := mtls.FromDir(base.TLSDir, short, log)
	if err != nil {
		return err
	}
	db, closeDB, err := OpenMongo(ctx, base, log, s.Migrations)
	if err != nil {
		return err
	}
	defer closeDB()

	env := &Env{Log: log, DB: db, TLS: tlsCfg, Stdout: p.Stdout}
	defer env.cleanup()
	keys, err := verifyingKeys(env, s, c)
	if err != nil {
		return err
	}
	env.Tokens = authn.NewVerifier(keys, base.JWTIssuer)
	env.Server = grpcserver.New(grpcserver.Options{
		Name: s.Name, Addr: base.GRPCAddr, MetricsAddr: base.MetricsAddr, Logger: log, Verifier: env.Tokens, Policy: s.Policy,
		TLS: tlsCfg, Reflection: base.Reflection, HealthAddr: base.HealthAddr,
		// Not ready while the database is unreachable: the gateway's
		// /readyz names the service until it recovers.
		Ready: func(ctx context.Context) error { return db.Client().Ping(ctx, nil) },
	})
	if err := s.Wire(ctx, env, c); err != nil {
		return err
	}
	// Start-up allocates once (migrations, index reads, users' bootstrap
	// password hash, descriptors): give that memory back before serving,
	// so an idle process holds what it uses (docs/performance.md, P4).
	debug.FreeOSMemory()
	if p.Hangup != nil && p.Reload != nil {
		env.Go(func(ctx context.Context) { env.reloadOn(ctx, p.Hangup, p.Reload) })
	}

	g, gctx := errgroup.WithContext(ctx)
	for _, job := range env.jobs {
		g.Go(func() error { job(gctx); return nil })
	}
	g.Go(func() error {
		if p.Listener != nil {
			return env.Server.ServeListener(gctx, p.Listener)
		}
		return env.Server.Serve(gctx)
	})
	return g.Wait()
}

// verifyingKeys are auth's own keys (Spec.Signer), or a cache of the public
// keys fetched from auth, refreshed by a job.
func verifyingKeys[C Settings](e *Env, s Spec[C], c C) (authn.KeySource, error) {
	if s.Signer != nil {
		signer, err := s.Signer(c)
		if err != nil {
			return nil, err
		}
		e.Signer = signer
		return signer, nil
	}
	conn, err := e.Dial(c.Base().AuthAddr)
	if err != nil {
		return nil, err
	}
	keys := authn.NewRemoteKeys(authn.FetchFrom(authv1.NewAuthServiceClient(conn)), e.Log)
	e.Go(keys.Run)
	return keys, nil
}

// shortName is <service> of copydesk.<service>.v1.<X>Service, or "".
func shortName(full string) string {
	parts := strings.Split(full, ".")
	if len(parts) != 4 || parts[0] != "copydesk" || parts[1] == "" || !strings.HasPrefix(parts[2], "v") || parts[3] == "" {
		return ""
	}
	return parts[1]
}
