package grpcserver

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"runtime/debug"

	grpcprom "github.com/grpc-ecosystem/go-grpc-middleware/providers/prometheus"
	middleware "github.com/grpc-ecosystem/go-grpc-middleware/v2"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/auth"
	mwlog "github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/logging"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/recovery"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/selector"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/copydesk/copydesk/pkg/logging"
	"github.com/copydesk/copydesk/pkg/principal"
)

// chain returns the unary and stream interceptors in the order of the
// package comment (outermost first).
func chain(o Options, m *grpcprom.ServerMetrics) []grpc.ServerOption {
	rec := recovery.WithRecoveryHandlerContext(recoverPanic(o.Logger))
	access := accessLogger(o.Logger)
	logOnFinish := mwlog.WithLogOnEvents(mwlog.FinishCall)
	authFn := authFunc(o.Verifier, o.Policy)
	needsAuth := selector.MatchFunc(func(_ context.Context, c interceptors.CallMeta) bool {
		return !o.Policy.Public[c.FullMethod()]
	})
	return []grpc.ServerOption{
		grpc.ChainUnaryInterceptor(
			recovery.UnaryServerInterceptor(rec),
			requestIDUnary,
			m.UnaryServerInterceptor(),
			mwlog.UnaryServerInterceptor(access, logOnFinish),
			recovery.UnaryServerInterceptor(rec),
			mapErrorsUnary(o.Logger),
			selector.UnaryServerInterceptor(auth.UnaryServerInterceptor(authFn), needsAuth),
			plainTextUnary,
		),
		grpc.ChainStreamInterceptor(
			recovery.StreamServerInterceptor(rec),
			requestIDStream,
			m.StreamServerInterceptor(),
			mwlog.StreamServerInterceptor(access, logOnFinish),
			recovery.StreamServerInterceptor(rec),
			mapErrorsStream(o.Logger),
			selector.StreamServerInterceptor(auth.StreamServerInterceptor(authFn), needsAuth),
			plainTextStream,
		),
	}
}

// accessLogger adapts the service's slog logger to the logging
// interceptor (the library's LoggerFunc pattern). The context carries the
// request id, which the logger adds to the record.
func accessLogger(log *slog.Logger) mwlog.Logger {
	return mwlog.LoggerFunc(func(ctx context.Context, lvl mwlog.Level, msg string, fields ...any) {
		log.Log(ctx, slog.Level(lvl), msg, fields...)
	})
}

// recoverPanic logs a handler's panic with its stack and answers a neutral
// Internal; the panic value never reaches the client.
func recoverPanic(log *slog.Logger) recovery.RecoveryHandlerFuncContext {
	return func(ctx context.Context, p any) error {
		method, _ := grpc.Method(ctx)
		log.ErrorContext(ctx, "panic in handler", "method", method, "panic", p, "stack", string(debug.Stack()))
		return status.Error(codes.Internal, "Internal server error")
	}
}

// mapError turns a handler's error into a status with ToStatus; an error
// ToStatus does not know is logged with its cause, and the client gets the
// neutral Internal.
func mapError(ctx context.Context, log *slog.Logger, err error) error {
	if err == nil {
		return nil
	}
	s, known := statusFor(ctx, err)
	if !known {
		method, _ := grpc.Method(ctx)
		log.ErrorContext(ctx, "internal error", "method", method, "error", err.Error())
	}
	return s.Err()
}

func mapErrorsUnary(log *slog.Logger) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
		resp, err := h(ctx, req)
		if err != nil {
			return nil, mapError(ctx, log, err)
		}
		return resp, nil
	}
}

func mapErrorsStream(log *slog.Logger) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, h grpc.StreamHandler) error {
		return mapError(ss.Context(), log, h(srv, ss))
	}
}

// withRequestID takes the caller's x-request-id (or makes one), returns it
// in the response header and adds it to every log record of the call.
func withRequestID(ctx context.Context) context.Context {
	rid := requestID(ctx)
	_ = grpc.SetHeader(ctx, metadata.Pairs(principal.MDRequestID, rid))
	return logging.WithAttrs(ctx, slog.String("request_id", rid))
}

func requestIDUnary(ctx context.Context, req any, _ *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
	return h(withRequestID(ctx), req)
}

func requestIDStream(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, h grpc.StreamHandler) error {
	w := middleware.WrapServerStream(ss)
	w.WrappedContext = withRequestID(ss.Context())
	return h(srv, w)
}

func requestID(ctx context.Context) string {
	md, _ := metadata.FromIncomingContext(ctx)
	if v := md.Get(principal.MDRequestID); len(v) == 1 && len(v[0]) > 0 && len(v[0]) <= 64 {
		return v[0]
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
