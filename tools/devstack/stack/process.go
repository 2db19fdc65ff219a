package stack

import (
	"errors"
	"fmt"
	"io"
	"os/exec"
	"sync"
	"syscall"
	"time"
)

// process is one child of the stack, in its own process group so a Ctrl-C
// at the terminal reaches only the runner, which then stops it once.
type process struct {
	name string
	path string    // binary, kept to start it again
	env  []string  // environment, kept to start it again
	out  io.Writer // where its output goes
	cmd  *exec.Cmd
	tail *tailBuffer
	done chan struct{} // closed when the process has exited
	err  error         // exit error, valid after done
	mu   sync.Mutex
	stop bool // Stop asked it to exit
	// reaped: the supervisor saw it crash and took charge (it reported
	// the crash and restarts it or gives up), so Stop does not report it.
	reaped bool
}

func startProcess(name, path string, env []string, out io.Writer) (*process, error) {
	tail := &tailBuffer{max: 16 << 10}
	cmd := exec.Command(path)
	cmd.Env = env
	w := io.MultiWriter(out, tail)
	cmd.Stdout, cmd.Stderr = w, w
	// Own process group: the runner decides when to stop it. Pdeathsig: if
	// the runner dies (a panicking test binary), the child is not orphaned.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	cmd.WaitDelay = 2 * time.Second // a grandchild holding the pipe cannot hang Wait
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &process{name: name, path: path, env: env, out: out, cmd: cmd, tail: tail, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// again starts the same binary with the same environment and output.
func (p *process) again() (*process, error) {
	return startProcess(p.name, p.path, p.env, p.out)
}

func (p *process) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// terminate sends SIGTERM to the process group, waits up to timeout, then
// SIGKILLs it. It reports an exit that was not clean.
func (p *process) terminate(timeout time.Duration) error {
	p.mu.Lock()
	p.stop = true
	p.mu.Unlock()
	pgid := p.cmd.Process.Pid
	if !p.exited() {
		_ = syscall.Kill(-pgid, syscall.SIGTERM)
		timer := time.NewTimer(timeout)
		defer timer.Stop()
		select {
		case <-p.done:
		case <-timer.C:
			_ = syscall.Kill(-pgid, syscall.SIGKILL)
			<-p.done
			return fmt.Errorf("%s did not stop within %s: killed", p.name, timeout)
		}
	}
	// Anything left in the group (should be nothing) goes too.
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
	if p.err != nil && !killedBy(p.err, syscall.SIGTERM) {
		return fmt.Errorf("%s: %w", p.name, p.err)
	}
	return nil
}

// killedBy reports whether the process ended on sig (which we sent).
func killedBy(err error, sig syscall.Signal) bool {
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		return false
	}
	ws, ok := exit.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == sig
}

// unexpected reports whether the process exited without being asked to.
func (p *process) unexpected() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return !p.stop && !p.reaped && p.exited()
}

// reap marks a crashed process as taken care of by the supervisor.
func (p *process) reap() {
	p.mu.Lock()
	p.reaped = true
	p.mu.Unlock()
}

func (p *process) wasReaped() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.reaped
}

func (p *process) exitError() error {
	err := p.err
	if err == nil {
		err = errors.New("exit status 0")
	}
	return fmt.Errorf("%s exited unexpectedly (%w); last output:\n%s", p.name, err, p.tail.String())
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tailBuffer) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, b...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(b), nil
}

// String returns the last lines (at most 30) of the output.
func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	b := t.buf
	lines := 0
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] == '\n' && i != len(b)-1 {
			lines++
			if lines == 30 {
				b = b[i+1:]
				break
			}
		}
	}
	return string(b)
}
