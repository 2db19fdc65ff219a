package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
	"github.com/copydesk/copydesk/pkg/authn"
	"github.com/copydesk/copydesk/pkg/authn/authntest"
	"github.com/copydesk/copydesk/pkg/config"
	"github.com/copydesk/copydesk/pkg/mongotest"
	"github.com/copydesk/copydesk/pkg/mtls/mtlstest"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/service"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

type harness struct {
	conn     grpc.ClientConnInterface // calls marked mtlstest.AsService go as the service auth
	tokens   *authn.Signer
	stdout   string
	logs     *syncBuffer
	password string
	dataDir  string
}

// start runs the real service (service.Run: migrations, bootstrap,
// interceptors, policy) on 127.0.0.1:0 against a fresh test database.
func start(t *testing.T) *harness {
	t.Helper()
	db := mongotest.DB(t)
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	logs, out := &syncBuffer{}, &syncBuffer{}
	certs := mtlstest.New(t, "users", "auth", "gateway")
	tokens, authAddr := authntest.Serve(t, certs.Config("auth"))
	dataDir := t.TempDir()
	env := config.FromMap(map[string]string{
		"MONGO_URI": os.Getenv(mongotest.EnvURI), "MONGO_DB": db.Name(), "LOG_LEVEL": "debug",
		"AUTH_ADDR": authAddr, "TLS_DIR": certs.TLSDir("users"), "DATA_DIR": dataDir,
	})
	ctx, cancel := context.WithCancel(context.WithoutCancel(t.Context()))
	done := make(chan error, 1)
	go func() {
		done <- service.Run(ctx, spec, service.Process{Environ: env, Stdout: out, Stderr: logs, Listener: lis})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	})
	conn := certs.Router(t, lis.Addr().String(), "auth")
	// Serving means bootstrapped: the server starts after the wiring.
	if _, err := healthpb.NewHealthClient(conn).Check(t.Context(), &healthpb.HealthCheckRequest{}, grpc.WaitForReady(true)); err != nil {
		t.Fatal(err)
	}
	h := &harness{conn: conn, tokens: tokens, stdout: out.String(), logs: logs, dataDir: dataDir}
	if b, err := os.ReadFile(filepath.Join(dataDir, "admin_password")); err == nil {
		h.password = strings.TrimSpace(string(b))
	}
	return h
}

func (h *harness) as(t *testing.T, ctx context.Context, p principal.Principal) context.Context {
	t.Helper()
	tok, err := h.tokens.Issue(p)
	if err != nil {
		t.Fatal(err)
	}
	return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+tok)
}

func code(err error) codes.Code { return status.Code(err) }

func TestServerOverGRPC(t *testing.T) {
	h := start(t)
	ctx := t.Context()
	// the generated password is in DATA_DIR/admin_password (0600), its
	// path printed; it is in neither the output nor the logs
	path := filepath.Join(h.dataDir, "admin_password")
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 || len(h.password) < 24 {
		t.Fatalf("password file %s: %v %v (password %d chars)", path, fi, err, len(h.password))
	}
	if !strings.Contains(h.stdout, "Superadmin created: email=admin@copydesk.local") || !strings.Contains(h.stdout, path) {
		t.Fatalf("bootstrap output %q does not name the file", h.stdout)
	}
	if strings.Contains(h.logs.String(), h.password) || strings.Contains(h.stdout, h.password) {
		t.Fatal("the generated password reached the output or the logs")
	}
	dir := usersv1.NewDirectoryServiceClient(h.conn)
	users := usersv1.NewUserServiceClient(h.conn)
	companies := usersv1.NewCompanyServiceClient(h.conn)

	svcCtx := mtlstest.AsService(ctx) // the service auth, by its certificate
	login, err := dir.VerifyCredentials(svcCtx, &usersv1.VerifyCredentialsRequest{Email: "ADMIN@copydesk.local", Password: h.password})
	if err != nil {
		t.Fatalf("login with the printed password: %v", err)
	}
	root := login.GetUser()
	if _, err := dir.VerifyCredentials(svcCtx, &usersv1.VerifyCredentialsRequest{Email: "admin@copydesk.local", Password: "wrong-password"}); code(err) != codes.NotFound ||
		status.Convert(err).Message() != "Incorrect username or password" {
		t.Fatalf("wrong password: %v", err)
	}
	rootCtx := h.as(t, ctx, principal.Principal{UserID: root.GetId(), CompanyID: root.GetCompanyId(), Role: root.GetRole()})

	a, err := companies.CreateCompany(rootCtx, &usersv1.CreateCompanyRequest{Name: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := companies.CreateCompany(rootCtx, &usersv1.CreateCompanyRequest{Name: "Beta"})
	if err != nil {
		t.Fatal(err)
	}
	mk := func(companyID, email, role string) *usersv1.User {
		r, err := users.CreateUser(rootCtx, &usersv1.CreateUserRequest{Email: email, FullName: "X", Role: role, Password: "password-1", CompanyId: companyID})
		if err != nil {
			t.Fatalf("create %s: %v", email, err)
		}
		return r.GetUser()
	}
	adminA := mk(a.GetCompany().GetId(), "admin@a.test", principal.RoleCompanyAdmin)
	userB := mk(b.GetCompany().GetId(), "user@b.test", principal.RoleContentWriter)
	aCtx := h.as(t, ctx, principal.Principal{UserID: adminA.GetId(), CompanyID: adminA.GetCompanyId(), Role: adminA.GetRole()})

	lookup, err := dir.LookupUser(svcCtx, &usersv1.LookupUserRequest{Id: userB.GetId()})
	if err != nil || lookup.GetUser().GetEmail() != "user@b.test" || !lookup.GetCompanyActive() {
		t.Fatalf("LookupUser: %v %v", lookup, err)
	}

	tests := []struct {
		name string
		call func() error
		want codes.Code
	}{
		{"superadmin lists users", func() error {
			r, err := users.ListUsers(rootCtx, &usersv1.ListUsersRequest{})
			if err == nil && r.GetTotal() != 3 {
				t.Errorf("total = %d, want 3", r.GetTotal())
			}
			return err
		}, codes.OK},
		{"company_admin lists only company A", func() error {
			r, err := users.ListUsers(aCtx, &usersv1.ListUsersRequest{CompanyId: b.GetCompany().GetId()})
			if err == nil && (r.GetTotal() != 1 || r.GetData()[0].GetId() != adminA.GetId()) {
				t.Errorf("list = %v", r.GetData())
			}
			return err
		}, codes.OK},
		{"company_admin reads B's user", func() error {
			_, err := users.GetUser(aCtx, &usersv1.GetUserRequest{Id: userB.GetId()})
			return err
		}, codes.NotFound},
		{"malformed id", func() error {
			_, err := users.GetUser(aCtx, &usersv1.GetUserRequest{Id: "not-an-id"})
			return err
		}, codes.InvalidArgument},
		{"me", func() error {
			r, err := users.GetUser(aCtx, &usersv1.GetUserRequest{Id: "me"})
			if err == nil && r.GetUser().GetId() != adminA.GetId() {
				t.Errorf("me = %v", r.GetUser())
			}
			return err
		}, codes.OK},
		{"duplicate email", func() error {
			_, err := users.CreateUser(aCtx, &usersv1.CreateUserRequest{Email: "ADMIN@a.test", FullName: "X", Role: principal.RoleClient, Password: "password-1"})
			return err
		}, codes.Aborted},
		{"validation", func() error {
			_, err := users.CreateUser(aCtx, &usersv1.CreateUserRequest{Email: "bad", FullName: "X", Role: "root", Password: "x"})
			return err
		}, codes.InvalidArgument},
		{"company_admin deletes company B", func() error {
			_, err := companies.DeleteCompany(aCtx, &usersv1.DeleteCompanyRequest{Id: b.GetCompany().GetId()})
			return err
		}, codes.NotFound},
		{"no token, forged company metadata", func() error {
			md := metadata.Pairs(principal.MDCompanyID, b.GetCompany().GetId(), principal.MDUserID, root.GetId(), principal.MDRole, principal.RoleSuperadmin)
			_, err := users.ListUsers(metadata.NewOutgoingContext(ctx, md), &usersv1.ListUsersRequest{})
			return err
		}, codes.Unauthenticated},
		{"invalid token, forged company metadata", func() error {
			md := metadata.Pairs("authorization", "Bearer not.a.jwt", principal.MDCompanyID, b.GetCompany().GetId())
			_, err := users.ListUsers(metadata.NewOutgoingContext(ctx, md), &usersv1.ListUsersRequest{})
			return err
		}, codes.Unauthenticated},
		{"valid token of A, forged company B metadata", func() error {
			_, err := users.ListUsers(metadata.AppendToOutgoingContext(aCtx, principal.MDCompanyID, b.GetCompany().GetId()), &usersv1.ListUsersRequest{})
			return err
		}, codes.Unauthenticated},
		{"user token to DirectoryService", func() error {
			_, err := dir.LookupUser(rootCtx, &usersv1.LookupUserRequest{Id: userB.GetId()})
			return err
		}, codes.PermissionDenied},
		{"user token to LookupCompany", func() error {
			_, err := dir.LookupCompany(rootCtx, &usersv1.LookupCompanyRequest{Id: b.GetCompany().GetId()})
			return err
		}, codes.PermissionDenied},
		{"service identity, unknown company", func() error {
			_, err := dir.LookupCompany(svcCtx, &usersv1.LookupCompanyRequest{Id: "0123456789abcdef01234567"})
			return err
		}, codes.NotFound},
		{"service identity, malformed company id", func() error {
			_, err := dir.LookupCompany(svcCtx, &usersv1.LookupCompanyRequest{Id: "no-such-company"})
			return err
		}, codes.InvalidArgument},
		{"user token to VerifyCredentials", func() error {
			_, err := dir.VerifyCredentials(aCtx, &usersv1.VerifyCredentialsRequest{Email: "user@b.test", Password: "password-1"})
			return err
		}, codes.PermissionDenied},
		{"service identity to UserService", func() error {
			_, err := users.ListUsers(svcCtx, &usersv1.ListUsersRequest{})
			return err
		}, codes.PermissionDenied},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.call(); code(err) != tt.want {
				t.Fatalf("got %v (%v), want %v", code(err), err, tt.want)
			}
		})
	}
}
