package stack

import (
	"context"
	"fmt"
	"os"
	"time"
)

// RestartPolicy is how Wait supervises the stack, like a process manager:
// a process that exits without being asked to is started again after a
// backoff that doubles with each recent crash, and the stack gives up
// only when one process crashes MaxCrashes times within Window.
type RestartPolicy struct {
	MaxCrashes int           // default 5
	Window     time.Duration // default 1 minute
	Backoff    time.Duration // first delay; default 500 ms
	MaxBackoff time.Duration // default 10 s
}

func (r RestartPolicy) withDefaults() RestartPolicy {
	if r.MaxCrashes <= 0 {
		r.MaxCrashes = 5
	}
	if r.Window <= 0 {
		r.Window = time.Minute
	}
	if r.Backoff <= 0 {
		r.Backoff = 500 * time.Millisecond
	}
	if r.MaxBackoff <= 0 {
		r.MaxBackoff = 10 * time.Second
	}
	return r
}

// delay is the backoff before the n-th recent crash's restart (n ≥ 1).
func (r RestartPolicy) delay(n int) time.Duration {
	d := r.Backoff
	for i := 1; i < n && d < r.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, r.MaxBackoff)
}

// Wait supervises the stack until ctx is done (nil): a crashed process is
// restarted with backoff and one line on Config.Notices says so. It
// returns the crash error (with the process's last output) when one
// process crashes too often, or when it cannot be started again; the
// caller then stops the stack. Call Stop only after Wait has returned.
func (s *Stack) Wait(ctx context.Context) error {
	policy := s.cfg.Restart.withDefaults()
	notices := s.cfg.Notices
	if notices == nil {
		notices = os.Stderr
	}
	crashes := map[string][]time.Time{}
	due := map[int]time.Time{} // index in s.procs → restart time
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
		now := time.Now()
		for i, p := range s.snapshot() {
			if at, waiting := due[i]; waiting {
				if now.Before(at) {
					continue
				}
				np, err := p.again()
				if err != nil {
					return err
				}
				s.mu.Lock()
				s.procs[i] = np
				s.mu.Unlock()
				delete(due, i)
				continue
			}
			if !p.unexpected() {
				continue
			}
			p.reap()
			recent := []time.Time{now}
			for _, t := range crashes[p.name] {
				if now.Sub(t) < policy.Window {
					recent = append(recent, t)
				}
			}
			crashes[p.name] = recent
			if len(recent) >= policy.MaxCrashes {
				return fmt.Errorf("%d crashes within %s, giving up: %w", len(recent), policy.Window, p.exitError())
			}
			wait := policy.delay(len(recent))
			due[i] = now.Add(wait)
			how := "exit status 0" // stopped from outside the stack, e.g. a SIGTERM
			if p.err != nil {
				how = p.err.Error()
			}
			fmt.Fprintf(notices, "copydesk: %s exited unexpectedly (%s); restarting in %s\n", p.name, how, wait)
		}
	}
}
