package edge_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/copydesk/copydesk/gateway/internal/console"
	"github.com/copydesk/copydesk/gateway/internal/edge"
	authv1 "github.com/copydesk/copydesk/gen/copydesk/auth/v1"
	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
	"github.com/copydesk/copydesk/pkg/authn"
	"github.com/copydesk/copydesk/pkg/config"
	"github.com/copydesk/copydesk/pkg/grpcserver"
	"github.com/copydesk/copydesk/pkg/logging"
	"github.com/copydesk/copydesk/pkg/principal"
)

const testOrigin = "https://app.example.com"

// call is one RPC a fake backend received.
type call struct {
	method string
	md     metadata.MD
	req    proto.Message
}

// calls records what the fake backends received.
type calls struct {
	mu   sync.Mutex
	list []call
}

func (c *calls) add(ctx context.Context, method string, req proto.Message) {
	md, _ := metadata.FromIncomingContext(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.list = append(c.list, call{method: method, md: md.Copy(), req: req})
}

func (c *calls) all() []call {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]call(nil), c.list...)
}

// fakeAuth and fakeUsers stand in for the real services (tested end to
// end elsewhere); errs maps a user id to the error GetUser returns, made
// by grpcserver.ToStatus exactly as a real service would.
type fakeAuth struct {
	authv1.UnimplementedAuthServiceServer
	calls *calls
	keys  *authn.Signer // GetKeys publishes its key
}

func (f *fakeAuth) GetKeys(context.Context, *authv1.GetKeysRequest) (*authv1.GetKeysResponse, error) {
	return authn.KeysResponse(f.keys.PublicKeys()), nil
}

func (f *fakeAuth) Token(ctx context.Context, r *authv1.TokenRequest) (*authv1.TokenResponse, error) {
	f.calls.add(ctx, "Token", r)
	return &authv1.TokenResponse{AccessToken: "at", TokenType: "bearer", ExpiresIn: 900, RefreshToken: "rt"}, nil
}

func (f *fakeAuth) Me(ctx context.Context, r *authv1.MeRequest) (*authv1.MeResponse, error) {
	f.calls.add(ctx, "Me", r)
	return &authv1.MeResponse{User: testUser("u1")}, nil
}

type fakeUsers struct {
	usersv1.UnimplementedUserServiceServer
	calls *calls
	errs  map[string]error
}

func testUser(id string) *usersv1.User {
	return &usersv1.User{Id: id, Email: id + "@example.com", Role: principal.RoleContentWriter, CompanyId: "c1",
		IsActive: true, CreatedAt: timestamppb.New(time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC))}
}

func (f *fakeUsers) GetUser(ctx context.Context, r *usersv1.GetUserRequest) (*usersv1.GetUserResponse, error) {
	f.calls.add(ctx, "GetUser", r)
	if err, ok := f.errs[r.GetId()]; ok {
		s, _ := grpcserver.ToStatus(err)
		return nil, s.Err()
	}
	return &usersv1.GetUserResponse{User: testUser(r.GetId())}, nil
}

func (f *fakeUsers) ListUsers(ctx context.Context, r *usersv1.ListUsersRequest) (*usersv1.ListUsersResponse, error) {
	f.calls.add(ctx, "ListUsers", r)
	return &usersv1.ListUsersResponse{Data: []*usersv1.User{testUser("u1"), testUser("u2")}, Total: 2}, nil
}

func (f *fakeUsers) CreateUser(ctx context.Context, r *usersv1.CreateUserRequest) (*usersv1.CreateUserResponse, error) {
	f.calls.add(ctx, "CreateUser", r)
	return &usersv1.CreateUserResponse{User: testUser("u9")}, nil
}

type fakeCompanies struct {
	usersv1.UnimplementedCompanyServiceServer
}

// startGRPC serves register's services and health on 127.0.0.1:0.
func startGRPC(t testing.TB, register func(*grpc.Server)) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := grpc.NewServer()
	register(s)
	hs := health.NewServer()
	healthpb.RegisterHealthServer(s, hs)
	go func() { _ = s.Serve(lis) }()
	t.Cleanup(s.Stop)
	return lis.Addr().String()
}

type env struct {
	url     string
	tokens  *authn.Signer      // auth's key: the edge fetches it from the fake auth
	authKey ed25519.PrivateKey // the same key, to sign made-up claims
	calls   *calls
	logs    *syncBuffer
}

type envOpts struct {
	userErrs  map[string]error
	usersDown bool
	adminDir  string // a built admin console to serve at /admin
	// vars are more environment variables; with them the handler gets
	// the configured rate limits (otherwise none).
	vars map[string]string
}

func newEnv(t testing.TB, o envOpts) *env {
	t.Helper()
	e := &env{calls: &calls{}, logs: &syncBuffer{}}
	authKeys, err := authn.ParseSigningKeys(authn.NewSigningKey())
	if err != nil {
		t.Fatal(err)
	}
	e.authKey = authKeys[0]
	if e.tokens, err = authn.NewSigner(authKeys, "copydesk", 15*time.Minute); err != nil {
		t.Fatal(err)
	}
	authAddr := startGRPC(t, func(s *grpc.Server) { authv1.RegisterAuthServiceServer(s, &fakeAuth{calls: e.calls, keys: e.tokens}) })
	usersAddr := startGRPC(t, func(s *grpc.Server) {
		usersv1.RegisterUserServiceServer(s, &fakeUsers{calls: e.calls, errs: o.userErrs})
		usersv1.RegisterCompanyServiceServer(s, &fakeCompanies{})
	})
	if o.usersDown {
		lis, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		usersAddr = lis.Addr().String()
		_ = lis.Close() // nothing listens there any more
	}
	vars := map[string]string{
		"CORS_ORIGINS": testOrigin, "MAX_BODY_BYTES": "4096",
		"AUTH_ADDR": authAddr, "USERS_ADDR": usersAddr, "READY_TIMEOUT": "5s",
	}
	for k, v := range o.vars {
		vars[k] = v
	}
	// Every other service of the table gets a healthy fake, so that a new
	// table entry does not make /readyz fail here.
	for _, s := range edge.Services() {
		if _, ok := vars[s.AddrEnv]; !ok {
			vars[s.AddrEnv] = startGRPC(t, func(*grpc.Server) {})
		}
	}
	cfg, err := edge.LoadConfig(config.FromMap(vars))
	if err != nil {
		t.Fatal(err)
	}
	backends, closeAll, err := edge.Dial(cfg.ServiceAddrs, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = closeAll() })
	log := logging.New(e.logs, "info", "gateway")
	var limits edge.Limits
	if o.vars != nil {
		limits = cfg.Limits
	}
	keys, err := edge.NewKeys(backends, log) // as main wires it
	if err != nil {
		t.Fatal(err)
	}
	go keys.Run(t.Context())
	h, err := edge.NewHandler(t.Context(), edge.Options{
		Logger: log, Verifier: authn.NewVerifier(keys, cfg.JWTIssuer), Keys: keys, Backends: backends, CORSOrigins: cfg.CORSOrigins,
		MaxBodyBytes: cfg.MaxBodyBytes, ReadyTimeout: cfg.ReadyTimeout, Console: console.New(o.adminDir), Limits: limits,
	})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(nil)
	ts.Config = edge.NewHTTPServer(cfg, h, log)
	ts.Start()
	t.Cleanup(ts.Close)
	e.url = ts.URL
	return e
}

// token issues a valid user token.
func (e *env) token(t testing.TB) string {
	t.Helper()
	tok, err := e.tokens.Issue(principal.Principal{UserID: "u1", CompanyID: "c1", Role: principal.RoleCompanyAdmin})
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

type resp struct {
	code   int
	header http.Header
	body   string
}

// do sends a request; headers are "Key: value" pairs.
func (e *env) do(t testing.TB, method, path, body string, headers ...string) resp {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, e.url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Add(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{code: res.StatusCode, header: res.Header, body: string(b)}
}

func (e *env) called(method string) int {
	n := 0
	for _, c := range e.calls.all() {
		if c.method == method {
			n++
		}
	}
	return n
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
