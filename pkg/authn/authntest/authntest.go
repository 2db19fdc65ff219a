// Package authntest stands in for the auth service's keys in tests of
// other services: a real gRPC server whose GetKeys publishes a fresh
// signing key, so a service run with AUTH_ADDR pointing at it verifies
// the tokens the test issues.
package authntest

import (
	"context"
	"net"
	"testing"
	"time"

	"google.golang.org/grpc"

	authv1 "github.com/copydesk/copydesk/gen/copydesk/auth/v1"
	"github.com/copydesk/copydesk/pkg/authn"
	"github.com/copydesk/copydesk/pkg/mtls"
)

type keyServer struct {
	authv1.UnimplementedAuthServiceServer
	signer *authn.Signer
}

func (k keyServer) GetKeys(context.Context, *authv1.GetKeysRequest) (*authv1.GetKeysResponse, error) {
	return authn.KeysResponse(k.signer.PublicKeys()), nil
}

// Serve runs GetKeys on 127.0.0.1:0 (over tlsCfg when set) until the test
// ends; it returns the signer whose key it publishes and the address.
func Serve(t testing.TB, tlsCfg *mtls.Config) (*authn.Signer, string) {
	t.Helper()
	signer, err := authn.GenerateSigner("copydesk", 15*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	var opts []grpc.ServerOption
	if tlsCfg != nil {
		opts = append(opts, grpc.Creds(tlsCfg.ServerCredentials()))
	}
	srv := grpc.NewServer(opts...)
	authv1.RegisterAuthServiceServer(srv, keyServer{signer: signer})
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	return signer, lis.Addr().String()
}
