package edge

import (
	"context"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"github.com/copydesk/copydesk/gateway/internal/errorsx"
	"github.com/copydesk/copydesk/pkg/authn"
)

// ops serves the public operational endpoints and passes the rest on.
type ops struct {
	backends     []Backend
	readyTimeout time.Duration
	metrics      http.Handler
	apiDoc       []byte // internal/apidoc's document, built at start-up
	keys         Keys   // nil: no /.well-known/jwks.json
	next         http.Handler
}

func newOps(backends []Backend, readyTimeout time.Duration, reg *prometheus.Registry, apiDoc []byte, keys Keys, next http.Handler) http.Handler {
	return &ops{
		keys:         keys,
		backends:     backends,
		readyTimeout: readyTimeout,
		metrics:      promhttp.HandlerFor(reg, promhttp.HandlerOpts{}),
		apiDoc:       apiDoc,
		next:         next,
	}
}

func (o *ops) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var h func(http.ResponseWriter, *http.Request)
	switch r.URL.Path {
	case "/healthz":
		h = func(w http.ResponseWriter, _ *http.Request) {
			errorsx.WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
		}
	case "/readyz":
		h = o.ready
	case "/metrics":
		h = o.metrics.ServeHTTP
	case "/openapi.json":
		h = func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(o.apiDoc)
		}
	case "/.well-known/jwks.json":
		if o.keys == nil {
			o.next.ServeHTTP(w, r)
			return
		}
		h = o.jwks
	default:
		o.next.ServeHTTP(w, r)
		return
	}
	if info := infoFrom(r.Context()); info != nil {
		info.route = r.URL.Path
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		errorsx.WriteDetail(w, http.StatusMethodNotAllowed, "Method Not Allowed")
		return
	}
	h(w, r)
}

// ready checks every backend's grpc.health.v1 status at once, each with
// its own short deadline. Failures are named, never addressed.
func (o *ops) ready(w http.ResponseWriter, r *http.Request) {
	var (
		mu     sync.Mutex
		failed []string
		wg     sync.WaitGroup
	)
	for _, b := range o.backends {
		wg.Go(func() {
			if !o.serving(r.Context(), b) {
				mu.Lock()
				failed = append(failed, b.Name)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(failed) > 0 {
		sort.Strings(failed)
		errorsx.WriteJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "unavailable", "failed": failed})
		return
	}
	errorsx.WriteJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

func (o *ops) serving(ctx context.Context, b Backend) bool {
	ctx, cancel := context.WithTimeout(ctx, o.readyTimeout)
	defer cancel()
	res, err := healthpb.NewHealthClient(b.Conn).Check(ctx, &healthpb.HealthCheckRequest{})
	return err == nil && res.GetStatus() == healthpb.HealthCheckResponse_SERVING
}

// jwks serves the public keys of access tokens as a JWK Set (RFC 7517),
// for anyone who verifies Copydesk tokens. Until the first fetch from auth
// it is a 503.
func (o *ops) jwks(w http.ResponseWriter, _ *http.Request) {
	keys := o.keys.PublicKeys()
	if len(keys) == 0 {
		errorsx.WriteDetail(w, http.StatusServiceUnavailable, "Signing keys not available yet; retry later")
		return
	}
	w.Header().Set("Content-Type", "application/jwk-set+json")
	w.Header().Set("Cache-Control", "public, max-age=60")
	_, _ = w.Write(authn.JWKS(keys))
}
