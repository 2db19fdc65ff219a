package transport_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	authv1 "github.com/copydesk/copydesk/gen/copydesk/auth/v1"
	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
	"github.com/copydesk/copydesk/pkg/authn"
	"github.com/copydesk/copydesk/pkg/grpcclient"
	"github.com/copydesk/copydesk/pkg/grpcserver"
	"github.com/copydesk/copydesk/pkg/mongotest"
	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/pkg/mtls/mtlstest"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/auth/internal/domain"
	"github.com/copydesk/copydesk/services/auth/internal/store"
	"github.com/copydesk/copydesk/services/auth/internal/transport"
)

const (
	aliceID   = "64b000000000000000000001"
	companyID = "64c000000000000000000001"
)

type stack struct {
	auth   authv1.AuthServiceClient // as the gateway dials it (its certificate, user tokens)
	users  *fakeUsers
	tokens *authn.Verifier
	signer *authn.Signer
	// dial connects to auth with the certificate of name.
	dial func(name string) authv1.AuthServiceClient
	// refresh reads the stored refresh_tokens.
	refresh func(ctx context.Context) []bson.M
}

// serve runs srv on 127.0.0.1:0 until the test ends and returns its address.
func serve(t *testing.T, srv *grpcserver.Server) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.WithoutCancel(t.Context()))
	done := make(chan struct{})
	go func() { _ = srv.ServeListener(ctx, lis); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return lis.Addr().String()
}

func newStack(t *testing.T, maxFailures int) *stack {
	t.Helper()
	return newStackAs(t, maxFailures, "auth")
}

// newStackAs is newStack with auth dialling users with the certificate of
// authCert, over mutual TLS as in production; users verifies user tokens
// with the keys it fetches from auth's GetKeys.
func newStackAs(t *testing.T, maxFailures int, authCert string) *stack {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	certs := mtlstest.New(t, "users", "auth", "gateway", "agents")
	signer, err := authn.GenerateSigner("copydesk", 15*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	var authAddr string
	keysFromAuth := authn.NewRemoteKeys(func(ctx context.Context) ([]authn.PublicKey, error) {
		conn, err := grpcclient.Dial(authAddr, grpcclient.Options{TLS: certs.Config("users")})
		if err != nil {
			return nil, err
		}
		defer conn.Close()
		return authn.FetchFrom(authv1.NewAuthServiceClient(conn))(ctx)
	}, log)

	// The users service: a fake behind a real server and the real auth step.
	users := &fakeUsers{
		users: map[string]*usersv1.User{aliceID: {
			Id: aliceID, Email: "alice@example.com", FullName: "Alice", Role: principal.RoleContentWriter,
			CompanyId: companyID, IsActive: true,
		}},
		password: map[string]string{aliceID: "correct horse"},
	}
	usersSrv := grpcserver.New(grpcserver.Options{Name: "users", Logger: log, Verifier: authn.NewVerifier(keysFromAuth, "copydesk"),
		TLS: certs.Config("users"), Policy: grpcserver.Policy{
			Roles: map[string][]string{
				usersv1.DirectoryService_VerifyCredentials_FullMethodName: {principal.RoleService},
				usersv1.DirectoryService_LookupUser_FullMethodName:        {principal.RoleService},
				usersv1.DirectoryService_EndSessions_FullMethodName:       {principal.RoleService},
				usersv1.UserService_GetUser_FullMethodName:                principal.UserRoles,
			},
		}})
	usersv1.RegisterDirectoryServiceServer(usersSrv, users)
	usersv1.RegisterUserServiceServer(usersSrv, users)
	usersAddr := serve(t, usersSrv)

	// The auth service, wired as main wires it.
	db := mongotest.DB(t)
	if err := mongox.Migrate(t.Context(), db, log, store.Migrations); err != nil {
		t.Fatal(err)
	}
	conn, err := grpcclient.Dial(usersAddr, grpcclient.Options{TLS: certs.Config(authCert)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	svc, err := domain.New(domain.Deps{
		Directory: transport.NewDirectory(usersv1.NewDirectoryServiceClient(conn)),
		Tokens:    store.NewRefreshTokens(db, 25*time.Hour),
		Throttle:  store.NewLoginThrottle(db),
		Issuer:    signer,
		Log:       log,
		Config:    domain.Config{MaxFailures: maxFailures, Lockout: 15 * time.Minute, RefreshTTL: 24 * time.Hour},
	})
	if err != nil {
		t.Fatal(err)
	}
	authSrv := grpcserver.New(grpcserver.Options{Name: "auth", Logger: log, Verifier: authn.NewVerifier(signer, "copydesk"),
		TLS: certs.Config("auth"), Policy: transport.Policy()})
	authv1.RegisterAuthServiceServer(authSrv, transport.NewServer(svc, usersv1.NewUserServiceClient(conn), signer))
	authAddr = serve(t, authSrv)

	dial := func(name string) authv1.AuthServiceClient {
		cc, err := grpc.NewClient(authAddr, grpc.WithTransportCredentials(certs.Config(name).ClientCredentials()))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = cc.Close() })
		return authv1.NewAuthServiceClient(cc)
	}
	return &stack{
		auth: dial("gateway"), users: users, tokens: authn.NewVerifier(signer, "copydesk"), signer: signer, dial: dial,
		refresh: func(ctx context.Context) []bson.M {
			cur, err := db.Collection("refresh_tokens").Find(ctx, bson.M{})
			if err != nil {
				t.Fatal(err)
			}
			var docs []bson.M
			if err := cur.All(ctx, &docs); err != nil {
				t.Fatal(err)
			}
			return docs
		},
	}
}

func bearer(ctx context.Context, tok string) context.Context {
	return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+tok)
}

func wantCode(t *testing.T, err error, code codes.Code, msg string) {
	t.Helper()
	if s := status.Convert(err); s.Code() != code || (msg != "" && s.Message() != msg) {
		t.Fatalf("err = %v, want %s %q", err, code, msg)
	}
}

func TestTokenRefreshReuseOverGRPC(t *testing.T) {
	t.Parallel()
	s := newStack(t, 5)
	ctx := t.Context()

	_, err := s.auth.Token(ctx, &authv1.TokenRequest{GrantType: "password", Username: "alice@example.com", Password: "wrong"})
	wantCode(t, err, codes.Unauthenticated, "Incorrect username or password")
	_, err = s.auth.Token(ctx, &authv1.TokenRequest{GrantType: "password", Username: "nobody@example.com", Password: "wrong"})
	wantCode(t, err, codes.Unauthenticated, "Incorrect username or password")
	_, err = s.auth.Token(ctx, &authv1.TokenRequest{GrantType: "authorization_code", Username: "alice@example.com", Password: "x"})
	wantCode(t, err, codes.InvalidArgument, "unsupported_grant_type")
	_, err = s.auth.Token(ctx, &authv1.TokenRequest{GrantType: "password"})
	wantCode(t, err, codes.InvalidArgument, "Validation failed")

	first, err := s.auth.Token(ctx, &authv1.TokenRequest{GrantType: "password", Username: "Alice@Example.com", Password: "correct horse"})
	if err != nil {
		t.Fatalf("token: %v", err)
	}
	if first.GetTokenType() != "bearer" || first.GetExpiresIn() != 900 || first.GetAccessToken() == "" || first.GetRefreshToken() == "" {
		t.Fatalf("token answer = %v", first)
	}
	p, err := s.tokens.Verify(first.GetAccessToken())
	if err != nil || p.UserID != aliceID || p.CompanyID != companyID || p.Role != principal.RoleContentWriter {
		t.Fatalf("access token = %+v, %v", p, err)
	}
	for _, c := range s.users.callers {
		if c.Role != principal.RoleService || c.UserID != "service:auth" {
			t.Fatalf("directory called as %+v, want auth's service identity", c)
		}
	}

	// The refresh token is stored as its SHA-256 only.
	docs := s.refresh(ctx)
	if len(docs) != 1 {
		t.Fatalf("%d refresh tokens stored, want 1", len(docs))
	}
	sum := sha256.Sum256([]byte(first.GetRefreshToken()))
	if docs[0]["_id"] != hex.EncodeToString(sum[:]) {
		t.Fatalf("stored _id %v is not the token's sha256", docs[0]["_id"])
	}
	for k, v := range docs[0] {
		if str, ok := v.(string); ok && strings.Contains(str, first.GetRefreshToken()) {
			t.Fatalf("refresh token stored in plaintext in %q", k)
		}
	}

	me, err := s.auth.Me(bearer(ctx, first.GetAccessToken()), &authv1.MeRequest{})
	if err != nil || me.GetUser().GetEmail() != "alice@example.com" {
		t.Fatalf("me = %v, %v", me, err)
	}

	second, err := s.auth.Refresh(ctx, &authv1.RefreshRequest{RefreshToken: first.GetRefreshToken()})
	if err != nil {
		t.Fatalf("refresh: %v", err)
	}
	if second.GetRefreshToken() == first.GetRefreshToken() || second.GetTokenType() != "bearer" || second.GetExpiresIn() != 900 {
		t.Fatalf("refresh answer = %v", second)
	}
	if _, err := s.tokens.Verify(second.GetAccessToken()); err != nil {
		t.Fatalf("refreshed access token: %v", err)
	}

	// Reuse of the spent token: refused, and the whole family dies.
	_, err = s.auth.Refresh(ctx, &authv1.RefreshRequest{RefreshToken: first.GetRefreshToken()})
	wantCode(t, err, codes.Unauthenticated, "Invalid refresh token")
	_, err = s.auth.Refresh(ctx, &authv1.RefreshRequest{RefreshToken: second.GetRefreshToken()})
	wantCode(t, err, codes.Unauthenticated, "Invalid refresh token")
}

func TestLogoutAndPolicyOverGRPC(t *testing.T) {
	t.Parallel()
	s := newStack(t, 5)
	ctx := t.Context()
	login := func() *authv1.TokenResponse {
		r, err := s.auth.Token(ctx, &authv1.TokenRequest{Username: "alice@example.com", Password: "correct horse"})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	a, b := login(), login()

	_, err := s.auth.Logout(ctx, &authv1.LogoutRequest{RefreshToken: a.GetRefreshToken()})
	wantCode(t, err, codes.Unauthenticated, "")
	_, err = s.auth.Me(ctx, &authv1.MeRequest{})
	wantCode(t, err, codes.Unauthenticated, "")
	_, err = s.dial("agents").Me(ctx, &authv1.MeRequest{}) // the service agents, by its certificate
	wantCode(t, err, codes.PermissionDenied, "")

	if _, err := s.auth.Logout(bearer(ctx, a.GetAccessToken()), &authv1.LogoutRequest{RefreshToken: a.GetRefreshToken()}); err != nil {
		t.Fatalf("logout: %v", err)
	}
	_, err = s.auth.Refresh(ctx, &authv1.RefreshRequest{RefreshToken: a.GetRefreshToken()})
	wantCode(t, err, codes.Unauthenticated, "Invalid refresh token")
	if _, err := s.auth.Refresh(ctx, &authv1.RefreshRequest{RefreshToken: b.GetRefreshToken()}); err != nil {
		t.Fatalf("other session logged out: %v", err)
	}
}

func TestLockoutOverGRPC(t *testing.T) {
	t.Parallel()
	s := newStack(t, 2)
	ctx := t.Context()
	for range 2 {
		_, err := s.auth.Token(ctx, &authv1.TokenRequest{Username: "alice@example.com", Password: "wrong"})
		wantCode(t, err, codes.Unauthenticated, "Incorrect username or password")
	}
	_, err := s.auth.Token(ctx, &authv1.TokenRequest{Username: "alice@example.com", Password: "correct horse"})
	wantCode(t, err, codes.ResourceExhausted, "Too many failed login attempts; try again later")
	var retry *errdetails.RetryInfo
	for _, d := range status.Convert(err).Details() {
		if r, ok := d.(*errdetails.RetryInfo); ok {
			retry = r
		}
	}
	if retry == nil || retry.GetRetryDelay().AsDuration() < 14*time.Minute || retry.GetRetryDelay().AsDuration() > 15*time.Minute {
		t.Fatalf("retry info = %v, want about 15m", retry)
	}
}
