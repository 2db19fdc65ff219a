package stack

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"syscall"

	"github.com/copydesk/copydesk/tools/devstack/ferret"
)

// Proc is one running process of the stack, for the reliability suites:
// its name (a replica is "<service>-<k>"), pid, and METRICS_ADDR when
// Config.Metrics is set.
type Proc struct {
	Name        string
	PID         int
	MetricsAddr string
}

// snapshot copies the process list (Wait replaces restarted processes).
func (s *Stack) snapshot() []*process {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.procs)
}

// Procs lists the current processes in start order (services, then the
// gateway).
func (s *Stack) Procs() []Proc {
	var out []Proc
	for _, p := range s.snapshot() {
		out = append(out, Proc{Name: p.name, PID: p.cmd.Process.Pid, MetricsAddr: s.metrics[p.name]})
	}
	return out
}

// Signal sends sig to the named process's group, as an operator or the
// kernel would (SIGKILL: a crash; SIGTERM: a drain). The stack does not
// count it as asked to stop: Wait restarts it like any crashed process.
func (s *Stack) Signal(name string, sig syscall.Signal) error {
	for _, p := range s.snapshot() {
		if p.name == name {
			if p.exited() {
				return fmt.Errorf("stack: %s is not running", name)
			}
			return syscall.Kill(-p.cmd.Process.Pid, sig)
		}
	}
	return fmt.Errorf("stack: no process %q", name)
}

func (s *Stack) startDB(ctx context.Context, dir, addr string) error {
	uri, stop, err := ferret.Start(ctx, dir, addr)
	if err != nil {
		return err
	}
	u, err := url.Parse(uri)
	if err != nil {
		_ = stop()
		return fmt.Errorf("stack: database URI: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.MongoURI, s.stopDB, s.dbDir, s.dbAddr = uri, stop, dir, u.Host
	return nil
}

// StopDB stops the embedded database (the services stay up and report
// not-ready); StartDB starts it again at the same address. Without an
// embedded database (Config.MongoURI) StopDB does nothing.
func (s *Stack) StopDB() error {
	s.mu.Lock()
	stop := s.stopDB
	s.stopDB = nil
	s.mu.Unlock()
	if stop == nil {
		return nil
	}
	return stop()
}

// StartDB restarts the embedded database stopped by StopDB.
func (s *Stack) StartDB(ctx context.Context) error {
	s.mu.Lock()
	dir, addr, running := s.dbDir, s.dbAddr, s.stopDB != nil
	s.mu.Unlock()
	if dir == "" || running {
		return errors.New("stack: no stopped embedded database to start")
	}
	return s.startDB(ctx, dir, addr)
}
