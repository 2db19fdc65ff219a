package stack

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// script writes an executable shell script and returns its path.
func script(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "svc")
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

func supervised(t *testing.T, name, path string, env []string, notices io.Writer) *Stack {
	t.Helper()
	p, err := startProcess(name, path, env, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	s := &Stack{cfg: Config{
		Restart:     RestartPolicy{MaxCrashes: 3, Window: time.Minute, Backoff: 50 * time.Millisecond},
		Notices:     notices,
		StopTimeout: 5 * time.Second,
	}, procs: []*process{p}}
	t.Cleanup(func() { _ = s.Stop() })
	return s
}

// A service killed with -9 comes back by itself, with one line saying so,
// and the stack keeps running and stops cleanly afterwards.
func TestWaitRestartsACrashedProcess(t *testing.T) {
	marks := filepath.Join(t.TempDir(), "starts")
	path := script(t, `echo start >> "$MARKS"; exec sleep 60`)
	var notices bytes.Buffer
	s := supervised(t, "tickets", path, append(os.Environ(), "MARKS="+marks), &notices)
	first := s.procs[0].cmd.Process.Pid
	ctx, cancel := context.WithCancel(context.Background())
	waited := make(chan error, 1)
	go func() { waited <- s.Wait(ctx) }()

	waitFor(t, func() bool { return starts(marks) == 1 })
	if err := syscall.Kill(first, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return starts(marks) == 2 })
	cancel()
	if err := <-waited; err != nil {
		t.Fatalf("Wait after a single crash: %v", err)
	}
	if got := strings.Count(notices.String(), "\n"); got != 1 || !strings.Contains(notices.String(), "tickets exited unexpectedly") {
		t.Fatalf("want one notice line naming tickets, got %q", notices.String())
	}
	if s.procs[0].cmd.Process.Pid == first {
		t.Fatal("the crashed process was not replaced")
	}
	if err := s.Stop(); err != nil {
		t.Fatalf("Stop after a recovered crash: %v", err)
	}
}

// A process that keeps crashing makes Wait give up with its output.
func TestWaitGivesUpOnACrashLoop(t *testing.T) {
	path := script(t, `echo "cannot bind"; exit 3`)
	var notices bytes.Buffer
	s := supervised(t, "llm", path, os.Environ(), &notices)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := s.Wait(ctx)
	if err == nil || ctx.Err() != nil {
		t.Fatalf("Wait = %v (ctx %v), want a give-up error", err, ctx.Err())
	}
	if !strings.Contains(err.Error(), "3 crashes") || !strings.Contains(err.Error(), "cannot bind") {
		t.Fatalf("error should count the crashes and carry the output: %v", err)
	}
	if got := strings.Count(notices.String(), "restarting in"); got != 2 {
		t.Fatalf("want 2 restart notices before giving up, got %d: %q", got, notices.String())
	}
}

func starts(path string) int {
	b, _ := os.ReadFile(path)
	return strings.Count(string(b), "start")
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 20s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
