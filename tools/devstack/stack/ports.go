package stack

import (
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
)

// FreeAddr returns a 127.0.0.1 address whose port was free a moment ago.
//
// The port is drawn below the kernel's ephemeral range
// (/proc/sys/net/ipv4/ip_local_port_range, 32768 by default): a port that
// "listen on :0" hands out is an ephemeral one, and so is the local port of
// every outgoing connection, so under a busy test run another listener or
// even a client socket could take it before the service binds it ("address
// already in use"). Ports below the range are only ever taken on purpose.
//
// A port is handed out once per process: a stack asks for all its
// addresses before any process binds one, so "free a moment ago" alone
// gave two replicas the same port now and then (the drain suite's
// "tickets-2: address already in use").
func FreeAddr() (string, error) {
	low := ephemeralLow()
	const floor = 20000
	if low > floor+1000 {
		for range 100 {
			port := floor + rand.IntN(low-floor)
			addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
			if !claimPort(port) {
				continue
			}
			if l, err := net.Listen("tcp", addr); err == nil {
				if err := l.Close(); err != nil {
					return "", err
				}
				return addr, nil
			}
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find a free port: %w", err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		return "", err
	}
	return addr, nil
}

var handedOut sync.Map // port → struct{}: ports FreeAddr returned

// claimPort reports whether port was not handed out before, and marks it.
func claimPort(port int) bool {
	_, taken := handedOut.LoadOrStore(port, struct{}{})
	return !taken
}

// ephemeralLow is the first port of the kernel's ephemeral range.
func ephemeralLow() int {
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err != nil {
		return 32768
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 32768
	}
	n, err := strconv.Atoi(f[0])
	if err != nil {
		return 32768
	}
	return n
}
