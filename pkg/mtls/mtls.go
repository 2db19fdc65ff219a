// Package mtls is the mutual TLS between Copydesk processes. Each process
// has a directory (TLS_DIR) in the layout of a Kubernetes TLS secret, as
// cert-manager writes it:
//
//	ca.crt   the CA every peer's certificate must chain to
//	tls.crt  this process's certificate (client and server), with the URI
//	         SAN spiffe://copydesk/<process> (e.g. spiffe://copydesk/users)
//	tls.key  its private key
//
// Servers require and verify a client certificate from the CA (TLS 1.3);
// clients verify the server's certificate against the CA and the address
// they dial. The URI SAN is the process's identity: a call that carries no
// user token is made by the service its certificate names (PeerIdentity).
// tls.crt and tls.key are re-read when they change (cert-manager renews
// them in place); a new CA needs a restart.
package mtls

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/peer"
)

// File names inside a TLS_DIR.
const (
	CAFile   = "ca.crt"
	CertFile = "tls.crt"
	KeyFile  = "tls.key"
)

// TrustDomain is the host of every identity URI.
const TrustDomain = "copydesk"

// IdentityURI is the URI SAN naming process name.
func IdentityURI(name string) *url.URL {
	return &url.URL{Scheme: "spiffe", Host: TrustDomain, Path: "/" + name}
}

// Config is a process's TLS material.
type Config struct {
	name string
	pool *x509.CertPool
	leaf *keyPair
}

// Load reads dir and checks that its certificate chains to its CA and
// names the process self.
func Load(dir, self string) (*Config, error) {
	caPEM, err := os.ReadFile(filepath.Join(dir, CAFile))
	if err != nil {
		return nil, fmt.Errorf("TLS_DIR: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		return nil, fmt.Errorf("TLS_DIR: %s holds no certificate", CAFile)
	}
	c := &Config{name: self, pool: pool, leaf: &keyPair{cert: filepath.Join(dir, CertFile), key: filepath.Join(dir, KeyFile)}}
	cert, err := c.leaf.get()
	if err != nil {
		return nil, fmt.Errorf("TLS_DIR: %w", err)
	}
	chains, err := cert.Leaf.Verify(x509.VerifyOptions{Roots: pool, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth, x509.ExtKeyUsageServerAuth}})
	if err != nil {
		return nil, fmt.Errorf("TLS_DIR: %s: %w", CertFile, err)
	}
	if got, _ := identity(chains[0][0]); got != self {
		return nil, fmt.Errorf("TLS_DIR: %s names %q, not this process (%s)", CertFile, got, IdentityURI(self))
	}
	return c, nil
}

// Name is the process the certificate names.
func (c *Config) Name() string { return c.name }

// ServerCredentials require a client certificate from the CA.
func (c *Config) ServerCredentials() credentials.TransportCredentials {
	return credentials.NewTLS(&tls.Config{
		MinVersion:     tls.VersionTLS13,
		ClientAuth:     tls.RequireAndVerifyClientCert,
		ClientCAs:      c.pool,
		GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) { return c.leaf.get() },
	})
}

// ClientCredentials present this process's certificate and verify the
// server's against the CA and the dialled host.
func (c *Config) ClientCredentials() credentials.TransportCredentials {
	return credentials.NewTLS(&tls.Config{
		MinVersion:           tls.VersionTLS13,
		RootCAs:              c.pool,
		GetClientCertificate: func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return c.leaf.get() },
	})
}

// PeerIdentity is the process named by the verified client certificate
// of the call in ctx, or "" (no TLS, or no identity URI).
func PeerIdentity(ctx context.Context) string {
	p, ok := peer.FromContext(ctx)
	if !ok {
		return ""
	}
	info, ok := p.AuthInfo.(credentials.TLSInfo)
	if !ok || len(info.State.VerifiedChains) == 0 || len(info.State.VerifiedChains[0]) == 0 {
		return ""
	}
	name, _ := identity(info.State.VerifiedChains[0][0])
	return name
}

// identity is the process name of cert's one spiffe://copydesk/<name>
// URI SAN.
func identity(cert *x509.Certificate) (string, error) {
	var names []string
	for _, u := range cert.URIs {
		if u.Scheme == "spiffe" && u.Host == TrustDomain && len(u.Path) > 1 {
			names = append(names, u.Path[1:])
		}
	}
	if len(names) != 1 {
		return "", errors.New("certificate does not name exactly one Copydesk process")
	}
	return names[0], nil
}

// keyPair is tls.crt and tls.key, re-read when tls.crt changes (checked
// at most every few seconds).
type keyPair struct {
	cert, key string

	mu      sync.Mutex
	loaded  *tls.Certificate
	modTime time.Time
	checked time.Time
}

const recheck = 5 * time.Second

func (k *keyPair) get() (*tls.Certificate, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.loaded != nil && time.Since(k.checked) < recheck {
		return k.loaded, nil
	}
	k.checked = time.Now()
	st, err := os.Stat(k.cert)
	if err == nil && k.loaded != nil && st.ModTime().Equal(k.modTime) {
		return k.loaded, nil
	}
	cert, lerr := tls.LoadX509KeyPair(k.cert, k.key)
	if err == nil {
		err = lerr
	}
	if err != nil {
		if k.loaded != nil {
			return k.loaded, nil // mid-renewal: keep serving the pair that worked
		}
		return nil, err
	}
	k.loaded, k.modTime = &cert, st.ModTime()
	return k.loaded, nil
}

// FromDir is Load when dir is set. Without it the process runs plaintext
// gRPC, which it logs as a warning: no peer is authenticated, so no call
// can have the service role (docs/security.md).
func FromDir(dir, self string, log *slog.Logger) (*Config, error) {
	if dir == "" {
		log.Warn("TLS_DIR is not set: internal gRPC is plaintext and calls between services on nobody's behalf are refused")
		return nil, nil
	}
	return Load(dir, self)
}

// Certificate is the process's current certificate.
func (c *Config) Certificate() (*tls.Certificate, error) { return c.leaf.get() }
