// Package mtlstest gives tests the mutual TLS of a set of processes: a
// fresh development CA and a certificate per name (pkg/mtls.WriteDev),
// valid for 127.0.0.1 and localhost.
package mtlstest

import (
	"context"
	"path/filepath"
	"testing"

	"google.golang.org/grpc"

	"github.com/copydesk/copydesk/pkg/mtls"
)

// Set is the TLS material of a test's processes.
type Set struct {
	// Dir holds the CA and one TLS_DIR per name (Dir/<name>).
	Dir     string
	configs map[string]*mtls.Config
}

// New makes a CA and certificates for names in a temporary directory.
func New(t testing.TB, names ...string) *Set {
	t.Helper()
	s := &Set{Dir: t.TempDir(), configs: map[string]*mtls.Config{}}
	if err := mtls.WriteDev(s.Dir, names, []string{"127.0.0.1", "localhost"}); err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		c, err := mtls.Load(s.TLSDir(n), n)
		if err != nil {
			t.Fatal(err)
		}
		s.configs[n] = c
	}
	return s
}

// Config is the loaded TLS of name.
func (s *Set) Config(name string) *mtls.Config { return s.configs[name] }

// TLSDir is name's TLS_DIR.
func (s *Set) TLSDir(name string) string { return filepath.Join(s.Dir, name) }

// Dial connects to addr with name's certificate.
func (s *Set) Dial(t testing.TB, addr, name string) *grpc.ClientConn {
	t.Helper()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(s.Config(name).ClientCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

// Router dials addr twice: calls whose context is marked by AsService go
// with the certificate of service and no token (a call on nobody's
// behalf), every other call with the gateway's certificate, whose calls
// without a token are refused as in production.
func (s *Set) Router(t testing.TB, addr, service string) Router {
	t.Helper()
	return Router{User: s.Dial(t, addr, "gateway"), Service: s.Dial(t, addr, service)}
}

// Router is a grpc.ClientConnInterface over two connections (Set.Router).
type Router struct{ User, Service *grpc.ClientConn }

type asServiceKey struct{}

// AsService marks ctx for a Router's service connection.
func AsService(ctx context.Context) context.Context {
	return context.WithValue(ctx, asServiceKey{}, true)
}

func (r Router) pick(ctx context.Context) *grpc.ClientConn {
	if ctx.Value(asServiceKey{}) != nil {
		return r.Service
	}
	return r.User
}

// Invoke is grpc.ClientConnInterface's.
func (r Router) Invoke(ctx context.Context, method string, args, reply any, opts ...grpc.CallOption) error {
	return r.pick(ctx).Invoke(ctx, method, args, reply, opts...)
}

// NewStream is grpc.ClientConnInterface's.
func (r Router) NewStream(ctx context.Context, desc *grpc.StreamDesc, method string, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	return r.pick(ctx).NewStream(ctx, desc, method, opts...)
}
