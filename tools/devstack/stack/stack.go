package stack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Config says where the binaries and the data are and how to run them.
type Config struct {
	BinDir  string // directory holding the service binaries and the gateway
	DataDir string // FerretDB files (DataDir/db), jwt_signing_keys, secrets_key, files_link_secret, tls/, logs/; created
	// MongoURI, when set, replaces the embedded FerretDB.
	MongoURI string
	Host     string // gateway HOST; default 127.0.0.1
	Port     int    // gateway PORT; 0 picks a free port
	// SigningKeys are auth's JWT_SIGNING_KEYS; when empty they are read
	// from (or generated once into) DataDir/jwt_signing_keys.
	SigningKeys string
	// Env is added to every process (KEY=VALUE), after the stack's own
	// variables, e.g. LOG_LEVEL or LOGIN_MAX_FAILURES.
	Env []string
	// ServiceEnv is added to one process only, by name (e.g. the admin
	// credentials for "users").
	ServiceEnv map[string][]string
	// Logs, when set, receives every process's output instead of
	// DataDir/logs/<name>.log.
	Logs io.Writer
	// Restart says how Wait treats a crashed process; zero values take
	// the defaults (see RestartPolicy).
	Restart RestartPolicy
	// Notices receives Wait's one line per crash; default os.Stderr.
	Notices io.Writer
	// Replicas runs that many copies of a service (by name; default 1):
	// its address variable lists them all ("h:p1,h:p2") and clients
	// round-robin over them. Replica k > 1 is named "<name>-<k>".
	Replicas map[string]int
	// Metrics gives every service a METRICS_ADDR (see Stack.Procs; a
	// gateway's is its own address).
	Metrics      bool
	ReadyTimeout time.Duration // default 60s
	StopTimeout  time.Duration // per process; default 10s
}

// Stack is a running stack.
type Stack struct {
	URL      string            // gateway base URL, e.g. http://127.0.0.1:8080
	URLs     []string          // every gateway replica's base URL, URL first
	MongoURI string            // the database the services use
	Addrs    map[string]string // gRPC address per service name
	// TLSDirs is each process's TLS_DIR (by name, the gateway included):
	// the processes talk mutual TLS with a development CA in DataDir/tls.
	TLSDirs map[string]string
	LogDir  string // empty when Config.Logs is used

	cfg      Config
	mu       sync.Mutex // guards procs (Wait replaces restarted ones)
	procs    []*process
	metrics  map[string]string // process name → METRICS_ADDR
	dbDir    string            // embedded FerretDB's files and address,
	dbAddr   string            // kept for StartDB
	logs     []io.Closer
	stopDB   func() error
	stopOnce sync.Once
	stopErr  error
}

// Start starts the database, the services and the gateway, and returns once
// the gateway is ready. On failure everything started is stopped again and
// the error carries the tail of the failing process's output.
func Start(ctx context.Context, cfg Config) (*Stack, error) {
	if cfg.BinDir == "" || cfg.DataDir == "" {
		return nil, errors.New("stack: BinDir and DataDir are required")
	}
	if cfg.Host == "" {
		cfg.Host = "127.0.0.1"
	}
	if cfg.ReadyTimeout <= 0 {
		cfg.ReadyTimeout = 60 * time.Second
	}
	if cfg.StopTimeout <= 0 {
		cfg.StopTimeout = 10 * time.Second
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("stack: data dir: %w", err)
	}
	s := &Stack{cfg: cfg, Addrs: map[string]string{}, metrics: map[string]string{}}
	if err := s.start(ctx); err != nil {
		_ = s.Stop()
		return nil, err
	}
	if err := s.waitReady(ctx); err != nil {
		_ = s.Stop()
		return nil, err
	}
	return s, nil
}

func (s *Stack) start(ctx context.Context) error {
	keys := s.cfg.SigningKeys
	if keys == "" {
		var err error
		if keys, err = SigningKeys(s.cfg.DataDir); err != nil {
			return err
		}
	}
	secretsKey, err := SecretsKey(s.cfg.DataDir)
	if err != nil {
		return err
	}
	linkSecret, err := FilesLinkSecret(s.cfg.DataDir)
	if err != nil {
		return err
	}
	if s.TLSDirs, err = TLSDirs(s.cfg.DataDir); err != nil {
		return err
	}
	s.MongoURI = s.cfg.MongoURI
	if s.MongoURI == "" {
		if err := s.startDB(ctx, filepath.Join(s.cfg.DataDir, "db"), ""); err != nil {
			return err
		}
	}
	port := s.cfg.Port
	if port == 0 {
		addr, err := FreeAddr()
		if err != nil {
			return err
		}
		_, p, _ := net.SplitHostPort(addr)
		port, _ = strconv.Atoi(p)
	}
	urlHost := s.cfg.Host
	if urlHost == "0.0.0.0" || urlHost == "" {
		urlHost = "127.0.0.1"
	}
	s.URL = "http://" + net.JoinHostPort(urlHost, strconv.Itoa(port))

	var peers []string
	replicas := map[string][]string{}
	for _, svc := range Services {
		for range max(1, s.cfg.Replicas[svc.Name]) {
			addr, err := FreeAddr()
			if err != nil {
				return err
			}
			replicas[svc.Name] = append(replicas[svc.Name], addr)
		}
		s.Addrs[svc.Name] = replicas[svc.Name][0]
		peers = append(peers, svc.AddrEnv+"="+strings.Join(replicas[svc.Name], ","))
	}
	// Files (knowledge uploads, ticket attachments) go to DataDir/files
	// unless AWS_S3_BUCKET is set; their download links start with the
	// gateway's URL and are signed with FILES_LINK_SECRET.
	common := append(inheritedEnv(), "SECRETS_KEY="+secretsKey, "FILES_LINK_SECRET="+linkSecret, "DATA_DIR="+s.cfg.DataDir, "PUBLIC_URL="+s.URL)
	common = append(common, peers...)
	for _, svc := range Services {
		for k, addr := range replicas[svc.Name] {
			name := svc.Name
			if k > 0 {
				name = fmt.Sprintf("%s-%d", svc.Name, k+1)
			}
			env := append(slices.Clone(common), "GRPC_ADDR="+addr, "MONGO_URI="+s.MongoURI, "TLS_DIR="+s.TLSDirs[svc.Name])
			if svc.Name == "auth" {
				env = append(env, "JWT_SIGNING_KEYS="+keys) // the one process with the private keys
			}
			if err := s.spawnAs(name, svc.Name, env); err != nil {
				return err
			}
		}
	}
	// The gateway's own database holds Idempotency-Key answers. A second
	// gateway replica (Replicas["gateway"]) listens on a free port.
	s.URLs = []string{s.URL}
	for k := range max(1, s.cfg.Replicas[Gateway]) {
		name, p := Gateway, port
		if k > 0 {
			addr, err := FreeAddr()
			if err != nil {
				return err
			}
			_, ps, _ := net.SplitHostPort(addr)
			p, _ = strconv.Atoi(ps)
			name = fmt.Sprintf("%s-%d", Gateway, k+1)
			s.URLs = append(s.URLs, "http://"+net.JoinHostPort(urlHost, ps))
		}
		s.metrics[name] = net.JoinHostPort(urlHost, strconv.Itoa(p)) // the gateway serves /metrics itself
		env := append(slices.Clone(common), "PORT="+strconv.Itoa(p), "HOST="+s.cfg.Host, "MONGO_URI="+s.MongoURI, "TLS_DIR="+s.TLSDirs[Gateway])
		if err := s.spawnAs(name, Gateway, env); err != nil {
			return err
		}
	}
	return nil
}

// spawnAs starts binary bin as process name (a replica's name differs).
func (s *Stack) spawnAs(name, bin string, env []string) error {
	env = append(env, s.cfg.Env...)
	env = append(env, s.cfg.ServiceEnv[bin]...)
	if s.cfg.Metrics && bin != Gateway { // the gateway serves /metrics itself
		addr, err := FreeAddr()
		if err != nil {
			return err
		}
		s.metrics[name] = addr
		env = append(env, "METRICS_ADDR="+addr)
	}
	out := s.cfg.Logs
	if out == nil {
		s.LogDir = filepath.Join(s.cfg.DataDir, "logs")
		if err := os.MkdirAll(s.LogDir, 0o700); err != nil {
			return fmt.Errorf("stack: log dir: %w", err)
		}
		f, err := os.OpenFile(filepath.Join(s.LogDir, name+".log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return fmt.Errorf("stack: log file: %w", err)
		}
		fmt.Fprintf(f, "===== %s start %s =====\n", name, time.Now().Format(time.RFC3339))
		s.logs = append(s.logs, f)
		out = f
	}
	p, err := startProcess(name, filepath.Join(s.cfg.BinDir, bin), env, out)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.procs = append(s.procs, p)
	s.mu.Unlock()
	return nil
}

// inheritedEnv is the caller's environment minus the variables the stack
// sets per process.
func inheritedEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if !slices.Contains(stackOwned, k) {
			env = append(env, kv)
		}
	}
	return env
}

// Failed returns the first process that exited without being asked to, as
// an error with its last output, or nil.
func (s *Stack) Failed() error {
	for _, p := range s.snapshot() {
		if p.unexpected() {
			return p.exitError()
		}
	}
	return nil
}

// Stop sends SIGTERM to the processes in reverse start order, waiting for
// each (SIGKILL after StopTimeout), then stops the embedded database. It
// reports processes that had died before, or did not exit cleanly.
func (s *Stack) Stop() error {
	s.stopOnce.Do(func() {
		var errsList []error
		if err := s.Failed(); err != nil {
			errsList = append(errsList, err)
		}
		procs := s.snapshot()
		for i := len(procs) - 1; i >= 0; i-- {
			p := procs[i]
			if p.unexpected() || p.wasReaped() {
				continue // already reported
			}
			if err := p.terminate(s.cfg.StopTimeout); err != nil {
				errsList = append(errsList, err)
			}
		}
		for _, c := range s.logs {
			_ = c.Close()
		}
		if err := s.StopDB(); err != nil {
			errsList = append(errsList, err)
		}
		s.stopErr = errors.Join(errsList...)
	})
	return s.stopErr
}
