package main

import (
	"bufio"
	"context"
	"errors"
	"net"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/mongotest"
	"github.com/copydesk/copydesk/pkg/secretbox"
)

// envRunMain makes the test binary run main() instead of the tests, so a
// test can start the real process and watch how it ends.
const envRunMain = "COPYDESK_TICKETS_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(envRunMain) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

type proc struct {
	cmd    *exec.Cmd
	stderr *bufio.Scanner
	log    strings.Builder // the lines read so far
}

// start runs this binary as the tickets service with env on a fresh test
// database. ctx's deadline only guards against a hung process: the tests
// check that the process ended on its own.
func start(t *testing.T, ctx context.Context, env ...string) *proc {
	t.Helper()
	db := mongotest.DB(t)
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envRunMain+"=1",
		"MONGO_URI="+os.Getenv(mongotest.EnvURI), "MONGO_DB="+db.Name(), "SECRETS_KEY="+secretbox.NewKey(),
		"WEBHOOK_WORKERS=2", "METRICS_ADDR=", "DATA_DIR="+t.TempDir(), "FILES_LINK_SECRET=main-test-link-secret-of-32-bytes-or-more")
	cmd.Env = append(cmd.Env, env...)
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return &proc{cmd: cmd, stderr: bufio.NewScanner(pipe)}
}

// readUntil reads stderr up to the first line containing s (or to the end
// when s is ""); false when the output ended first.
func (p *proc) readUntil(s string) bool {
	for p.stderr.Scan() {
		p.log.WriteString(p.stderr.Text() + "\n")
		if s != "" && strings.Contains(p.stderr.Text(), s) {
			return true
		}
	}
	return false
}

// wait reads the rest of stderr and waits for the exit, failing the test
// when the guard had to kill the process.
func (p *proc) wait(t *testing.T, ctx context.Context) error {
	t.Helper()
	p.readUntil("")
	err := p.cmd.Wait()
	if ctx.Err() != nil {
		t.Fatalf("the process did not exit on its own: %v\n%s", err, p.log.String())
	}
	return err
}

// A port already taken is a start-up failure: the process says why and
// exits non-zero on its own (its webhook workers stopped), instead of
// hanging with the workers still running.
func TestExitsWhenThePortIsTaken(t *testing.T) {
	t.Parallel()
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	p := start(t, ctx, "GRPC_ADDR="+taken.Addr().String())
	err = p.wait(t, ctx)
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() == 0 {
		t.Fatalf("exit = %v, want a non-zero exit code\n%s", err, p.log.String())
	}
	if !strings.Contains(p.log.String(), "tickets: listen "+taken.Addr().String()) || !strings.Contains(p.log.String(), "address already in use") {
		t.Fatalf("stderr does not say why:\n%s", p.log.String())
	}
}

// SIGTERM drains the server and stops the workers; the process exits 0.
func TestStopsOnSIGTERM(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	p := start(t, ctx, "GRPC_ADDR=127.0.0.1:0")
	if !p.readUntil(`"msg":"grpc server listening"`) {
		t.Fatalf("the server did not start:\n%s", p.log.String())
	}
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := p.wait(t, ctx); err != nil {
		t.Fatalf("exit = %v, want 0\n%s", err, p.log.String())
	}
	if !strings.Contains(p.log.String(), `"msg":"shutting down"`) {
		t.Fatalf("no shutdown in the log:\n%s", p.log.String())
	}
}
