// Package mtlstest gives tests the mutual TLS of a set of processes: a
// fresh development CA and a certificate per name (pkg/mtls.WriteDev),
// valid for 127.0.0.1 and localhost.
package mtlstest

import (
	"path/filepath"
	"testing"

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
