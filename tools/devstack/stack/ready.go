package stack

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// waitReady polls GET /readyz until 200, a process dies, or the deadline.
func (s *Stack) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.ReadyTimeout)
	defer cancel()
	client := &http.Client{Timeout: 2 * time.Second}
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	last := ""
	for {
		if err := s.Failed(); err != nil {
			return err
		}
		ok := true
		for _, u := range s.URLs { // every gateway replica
			var up bool
			if up, last = s.probe(ctx, client, u); !up {
				ok = false
				break
			}
		}
		if ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return s.notReady(last)
		case <-tick.C:
		}
	}
}

func (s *Stack) probe(ctx context.Context, client *http.Client, base string) (bool, string) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/readyz", nil)
	if err != nil {
		return false, err.Error()
	}
	resp, err := client.Do(req)
	if err != nil {
		return false, err.Error()
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 2048))
	return resp.StatusCode == http.StatusOK, fmt.Sprintf("%s %s", resp.Status, body)
}

// notReady names the process that most likely holds things up: the first
// service not accepting connections on its port, else the gateway.
func (s *Stack) notReady(last string) error {
	if err := s.Failed(); err != nil {
		return err
	}
	procs := s.snapshot()
	suspect := procs[len(procs)-1]
	for _, p := range procs[:len(procs)-1] {
		addr := ""
		for _, kv := range p.env {
			if v, ok := strings.CutPrefix(kv, "GRPC_ADDR="); ok {
				addr = v
			}
		}
		if addr == "" {
			continue // a gateway
		}
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			suspect = p
			break
		}
		_ = c.Close()
	}
	return fmt.Errorf("stack not ready after %s (last /readyz: %s); %s is not ready, last output:\n%s",
		s.cfg.ReadyTimeout, last, suspect.name, suspect.tail.String())
}
