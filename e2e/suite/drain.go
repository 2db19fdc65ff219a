package suite

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"syscall"
	"time"

	"github.com/copydesk/copydesk/tools/devstack/stack"
)

// DrainOptions run two replicas of every service, and the offline
// provider slowly (100 ms a word) so that streams are in flight. A
// gateway drains for 2 s before it shuts down (DRAIN_DELAY), time for the
// suite's client, checking /readyz every 100 ms, to leave it out.
func DrainOptions() Options {
	r := map[string]int{}
	for _, s := range stack.Services {
		r[s.Name] = 2
	}
	r[stack.Gateway] = 2
	return Options{Replicas: r, Env: []string{"LLM_OFFLINE_TOKEN_DELAY_MS=100", "DRAIN_DELAY=2s"}}
}

// RunDrain runs the workload while it sends SIGTERM to the first replica
// of each service, then of the gateway, in turn (the second keeps
// serving; services' clients round-robin over both replicas, the suite's
// HTTP client over both gateways like a load balancer, with its health
// check). No request may
// fail: no 5xx, no transport error. While llm or the gateway drains,
// completion streams are in flight through it: each must finish (its
// usage event) or end with a clean error event, never cut off.
func RunDrain(ctx context.Context, e *Env, users int) error {
	tenants, err := SetupTenants(ctx, e, tenantsFor(users))
	if err != nil {
		return err
	}
	w := &Workload{C: e.HTTP, Tenants: tenants, Ledger: &Ledger{}}
	loadCtx, stopLoad := context.WithCancel(ctx)
	e.HTTP.Watch(loadCtx, 100*time.Millisecond)
	loadDone := make(chan struct{})
	e.HTTP.Rec.Reset()
	go func() { w.Run(loadCtx, users); close(loadDone) }()
	probe := NewClient(e.URL, 4)
	var problems []string
	for _, svc := range append(stack.Services, stack.Service{Name: stack.Gateway}) {
		if err := drainOne(ctx, e, probe, tenants[0].Writer.Access, svc.Name); err != nil {
			problems = append(problems, err.Error())
		}
	}
	stopLoad()
	<-loadDone
	e.HTTP.Rec.Report(e.Out)
	problems = append(problems, e.HTTP.Rec.Failures(false)...)
	missing := w.Ledger.Verify(ctx, probe)
	fmt.Fprintf(e.Out, "ledger: %d acknowledged writes, %d missing\n", w.Ledger.Len(), len(missing))
	problems = append(problems, missing...)
	if len(problems) > 0 {
		return fmt.Errorf("drain:\n  %s", strings.Join(problems, "\n  "))
	}
	return nil
}

// drainOne sends SIGTERM to svc's first replica (with streams in flight
// through it when it is llm or the gateway) and waits for the supervisor
// to have it back. c talks to the first gateway only.
func drainOne(ctx context.Context, e *Env, c *Client, tok, svc string) error {
	pid := pidOf(e, svc)
	var streams []chan streamEnd
	if svc == "llm" || svc == stack.Gateway {
		for range 4 {
			ch := make(chan streamEnd, 1)
			go func() { ch <- stream(ctx, c, tok) }()
			streams = append(streams, ch)
		}
		time.Sleep(300 * time.Millisecond) // the streams are under way
	}
	if err := e.Signal(svc, syscall.SIGTERM); err != nil {
		return err
	}
	begin := time.Now()
	var fails []string
	ends := map[string]int{}
	deltas := 0
	for i, ch := range streams {
		end := <-ch
		if end.err != nil {
			fails = append(fails, fmt.Sprintf("%s drain: stream %d: %v", svc, i, end.err))
		}
		ends[end.last]++
		deltas += end.deltas
	}
	streamsDone := time.Now()
	back := until(ctx, 60*time.Second, func() bool {
		p := pidOf(e, svc)
		return p != 0 && p != pid && c.Do(ctx, "", http.MethodGet, "/readyz", "", nil).OK()
	})
	if back != nil {
		fails = append(fails, svc+": first replica not back within 60s of SIGTERM")
	}
	fmt.Fprintf(e.Out, "SIGTERM %-10s replica back after %s", svc, time.Since(begin).Round(time.Millisecond))
	if len(streams) > 0 {
		fmt.Fprintf(e.Out, "; %d streams in flight at SIGTERM ended %v (%d deltas), the last %s after it",
			len(streams), ends, deltas, streamsDone.Sub(begin).Round(time.Millisecond))
	}
	fmt.Fprintln(e.Out)
	if len(fails) > 0 {
		return errors.New(strings.Join(fails, "\n  "))
	}
	return nil
}

func pidOf(e *Env, name string) int {
	for _, p := range e.Procs() {
		if p.Name == name {
			return p.PID
		}
	}
	return 0
}

// streamEnd is how a stream ended: its last event, the deltas before it,
// and an error unless it ended with its usage event or an error event.
type streamEnd struct {
	last   string
	deltas int
	err    error
}

// stream runs one completion stream to its end.
func stream(ctx context.Context, c *Client, tok string) (end streamEnd) {
	end.err = streamTo(ctx, c, tok, &end)
	return end
}

func streamTo(ctx context.Context, c *Client, tok string, end *streamEnd) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/api/llm/completion/stream",
		strings.NewReader(`{"prompt":"Write a long spring newsletter for our customers"}`))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	sc := bufio.NewScanner(resp.Body)
	named := false // the current event has a name (usage, error)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			named = false
		case strings.HasPrefix(line, "event: "):
			end.last, named = strings.TrimPrefix(line, "event: "), true
		case strings.HasPrefix(line, "data: ") && !named:
			end.deltas++ // a token
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("cut off after %d deltas: %w", end.deltas, err)
	}
	if end.last != "usage" && end.last != "error" {
		return fmt.Errorf("ended after %d deltas without a final event (last %q)", end.deltas, end.last)
	}
	return nil
}
