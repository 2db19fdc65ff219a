package grpcserver

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"runtime/debug"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/copydesk/copydesk/pkg/logging"
	"github.com/copydesk/copydesk/pkg/principal"
)

type interceptors struct {
	log      *slog.Logger
	verifier Verifier
	policy   Policy
	metrics  *metrics
	mapErr   func(ctx context.Context, method string, err error) error
}

// call runs the chain of the package comment around next.
func (ic interceptors) call(ctx context.Context, method string, next func(context.Context) error) (err error) {
	// 1. recovery
	defer func() {
		if r := recover(); r != nil {
			ic.log.ErrorContext(ctx, "panic in handler", "method", method, "panic", r, "stack", string(debug.Stack()))
			err = status.Error(codes.Internal, "Internal server error")
		}
	}()
	// 2. request id
	rid := requestID(ctx)
	ctx = logging.WithAttrs(ctx, slog.String("request_id", rid))
	_ = grpc.SetHeader(ctx, metadata.Pairs(principal.MDRequestID, rid))
	// 3. metrics and access log
	start := time.Now()
	defer func() {
		code := status.Code(err)
		ic.metrics.handled.WithLabelValues(method, code.String()).Inc()
		ic.metrics.duration.WithLabelValues(method).Observe(time.Since(start).Seconds())
		lvl := slog.LevelInfo
		if code == codes.Internal || code == codes.Unknown {
			lvl = slog.LevelError
		}
		ic.log.Log(ctx, lvl, "rpc", "method", method, "code", code.String(), "duration_ms", time.Since(start).Milliseconds())
	}()
	// 4. error mapping
	defer func() { err = ic.mapErr(ctx, method, err) }()
	// 5. auth
	ctx, err = authenticate(ctx, ic.verifier, ic.policy, method)
	if err != nil {
		return err
	}
	if p, ok := principal.From(ctx); ok {
		ctx = logging.WithAttrs(ctx, slog.String("user_id", p.UserID), slog.String("company_id", p.CompanyID))
	}
	return next(ctx)
}

func (ic interceptors) unary(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
	var resp any
	err := ic.call(ctx, info.FullMethod, func(ctx context.Context) error {
		var err error
		resp, err = h(ctx, req)
		return err
	})
	if err != nil {
		return nil, err
	}
	return resp, nil
}

func (ic interceptors) stream(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, h grpc.StreamHandler) error {
	return ic.call(ss.Context(), info.FullMethod, func(ctx context.Context) error {
		return h(srv, &ctxStream{ServerStream: ss, ctx: ctx})
	})
}

type ctxStream struct {
	grpc.ServerStream
	ctx context.Context
}

func (s *ctxStream) Context() context.Context { return s.ctx }

func requestID(ctx context.Context) string {
	md, _ := metadata.FromIncomingContext(ctx)
	if v := md.Get(principal.MDRequestID); len(v) == 1 && len(v[0]) > 0 && len(v[0]) <= 64 {
		return v[0]
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
