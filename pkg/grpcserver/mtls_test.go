package grpcserver

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"os"
	"path/filepath"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"

	"github.com/copydesk/copydesk/pkg/mtls"
	"github.com/copydesk/copydesk/pkg/mtls/mtlstest"
	"github.com/copydesk/copydesk/pkg/principal"
)

// whoHandlers answer "Who" with the caller's principal on seen.
func whoHandlers(seen chan<- principal.Principal) handlers {
	return handlers{"Who": func(ctx context.Context) error {
		p, _ := principal.From(ctx)
		seen <- p
		return nil
	}, "Stream": func(context.Context) error { return nil }}
}

var whoPolicy = Policy{Roles: map[string][]string{"/x.v1.S/Who": append([]string{principal.RoleService}, principal.UserRoles...)}}

// Under mutual TLS a peer needs a certificate from the CA to connect at
// all; a call without a token is made by the service its certificate
// names; the gateway's certificate is no service; a user token still
// makes the user the caller.
func TestMutualTLS(t *testing.T) {
	t.Parallel()
	certs := mtlstest.New(t, "users", "auth", "gateway")
	dir := certs.Dir
	seen := make(chan principal.Principal, 1)
	h := serveWith(t, whoHandlers(seen), Options{Policy: whoPolicy, TLS: certs.Config("users")},
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	addr := h.conn.Target()
	foreign := mtlstest.New(t, "auth").Config("auth") // same name, another CA

	caPEM, err := os.ReadFile(filepath.Join(dir, mtls.CAFile))
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(caPEM)
	load := certs.Config
	refused := map[string]credentials.TransportCredentials{
		"plaintext":              insecure.NewCredentials(),
		"TLS without a cert":     credentials.NewTLS(&tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS13}),
		"cert from another CA":   foreignClient(t, foreign, roots),
		"another CA, trusted CA": foreign.ClientCredentials(), // also fails to trust the server
	}
	for name, creds := range refused {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			err := invoke(t, addr, creds, t.Context())
			if status.Code(err) != codes.Unavailable {
				t.Fatalf("call = %v, want the connection refused (Unavailable)", err)
			}
		})
	}

	if err := invoke(t, addr, load("auth").ClientCredentials(), t.Context()); err != nil {
		t.Fatalf("auth's certificate, no token: %v", err)
	}
	if p := <-seen; p.UserID != "service:auth" || p.Role != principal.RoleService || p.CompanyID != "" {
		t.Fatalf("caller = %+v, want the service auth", p)
	}
	// The gateway's certificate alone is the edge role, which a method
	// admits only by naming it: never the service role. Elsewhere the
	// edge without a user's token is no one.
	if err := invoke(t, addr, load("gateway").ClientCredentials(), t.Context()); status.Code(err) != codes.Unauthenticated {
		t.Fatalf("gateway's certificate, no token: %v, want Unauthenticated", err)
	}
	user := principal.Principal{UserID: "u1", CompanyID: "c1", Role: principal.RoleClient}
	if err := invoke(t, addr, load("gateway").ClientCredentials(), h.bearer(t, t.Context(), user)); err != nil {
		t.Fatalf("gateway with a user token: %v", err)
	}
	if p := <-seen; p.UserID != "u1" || p.Role != principal.RoleClient {
		t.Fatalf("caller = %+v, want the user", p)
	}
}

// Without TLS no caller is a service: a call without a token is refused.
func TestPlaintextHasNoServiceIdentity(t *testing.T) {
	t.Parallel()
	h := serve(t, whoHandlers(make(chan principal.Principal, 1)), whoPolicy)
	if err := h.call(t.Context(), "Who"); status.Code(err) != codes.Unauthenticated {
		t.Fatalf("call = %v, want Unauthenticated", err)
	}
}

// Reflection answers only when the server was asked for it.
func TestReflectionOnlyWhenEnabled(t *testing.T) {
	t.Parallel()
	for _, on := range []bool{false, true} {
		h := serveWith(t, handlers{"Stream": func(context.Context) error { return nil }}, Options{Reflection: on},
			grpc.WithTransportCredentials(insecure.NewCredentials()))
		cs, err := h.conn.NewStream(t.Context(), &grpc.StreamDesc{ServerStreams: true, ClientStreams: true},
			"/grpc.reflection.v1.ServerReflection/ServerReflectionInfo")
		if err == nil {
			err = cs.CloseSend()
		}
		if err == nil {
			err = cs.RecvMsg(new(struct{}))
		}
		if got := status.Code(err) != codes.Unimplemented; got != on {
			t.Errorf("reflection on=%v: stream answered %v", on, err)
		}
	}
}

func invoke(t *testing.T, addr string, creds credentials.TransportCredentials, ctx context.Context) error {
	t.Helper()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(creds))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	return (&harness{conn: conn}).call(ctx, "Who")
}

// foreignClient presents a certificate of another CA while trusting the
// server's CA, so only the client side of the handshake is wrong.
func foreignClient(t *testing.T, foreign *mtls.Config, roots *x509.CertPool) credentials.TransportCredentials {
	t.Helper()
	return credentials.NewTLS(&tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS13,
		GetClientCertificate: func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return foreign.Certificate() }})
}

// HealthAddr answers grpc.health.v1 in plaintext, for probes, and nothing
// else; the service port stays mutual TLS only.
func TestPlaintextHealthForProbes(t *testing.T) {
	t.Parallel()
	certs := mtlstest.New(t, "users")
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	healthAddr := lis.Addr().String()
	_ = lis.Close()
	h := serveWith(t, whoHandlers(make(chan principal.Principal, 1)), Options{Policy: whoPolicy, TLS: certs.Config("users"), HealthAddr: healthAddr},
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	probe, err := grpc.NewClient(healthAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer probe.Close()
	r, err := healthpb.NewHealthClient(probe).Check(t.Context(), &healthpb.HealthCheckRequest{Service: testService}, grpc.WaitForReady(true))
	if err != nil || r.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		t.Fatalf("probe: %v %v", r, err)
	}
	if err := (&harness{conn: probe}).call(t.Context(), "Who"); status.Code(err) != codes.Unimplemented {
		t.Fatalf("a service method on the health port: %v, want Unimplemented", err)
	}
	if err := h.call(t.Context(), "Who"); status.Code(err) != codes.Unavailable {
		t.Fatalf("plaintext on the service port: %v, want Unavailable", err)
	}
}
