package service

import (
	"context"
	"io"
	"log/slog"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"google.golang.org/grpc"

	"github.com/copydesk/copydesk/pkg/authn"
	"github.com/copydesk/copydesk/pkg/config"
	"github.com/copydesk/copydesk/pkg/grpcclient"
	"github.com/copydesk/copydesk/pkg/grpcserver"
	"github.com/copydesk/copydesk/pkg/mtls"
)

// Env is what Run hands a service's Wire: the parts every service shares,
// and the places to declare its connections, jobs and cleanups so that
// they stop in the one order of the package comment.
type Env struct {
	Log    *slog.Logger
	DB     *mongo.Database    // the service's own database, migrated
	Tokens *authn.Verifier    // verifies user access tokens with auth's public keys
	Signer *authn.Signer      // auth's signing keys (Spec.Signer); nil in every other service
	TLS    *mtls.Config       // this process's mutual TLS (TLS_DIR); nil when plaintext
	Server *grpcserver.Server // register the service's handlers on it
	Stdout io.Writer          // one-time messages for the operator, never logged

	jobs     []func(context.Context)
	cleanups []func()
	reloads  []func(*config.Reader) error
}

// Dial connects to another Copydesk service at addr (over mutual TLS when
// TLS_DIR is set). Calls carry the caller's identity on; made on nobody's
// behalf they carry no token, and this service's certificate names the
// caller. The connection is closed at shutdown, after the jobs.
func (e *Env) Dial(addr string) (*grpc.ClientConn, error) {
	return e.DialTimeout(addr, 0)
}

// DialTimeout is Dial with another default deadline for unary calls (0:
// grpcclient's default).
func (e *Env) DialTimeout(addr string, timeout time.Duration) (*grpc.ClientConn, error) {
	conn, err := grpcclient.Dial(addr, grpcclient.Options{TLS: e.TLS, Timeout: timeout})
	if err != nil {
		return nil, err
	}
	e.Cleanup(func() { _ = conn.Close() })
	return conn, nil
}

// Go declares a background job. It starts with the server; its context is
// done at shutdown or when the server fails, and it must then return. Run
// waits for every job before the cleanups run and Mongo closes.
func (e *Env) Go(job func(ctx context.Context)) {
	e.jobs = append(e.jobs, job)
}

// Every declares a job (see Go) that runs tick at once and then every
// interval. A failed tick is logged as "<what> failed" and the next tick
// tries again.
func (e *Env) Every(what string, interval time.Duration, tick func(ctx context.Context) error) {
	e.Go(func(ctx context.Context) { RunEvery(ctx, e.Log, what, interval, tick) })
}

// RunEvery runs tick at once and then every interval until ctx is done,
// logging a failed tick as "<what> failed" (Every's loop, for processes
// that are not services, such as the gateway).
func RunEvery(ctx context.Context, log *slog.Logger, what string, interval time.Duration, tick func(context.Context) error) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if err := tick(ctx); err != nil && ctx.Err() == nil {
			log.WarnContext(ctx, what+" failed", "error", err.Error())
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Cleanup registers f to run at shutdown, after the server has drained
// and every job has returned, before Mongo closes. The last registered
// runs first.
func (e *Env) Cleanup(f func()) {
	e.cleanups = append(e.cleanups, f)
}

func (e *Env) cleanup() {
	for i := len(e.cleanups) - 1; i >= 0; i-- {
		e.cleanups[i]()
	}
}
