package edge

import (
	"net"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/copydesk/copydesk/gateway/internal/idempotency"
	"github.com/copydesk/copydesk/pkg/blobstore"
	"github.com/copydesk/copydesk/pkg/config"
)

// Config is the gateway's environment.
type Config struct {
	Host, Port string
	JWTIssuer  string
	// TLSDir holds the gateway's mutual TLS material for its calls to the
	// services (pkg/mtls); empty: plaintext.
	TLSDir         string
	LogLevel       string
	CORSOrigins    []string
	MaxBodyBytes   int64
	MaxUploadBytes int64
	MaxHeaderBytes int
	// Files is the file store: when no bucket is set, the gateway serves
	// the disk store's signed links at /files/ (FileLinks).
	Files blobstore.Config
	// ReadyTimeout bounds each service's health check in /readyz.
	ReadyTimeout      time.Duration
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	// WriteTimeout bounds writing a response. Streaming routes will lift it
	// per request (http.ResponseController.SetWriteDeadline) and rely on
	// their context instead.
	WriteTimeout time.Duration
	IdleTimeout  time.Duration
	// DrainDelay is how long the gateway keeps serving after SIGTERM with
	// /readyz at 503, before it shuts down (server.go).
	DrainDelay      time.Duration
	ShutdownTimeout time.Duration
	// AdminDir holds the built admin console served at /admin (ADMIN_DIR;
	// relative paths are from the working directory).
	AdminDir string
	// ServiceAddrs holds each service's address by name (from the table).
	ServiceAddrs map[string]string
	// Idempotency: MONGO_URI (empty: Idempotency-Key is answered 501),
	// GATEWAY_MONGO_DB, IDEMPOTENCY_TTL, IDEMPOTENCY_WAIT.
	Idempotency idempotency.Settings
	// Limits are the rate limits and stream idle timeout (limits.go).
	Limits Limits
	// SessionPoll and SessionLookback drive the session cut-offs
	// (cutoffs.go): how often they are polled, and how far back the first
	// poll reads (at least the access token lifetime).
	SessionPoll, SessionLookback time.Duration
}

// FileLinks returns the handler of the disk store's signed download links
// (/files/), or nil when the files are in S3 (AWS_S3_BUCKET: the links go
// to the bucket, and the gateway serves none). With the disk store it
// refuses to start without FILES_LINK_SECRET, or with one shorter than
// blobstore.MinLinkSecretBytes: links checked with a key derived from the empty (or
// a guessable) string could be forged by anyone who reads the source.
func (c Config) FileLinks() (http.Handler, error) {
	if c.Files.Bucket != "" {
		return nil, nil
	}
	if err := c.Files.CheckLinkSecret(); err != nil {
		return nil, err
	}
	return blobstore.NewFileHandler(c.Files.FilesDir(), blobstore.NewSigner(c.Files.LinkSecret)), nil
}

// Addr is the listen address.
func (c Config) Addr() string { return net.JoinHostPort(c.Host, c.Port) }

// LoadConfig reads the configuration and reports every problem at once.
func LoadConfig(r *config.Reader) (Config, error) {
	c := Config{
		Host:              r.String("HOST", "0.0.0.0"),
		Port:              strconv.Itoa(r.Int("PORT", 8080, 1, 65535)),
		JWTIssuer:         r.String("JWT_ISSUER", "copydesk"),
		TLSDir:            r.String("TLS_DIR", ""),
		LogLevel:          r.String("LOG_LEVEL", "info"),
		CORSOrigins:       r.List("CORS_ORIGINS", nil),
		MaxBodyBytes:      int64(r.Int("MAX_BODY_BYTES", 1<<20, 1, 1<<30)),
		MaxUploadBytes:    int64(r.Int("MAX_UPLOAD_BYTES", 25<<20, 1, 1<<30)),
		MaxHeaderBytes:    r.Int("MAX_HEADER_BYTES", 64<<10, 1<<10, 1<<20),
		ReadyTimeout:      r.Duration("READY_TIMEOUT", 2*time.Second),
		ReadHeaderTimeout: r.Duration("READ_HEADER_TIMEOUT", 10*time.Second),
		ReadTimeout:       r.Duration("READ_TIMEOUT", 30*time.Second),
		WriteTimeout:      r.Duration("WRITE_TIMEOUT", 60*time.Second),
		IdleTimeout:       r.Duration("IDLE_TIMEOUT", 120*time.Second),
		DrainDelay:        r.Duration("DRAIN_DELAY", 0),
		ShutdownTimeout:   r.Duration("SHUTDOWN_TIMEOUT", 15*time.Second),
		AdminDir:          r.String("ADMIN_DIR", "web/admin/dist"),
		ServiceAddrs:      map[string]string{},
		Idempotency: idempotency.Settings{
			MongoURI: r.String("MONGO_URI", ""),
			Database: r.String("GATEWAY_MONGO_DB", "copydesk_gateway"),
			TTL:      r.Duration("IDEMPOTENCY_TTL", 24*time.Hour),
			Wait:     r.Duration("IDEMPOTENCY_WAIT", 10*time.Second),
		},
	}
	c.Files = blobstore.ReadConfig(r)
	c.Limits = readLimits(r)
	c.SessionPoll = r.Duration("SESSION_POLL_INTERVAL", time.Second)
	c.SessionLookback = r.Duration("SESSION_LOOKBACK", 24*time.Hour)
	r.Check(c.SessionPoll > 0 && c.SessionPoll <= 5*time.Second, "SESSION_POLL_INTERVAL must be from 1ns to 5s (cut-offs apply within it)")
	r.Check(!slices.Contains(c.CORSOrigins, "*"), "CORS_ORIGINS must list exact origins, not *")
	for _, s := range Services() {
		c.ServiceAddrs[s.Name] = r.String(s.AddrEnv, s.DefaultAddr)
	}
	return c, r.Err()
}
