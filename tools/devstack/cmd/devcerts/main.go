// Command devcerts writes a development CA and a certificate per process
// for mutual TLS between Copydesk processes (pkg/mtls.WriteDev):
//
//	devcerts DIR NAME...
//
// DIR/ca.crt and DIR/ca.key are made once and kept; DIR/<name> is the
// TLS_DIR of process name, valid for the host names NAME..., localhost and
// 127.0.0.1. docker-compose.yml runs it once before the services; `make
// run` does the same through tools/devstack/stack. Not for production:
// there, cert-manager issues the certificates (deploy/k8s/README.md).
package main

import (
	"fmt"
	"os"

	"github.com/copydesk/copydesk/pkg/mtls"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: devcerts DIR NAME...")
		os.Exit(2)
	}
	dir, names := os.Args[1], os.Args[2:]
	hosts := append(append([]string{}, names...), "localhost", "127.0.0.1")
	if err := mtls.WriteDev(dir, names, hosts); err != nil {
		fmt.Fprintln(os.Stderr, "devcerts:", err)
		os.Exit(1)
	}
	fmt.Printf("devcerts: CA and certificates for %v in %s\n", names, dir)
}
