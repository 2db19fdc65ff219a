package suite

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"syscall"
	"time"

	"github.com/copydesk/copydesk/tools/devstack/stack"
)

// probes name, per service, a read that needs it (and only it, as far as
// the workload's routes go).
var probes = map[string]string{
	"users": "/api/users?limit=1", "auth": "/auth/me", "llm": "/api/llm/budget",
	"knowledge": "/api/knowledge_sources?limit=1", "agents": "/api/agents?limit=1",
	"tickets": "/api/tickets?limit=1", "campaigns": "/api/campaigns?limit=1",
}

// control is a read that must keep working while svc is down.
func control(svc string) string {
	if svc == "llm" {
		return probes["tickets"]
	}
	return probes["llm"]
}

// RunFaults runs the workload while it kills each service in turn with
// SIGKILL, then stops and restarts the database. While a service is down,
// reads that need it answer 503 with Retry-After within a second and a
// read of another service still succeeds; the supervisor restarts it and
// everything recovers on its own. With the database stopped the gateway's
// /readyz turns 503, then 200 again after the restart. At the end every
// acknowledged write is read back.
func RunFaults(ctx context.Context, e *Env, users int) error {
	tenants, err := SetupTenants(ctx, e, tenantsFor(users))
	if err != nil {
		return err
	}
	w := &Workload{C: e.HTTP, Tenants: tenants, Ledger: &Ledger{}}
	loadCtx, stopLoad := context.WithCancel(ctx)
	loadDone := make(chan struct{})
	e.HTTP.Rec.Reset()
	go func() { w.Run(loadCtx, users); close(loadDone) }()
	probe := NewClient(e.URL, 4) // not recorded with the workload
	tok := tenants[0].Manager.Access
	var problems []string
	for _, svc := range stack.Services {
		if err := killOne(ctx, e, probe, tok, svc.Name); err != nil {
			problems = append(problems, err.Error())
		}
	}
	if err := databaseOutage(ctx, e, probe); err != nil {
		problems = append(problems, err.Error())
	}
	stopLoad()
	<-loadDone
	e.HTTP.Rec.Report(e.Out)
	// Unavailable is the expected answer while a part is down; anything
	// else 5xx (or a 503 without Retry-After) is a failure.
	problems = append(problems, e.HTTP.Rec.Failures(true)...)
	missing := w.Ledger.Verify(ctx, probe)
	fmt.Fprintf(e.Out, "ledger: %d acknowledged writes, %d missing\n", w.Ledger.Len(), len(missing))
	problems = append(problems, missing...)
	if len(problems) > 0 {
		return fmt.Errorf("faults:\n  %s", strings.Join(problems, "\n  "))
	}
	return nil
}

// killOne kills svc and checks fast failure, isolation and recovery.
func killOne(ctx context.Context, e *Env, c *Client, tok, svc string) error {
	if err := until(ctx, 60*time.Second, func() bool { return c.Do(ctx, "", http.MethodGet, probes[svc], tok, nil).OK() }); err != nil {
		return fmt.Errorf("%s: not answering before the kill", svc)
	}
	if err := e.Signal(svc, syscall.SIGKILL); err != nil {
		return err
	}
	killed := time.Now()
	time.Sleep(50 * time.Millisecond) // the kernel closes its sockets
	var fails []string
	seen503 := 0
	for time.Since(killed) < 800*time.Millisecond {
		r := c.Do(ctx, "", http.MethodGet, probes[svc], tok, nil)
		switch {
		case r.OK(): // already restarted
		case r.Status != http.StatusServiceUnavailable || r.Header.Get("Retry-After") == "":
			fails = append(fails, fmt.Sprintf("%s down: GET %s answered %s", svc, probes[svc], r))
		case r.Took > time.Second:
			fails = append(fails, fmt.Sprintf("%s down: 503 after %s", svc, r.Took))
		default:
			seen503++
		}
		if o := c.Do(ctx, "", http.MethodGet, control(svc), tok, nil); !o.OK() {
			fails = append(fails, fmt.Sprintf("%s down: GET %s (another service) answered %s", svc, control(svc), o))
		}
		time.Sleep(100 * time.Millisecond)
	}
	err := until(ctx, 60*time.Second, func() bool {
		return c.Do(ctx, "", http.MethodGet, "/readyz", "", nil).OK() && c.Do(ctx, "", http.MethodGet, probes[svc], tok, nil).OK()
	})
	if err != nil {
		fails = append(fails, fmt.Sprintf("%s: not recovered within 60s of the kill", svc))
	}
	fmt.Fprintf(e.Out, "kill -9 %-10s fast 503s: %d, recovered after %s\n", svc, seen503, time.Since(killed).Round(time.Millisecond))
	if seen503 == 0 && err == nil {
		fails = append(fails, fmt.Sprintf("%s: no 503 seen while it was down", svc))
	}
	if len(fails) > 0 {
		return errors.New(strings.Join(dedupe(fails), "\n  "))
	}
	return nil
}

// databaseOutage stops the embedded database: /readyz must turn 503
// (services not ready), then 200 again once it is back.
func databaseOutage(ctx context.Context, e *Env, c *Client) error {
	if err := e.StopDB(); err != nil {
		return err
	}
	stopped := time.Now()
	notReady := until(ctx, 15*time.Second, func() bool {
		return c.Do(ctx, "", http.MethodGet, "/readyz", "", nil).Status == http.StatusServiceUnavailable
	})
	took := time.Since(stopped)
	time.Sleep(2 * time.Second) // an outage, under load
	if err := e.StartDB(ctx); err != nil {
		return fmt.Errorf("database restart: %w", err)
	}
	started := time.Now()
	ready := until(ctx, 60*time.Second, func() bool { return c.Do(ctx, "", http.MethodGet, "/readyz", "", nil).OK() })
	fmt.Fprintf(e.Out, "database stop: /readyz 503 after %s; start: ready again after %s\n",
		took.Round(time.Millisecond), time.Since(started).Round(time.Millisecond))
	switch {
	case notReady != nil:
		return errors.New("database stopped: /readyz stayed 200")
	case ready != nil:
		return errors.New("database restarted: not ready within 60s")
	}
	return nil
}

// until polls cond every 100 ms until it holds or the timeout passes.
func until(ctx context.Context, timeout time.Duration, cond func() bool) error {
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) || ctx.Err() != nil {
			return errors.New("timed out")
		}
		time.Sleep(100 * time.Millisecond)
	}
	return nil
}

func dedupe(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
