package stack

import (
	"net"
	"strconv"
	"testing"
)

// Ports handed to services lie below the kernel's ephemeral range, where
// neither "listen on :0" nor an outgoing connection can take them first.
func TestFreeAddrAvoidsEphemeralPorts(t *testing.T) {
	t.Parallel()
	low := ephemeralLow()
	for range 20 {
		addr, err := FreeAddr()
		if err != nil {
			t.Fatal(err)
		}
		_, p, _ := net.SplitHostPort(addr)
		port, _ := strconv.Atoi(p)
		if port >= low || port < 20000 {
			t.Fatalf("port %d, want one in [20000, %d)", port, low)
		}
		l, err := net.Listen("tcp", addr)
		if err != nil {
			t.Fatalf("FreeAddr gave %s, which is not free: %v", addr, err)
		}
		_ = l.Close()
	}
}

// A stack asks for all its addresses before any process binds one: no
// two of them may be the same port.
func TestFreeAddrNeverRepeats(t *testing.T) {
	seen := map[string]bool{}
	for range 500 {
		addr, err := FreeAddr()
		if err != nil {
			t.Fatal(err)
		}
		if seen[addr] {
			t.Fatalf("FreeAddr gave %s twice", addr)
		}
		seen[addr] = true
	}
}
