package edge

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/copydesk/copydesk/gateway/internal/errorsx"
	"github.com/copydesk/copydesk/pkg/logging"
)

// requestInfo is filled while a request travels inward (route, caller)
// and read by observe when it returns.
type requestInfo struct {
	requestID string
	route     string
	userID    string
	companyID string
	// clientAddr is the client's IP (limits.go clientAddr).
	clientAddr string
}

type infoKey struct{}

func infoFrom(ctx context.Context) *requestInfo {
	info, _ := ctx.Value(infoKey{}).(*requestInfo)
	return info
}

// validRequestID is what a client may choose as its X-Request-Id.
var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

type observer struct {
	log      *slog.Logger
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newObserver(log *slog.Logger, reg *prometheus.Registry) *observer {
	o := &observer{
		log: log,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "copydesk_http_requests_total", Help: "HTTP requests by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "copydesk_http_request_duration_seconds", Help: "HTTP request latency by route pattern and method.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route", "method"}),
	}
	reg.MustRegister(o.requests, o.duration)
	return o
}

// wrap recovers panics, sets X-Request-Id, logs one line per request
// (never the Authorization header nor a body) and records metrics.
func (o *observer) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		info := &requestInfo{requestID: r.Header.Get("X-Request-Id"), route: "unmatched"}
		if !validRequestID.MatchString(info.requestID) {
			info.requestID = newRequestID()
		}
		ctx := context.WithValue(r.Context(), infoKey{}, info)
		ctx = logging.WithAttrs(ctx, slog.String("request_id", info.requestID))
		w.Header().Set("X-Request-Id", info.requestID)
		rec := &recorder{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				o.log.ErrorContext(ctx, "panic serving request", "panic", p)
				if !rec.wrote {
					errorsx.WriteDetail(rec, http.StatusInternalServerError, errorsx.MsgInternal)
				}
			}
			o.done(ctx, r, info, rec, time.Since(start))
		}()
		next.ServeHTTP(rec, r.WithContext(ctx))
	})
}

func (o *observer) done(ctx context.Context, r *http.Request, info *requestInfo, rec *recorder, d time.Duration) {
	code := rec.status
	if code == 0 {
		code = http.StatusOK
	}
	o.requests.WithLabelValues(info.route, r.Method, strconv.Itoa(code)).Inc()
	o.duration.WithLabelValues(info.route, r.Method).Observe(d.Seconds())
	attrs := []any{
		"method", r.Method, "route", info.route, "status", code,
		"duration_ms", float64(d.Microseconds()) / 1000, "bytes", rec.bytes,
	}
	if info.userID != "" {
		attrs = append(attrs, "user_id", info.userID, "company_id", info.companyID)
	}
	o.log.InfoContext(ctx, "http request", attrs...)
}

func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}

// recorder remembers the status and size of an answer; it keeps Flush
// (grpc-gateway streams need it) and Unwrap (http.ResponseController).
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int
	wrote  bool
}

func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if !r.wrote {
		r.status, r.wrote = http.StatusOK, true
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

func (r *recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		if !r.wrote {
			r.status, r.wrote = http.StatusOK, true
		}
		f.Flush()
	}
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
