package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/copydesk/copydesk/tools/devstack/stack"
)

// build compiles every service of the stack table, the gateway and
// copydesk-dev into dir with one `go build` (as the e2e suite does), so
// copydesk-dev finds the others next to itself.
func build(t *testing.T, dir string) error {
	pkgs := []string{"github.com/copydesk/copydesk/tools/devstack/cmd/copydesk-dev",
		"github.com/copydesk/copydesk/" + stack.Gateway}
	for _, svc := range stack.Services {
		pkgs = append(pkgs, "github.com/copydesk/copydesk/services/"+svc.Name)
	}
	cmd := exec.CommandContext(t.Context(), "go", append([]string{"build", "-tags", stack.BuildTags, "-o", dir + string(os.PathSeparator)}, pkgs...)...)
	// Workspace mode refuses -mod=mod (as in e2e's build).
	flags := slices.DeleteFunc(strings.Fields(os.Getenv("GOFLAGS")), func(f string) bool { return f == "-mod=mod" })
	cmd.Env = append(os.Environ(), "GOFLAGS="+strings.Join(flags, " "))
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%w\n%s", err, out)
	}
	return nil
}

// runner is one copydesk-dev process, in its own process group like a
// foreground job at a terminal.
type runner struct {
	t      *testing.T
	cmd    *exec.Cmd
	lines  chan string   // stdout, line by line; closed at EOF
	done   chan struct{} // closed when the process has exited
	mu     sync.Mutex
	stdout strings.Builder
	stderr strings.Builder
}

func startRunner(t *testing.T, exe, dataDir string, port int) *runner {
	t.Helper()
	r := &runner{t: t, lines: make(chan string, 100), done: make(chan struct{})}
	cmd := exec.Command(exe)
	cmd.Env = append(withoutVars(os.Environ(), "ADMIN_PASSWORD", "ADMIN_EMAIL", "MONGO_URI", "BIN_DIR", "HOST"),
		"DATA_DIR="+dataDir, "PORT="+strconv.Itoa(port), "LOG_LEVEL=warn")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Stderr = lockedWriter{&r.mu, &r.stderr}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start copydesk-dev: %v", err)
	}
	r.cmd = cmd
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			r.mu.Lock()
			r.stdout.WriteString(sc.Text() + "\n")
			r.mu.Unlock()
			r.lines <- sc.Text()
		}
		close(r.lines)
		_ = cmd.Wait() // after the pipe is drained
		close(r.done)
	}()
	t.Cleanup(func() { // a failed test must not leave a stack behind
		go func() {
			for range r.lines {
			}
		}()
		select {
		case <-r.done:
		default:
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGINT)
			select {
			case <-r.done:
			case <-time.After(30 * time.Second):
				_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
				<-r.done
			}
		}
	})
	return r
}

// waitReady reads stdout until the last line of the ready banner and
// returns what was printed so far.
func (r *runner) waitReady(timeout time.Duration) string {
	r.t.Helper()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	var seen []string
	for {
		select {
		case line, ok := <-r.lines:
			if !ok {
				<-r.done
				r.t.Fatalf("copydesk-dev exited before it was ready (%v)\n%s", r.cmd.ProcessState, r.output())
			}
			seen = append(seen, line)
			if strings.Contains(line, "Press Ctrl-C to stop.") {
				go func() { // keep draining so the runner never blocks on stdout
					for range r.lines {
					}
				}()
				return strings.Join(seen, "\n")
			}
		case <-timer.C:
			r.t.Fatalf("copydesk-dev not ready after %s\n%s", timeout, r.output())
		}
	}
}

// interrupt is Ctrl-C: SIGINT to the runner's process group. The runner must
// stop everything and exit 0 within timeout.
func (r *runner) interrupt(timeout time.Duration) {
	r.t.Helper()
	begin := time.Now()
	if err := syscall.Kill(-r.cmd.Process.Pid, syscall.SIGINT); err != nil {
		r.t.Fatalf("SIGINT: %v", err)
	}
	select {
	case <-r.done:
	case <-time.After(timeout):
		r.t.Fatalf("copydesk-dev still running %s after SIGINT\n%s", timeout, r.output())
	}
	r.t.Logf("stopped %s after SIGINT", time.Since(begin).Round(time.Millisecond))
	if code := r.cmd.ProcessState.ExitCode(); code != 0 {
		r.t.Errorf("copydesk-dev exit code %d after SIGINT (%v), want 0\n%s", code, r.cmd.ProcessState, r.output())
	}
	if out := r.output(); !strings.Contains(out, "Stopping...") || !strings.Contains(out, "Stopped.") {
		r.t.Errorf("copydesk-dev did not report a clean stop:\n%s", out)
	}
}

func (r *runner) output() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return "--- stdout:\n" + r.stdout.String() + "--- stderr:\n" + r.stderr.String()
}

// children lists the runner's child processes and checks they are exactly
// the stack's services and the gateway.
func (r *runner) children(t *testing.T) []child {
	t.Helper()
	kids, err := childrenOf(r.cmd.Process.Pid)
	if err != nil {
		t.Fatal(err)
	}
	var names, desc []string
	for _, c := range kids {
		names = append(names, c.name)
		desc = append(desc, fmt.Sprintf("%s=%d(%s)", c.name, c.pid, c.grpcAddr))
	}
	t.Logf("children: %s", strings.Join(desc, " "))
	want := []string{stack.Gateway}
	for _, svc := range stack.Services {
		want = append(want, svc.Name)
	}
	slices.Sort(names)
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("copydesk-dev runs %v, want %v", names, want)
	}
	return kids
}

type lockedWriter struct {
	mu *sync.Mutex
	b  *strings.Builder
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func withoutVars(env []string, drop ...string) []string {
	return slices.DeleteFunc(slices.Clone(env), func(kv string) bool {
		k, _, _ := strings.Cut(kv, "=")
		return slices.Contains(drop, k)
	})
}

// logTails logs the end of every process log of the stack (on failure).
func logTails(t *testing.T, dir string) {
	files, _ := filepath.Glob(filepath.Join(dir, "*.log"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Logf("%s: %v", f, err)
			continue
		}
		if len(b) > 3000 {
			b = b[len(b)-3000:]
		}
		t.Logf("--- %s (tail):\n%s", filepath.Base(f), b)
	}
}
