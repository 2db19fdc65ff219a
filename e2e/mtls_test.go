package e2e

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"os"
	"path/filepath"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"

	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
	"github.com/copydesk/copydesk/pkg/mtls"
	"github.com/copydesk/copydesk/pkg/mtls/mtlstest"
)

// userMethods is one method per service that needs a user: an access
// token is checked there, not only at the edge.
var userMethods = map[string]string{
	"auth":      "/copydesk.auth.v1.AuthService/Me",
	"users":     "/copydesk.users.v1.UserService/ListUsers",
	"tickets":   "/copydesk.tickets.v1.TicketService/ListTickets",
	"campaigns": "/copydesk.campaigns.v1.CampaignService/ListCampaigns",
	"knowledge": "/copydesk.knowledge.v1.KnowledgeService/ListChunks",
	"agents":    "/copydesk.agents.v1.AgentService/ListAgents",
	"llm":       "/copydesk.llm.v1.LLMService/GetUsage",
}

// dialAs connects to a service of the stack with creds.
func dialAs(t *testing.T, service string, creds credentials.TransportCredentials) *grpc.ClientConn {
	t.Helper()
	conn, err := grpc.NewClient(env.addrs[service], grpc.WithTransportCredentials(creds))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

// certOf is the stack's certificate of process name.
func certOf(t *testing.T, name string) credentials.TransportCredentials {
	t.Helper()
	c, err := mtls.Load(env.tlsDirs[name], name)
	if err != nil {
		t.Fatal(err)
	}
	return c.ClientCredentials()
}

// invokeAny calls method with an empty request (every list request may be
// empty) and ignores the answer's fields.
func invokeAny(ctx context.Context, conn *grpc.ClientConn, method string) error {
	return conn.Invoke(ctx, method, &emptypb.Empty{}, &emptypb.Empty{})
}

func bearerCtx(ctx context.Context, tok string) context.Context {
	return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+tok)
}

// TestMutualTLSBetweenServices: every service of the stack speaks mutual
// TLS only: a peer in plaintext, with TLS but no certificate, or with a
// certificate of another CA cannot even connect, whatever token it holds;
// with a certificate of the stack's CA and a user's token the call works.
func TestMutualTLSBetweenServices(t *testing.T) {
	t.Parallel()
	co, _ := newCompany(t)
	admin := newSession(t, co, "company_admin")
	caPEM, err := os.ReadFile(filepath.Join(env.tlsDirs["users"], mtls.CAFile))
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(caPEM)
	foreign := mtlstest.New(t, "gateway").Config("gateway")
	refused := map[string]credentials.TransportCredentials{
		"plaintext":           insecure.NewCredentials(),
		"TLS, no certificate": credentials.NewTLS(&tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS13}),
		"certificate of another CA": credentials.NewTLS(&tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS13,
			GetClientCertificate: func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return foreign.Certificate() }}),
	}
	ctx := bearerCtx(t.Context(), admin.Access)
	for service, method := range userMethods {
		for name, creds := range refused {
			if err := invokeAny(ctx, dialAs(t, service, creds), method); status.Code(err) != codes.Unavailable {
				t.Errorf("%s, %s: %v, want the connection refused", service, name, err)
			}
		}
		err := invokeAny(ctx, dialAs(t, service, certOf(t, "gateway")), method)
		if c := status.Code(err); c == codes.Unavailable || c == codes.Unauthenticated || c == codes.PermissionDenied {
			t.Errorf("%s with the gateway's certificate and a user token: %v", service, err)
		}
	}
}

// TestServiceIdentityFromCertificate: a call on nobody's behalf is made by
// the service its certificate names; the gateway's certificate is no
// service (its edge role opens only the session cut-off feed), and a token
// is not a way in either.
func TestServiceIdentityFromCertificate(t *testing.T) {
	t.Parallel()
	co, _ := newCompany(t)
	lookup := func(creds credentials.TransportCredentials, ctx context.Context) error {
		_, err := usersv1.NewDirectoryServiceClient(dialAs(t, "users", creds)).LookupCompany(ctx, &usersv1.LookupCompanyRequest{Id: co})
		return err
	}
	if err := lookup(certOf(t, "tickets"), t.Context()); err != nil {
		t.Fatalf("tickets, by its certificate: %v", err)
	}
	if err := lookup(certOf(t, "gateway"), t.Context()); status.Code(err) != codes.Unauthenticated {
		t.Fatalf("gateway without a token: %v, want Unauthenticated (the edge is no one without a user)", err)
	}
	admin := newSession(t, co, "company_admin")
	if err := lookup(certOf(t, "tickets"), bearerCtx(t.Context(), admin.Access)); status.Code(err) != codes.PermissionDenied {
		t.Fatalf("a user's token on a service-only method: %v, want PermissionDenied", err)
	}
}

// TestReflectionOffByDefault: the e2e stack does not set GRPC_REFLECTION,
// so no service lists its methods.
func TestReflectionOffByDefault(t *testing.T) {
	t.Parallel()
	conn := dialAs(t, "users", certOf(t, "gateway"))
	cs, err := conn.NewStream(t.Context(), &grpc.StreamDesc{ServerStreams: true, ClientStreams: true},
		"/grpc.reflection.v1.ServerReflection/ServerReflectionInfo")
	if err == nil {
		err = cs.RecvMsg(&emptypb.Empty{})
	}
	if status.Code(err) != codes.Unimplemented {
		t.Fatalf("reflection: %v, want Unimplemented", err)
	}
}
