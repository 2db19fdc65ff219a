package suite

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// LoadConfig sizes a load run.
type LoadConfig struct {
	Users    int
	Duration time.Duration
}

// tenantsFor: one company per four virtual users (at least two).
func tenantsFor(users int) int { return max(2, (users+3)/4) }

// RunLoad drives the mixed workload for the duration, then reports per
// route and per process. It fails on any 5xx or transport error, on an
// acknowledged write that cannot be read back, and on a process whose
// goroutines, FDs or RSS did not stay flat (Monitor.Flat).
func RunLoad(ctx context.Context, e *Env, c LoadConfig) error {
	tenants, err := SetupTenants(ctx, e, tenantsFor(c.Users))
	if err != nil {
		return err
	}
	w := &Workload{C: e.HTTP, Tenants: tenants, Ledger: &Ledger{}}
	fmt.Fprintf(e.Out, "load: %d virtual users for %s\n", c.Users, c.Duration)
	runCtx, cancel := context.WithTimeout(ctx, c.Duration)
	defer cancel()
	var mon Monitor
	monDone := make(chan struct{})
	go func() { mon.Watch(runCtx, e); close(monDone) }()
	e.HTTP.Rec.Reset()
	w.Run(runCtx, c.Users)
	<-monDone
	e.HTTP.Rec.Report(e.Out)
	var problems []string
	problems = append(problems, e.HTTP.Rec.Failures(false)...)
	problems = append(problems, mon.Flat(e.Out)...)
	missing := w.Ledger.Verify(ctx, e.HTTP)
	fmt.Fprintf(e.Out, "ledger: %d acknowledged writes, %d missing\n", w.Ledger.Len(), len(missing))
	problems = append(problems, missing...)
	if len(problems) > 0 {
		return fmt.Errorf("load: %s", strings.Join(problems, "\n  "))
	}
	return nil
}
