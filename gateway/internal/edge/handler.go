package edge

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"google.golang.org/grpc/metadata"

	"github.com/copydesk/copydesk/gateway/internal/apidoc"
	"github.com/copydesk/copydesk/gateway/internal/console"
	"github.com/copydesk/copydesk/gateway/internal/errorsx"
	"github.com/copydesk/copydesk/gateway/internal/idempotency"
	"github.com/copydesk/copydesk/gateway/internal/marshal"
	"github.com/copydesk/copydesk/gen/openapi"
	"github.com/copydesk/copydesk/pkg/authn"
	"github.com/copydesk/copydesk/pkg/principal"
)

// Verifier verifies user access tokens (authn.Verifier).
type Verifier interface {
	Verify(token string) (principal.Principal, error)
}

// Keys are the public keys access tokens are verified with
// (authn.RemoteKeys), served as /.well-known/jwks.json.
type Keys interface {
	PublicKeys() []authn.PublicKey
}

// Options configure the edge handler.
type Options struct {
	Logger       *slog.Logger
	Verifier     Verifier
	Keys         Keys
	Backends     []Backend
	CORSOrigins  []string
	MaxBodyBytes int64
	// MaxUploadBytes bounds the body of the multipart upload routes
	// (default 25 MiB).
	MaxUploadBytes int64
	// Files serves the disk file store's signed links at /files/; nil
	// serves none (S3 links go to S3).
	Files        http.Handler
	ReadyTimeout time.Duration
	// Registry receives the HTTP metrics and is served at /metrics; nil
	// makes a new one with the Go runtime and process collectors.
	Registry *prometheus.Registry
	// Console serves the admin console at /admin; nil serves none (404).
	Console *console.Handler
	// Idempotency serves Idempotency-Key on POSTs; nil answers such a
	// request 501 (a gateway without a database).
	Idempotency *idempotency.Keys
	// Limits are the rate limits (zero rates: none) and the idle write
	// timeout of streams (default 30s).
	Limits Limits
	// Cutoffs, when set, refuses the access tokens of ended sessions
	// (cutoffs.go); the caller runs its poll.
	Cutoffs *Cutoffs
}

// NewHandler builds the edge: the grpc-gateway mux with every backend's
// handlers registered, wrapped in the middlewares of the package comment.
func NewHandler(ctx context.Context, o Options) (http.Handler, error) {
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = 1 << 20
	}
	if o.MaxUploadBytes <= 0 {
		o.MaxUploadBytes = 25 << 20
	}
	if o.ReadyTimeout <= 0 {
		o.ReadyTimeout = 2 * time.Second
	}
	if o.Registry == nil {
		o.Registry = prometheus.NewRegistry()
		o.Registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	jsonM := marshal.NewJSON()
	if o.Cutoffs != nil {
		o.Verifier = cutVerifier{Verifier: o.Verifier, cut: o.Cutoffs}
	}
	if o.Limits.StreamIdle <= 0 {
		o.Limits.StreamIdle = 30 * time.Second
	}
	rm := &routeMiddleware{verifier: o.Verifier, slow: slowRoutes(o.Backends), edits: editRoutes(), limits: o.Limits,
		users: newBuckets(o.Limits.UserRPS, o.Limits.UserBurst), addrs: newBuckets(o.Limits.AddrRPS, o.Limits.AddrBurst), keys: o.Idempotency}
	mux := runtime.NewServeMux(
		runtime.WithMarshalerOption(runtime.MIMEWildcard, jsonM),
		runtime.WithMarshalerOption(marshal.MIMEJSON, jsonM),
		runtime.WithMarshalerOption(marshal.MIMEForm, marshal.NewForm(jsonM)),
		// Nothing a client sends becomes metadata: identity goes on from
		// the verified principal (grpcclient), the request id from
		// requestMetadata. The same holds for answers: no Grpc-Metadata-*
		// header reaches a client (X-Request-Id is set by observe).
		runtime.WithIncomingHeaderMatcher(dropHeader),
		runtime.WithOutgoingHeaderMatcher(dropHeader),
		runtime.WithOutgoingTrailerMatcher(dropHeader),
		runtime.WithMetadata(requestMetadata),
		runtime.WithErrorHandler(errorsx.Handler(o.Logger)),
		runtime.WithRoutingErrorHandler(errorsx.RoutingHandler),
		runtime.WithDisablePathLengthFallback(),
		runtime.WithDisableHTTPMethodOverride(),
		runtime.WithMiddlewares(rm.wrap),
	)
	rm.mux = mux
	for _, b := range o.Backends {
		for _, reg := range b.Register {
			if err := reg(ctx, mux, b.Conn); err != nil {
				return nil, fmt.Errorf("register %s: %w", b.Name, err)
			}
		}
	}
	var h http.Handler = mux
	if o.Console == nil {
		o.Console = console.New("")
	}
	h = withConsole(o.Console, h)
	h = withFiles(o.Files, h)
	apiDoc, err := apidoc.Build(openapi.Swagger)
	if err != nil {
		return nil, err
	}
	h = newOps(o.Backends, o.ReadyTimeout, o.Registry, apiDoc, o.Keys, h)
	h = sanitize(o.MaxBodyBytes, o.MaxUploadBytes, h)
	h = newCORS(o.CORSOrigins, h)
	h = newObserver(o.Logger, o.Registry).wrap(h)
	return h, nil
}

func dropHeader(string) (string, bool) { return "", false }

// requestMetadata forwards the request id (validated or made by observe)
// and the client's address (limits.go clientAddr).
func requestMetadata(ctx context.Context, _ *http.Request) metadata.MD {
	info := infoFrom(ctx)
	if info == nil {
		return nil
	}
	md := metadata.MD{}
	if info.requestID != "" {
		md.Set(principal.MDRequestID, info.requestID)
	}
	if info.clientAddr != "" {
		md.Set(principal.MDClientAddr, info.clientAddr)
	}
	return md
}
