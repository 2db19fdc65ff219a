// Package suite holds Copydesk's reliability and performance suites: load
// and soak, faults (kill -9, database stop/start), drain (SIGTERM with a
// second replica) and the performance bench. Each runs the whole stack
// (tools/devstack/stack) on loopback, drives it with real HTTP and gRPC
// clients and reports; the command is e2e/cmd/copydesk-suite.
package suite

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/copydesk/copydesk/tools/devstack/stack"
)

// AdminEmail is the superadmin the suites' stacks are seeded with.
const AdminEmail = "suite-admin@copydesk.example.com"

// Modules are the packages built into a stack's bin dir (binary name =
// last path element): every service of the stack's table, and the gateway.
func Modules() []string {
	var mods []string
	for _, svc := range stack.Services {
		mods = append(mods, "github.com/copydesk/copydesk/services/"+svc.Name)
	}
	return append(mods, "github.com/copydesk/copydesk/"+stack.Gateway)
}

// Build compiles the binaries in one `go build` (shared build cache, the
// workspace resolves the modules), static like `make build` and the
// images.
func Build(ctx context.Context, dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	args := append([]string{"build", "-tags", stack.BuildTags, "-o", dir + string(os.PathSeparator)}, Modules()...)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	cmd.Env = append(os.Environ(), "GOFLAGS="+workspaceFlags(os.Getenv("GOFLAGS")), "CGO_ENABLED=0")
	return cmd.Run()
}

// workspaceFlags drops -mod=mod, which workspace mode refuses.
func workspaceFlags(flags string) string {
	var keep []string
	for _, f := range strings.Fields(flags) {
		if f != "-mod=mod" {
			keep = append(keep, f)
		}
	}
	return strings.Join(keep, " ")
}

// Options say how to start a suite's stack.
type Options struct {
	Replicas   map[string]int      // see stack.Config.Replicas
	Env        []string            // added to every process
	ServiceEnv map[string][]string // added to one process (by name)
	Out        io.Writer           // the report; default os.Stdout
}

// Env is a running stack with its superadmin, supervised like `make run`
// (a crashed process restarts with backoff).
type Env struct {
	*stack.Stack
	Admin  Session
	HTTP   *Client
	Out    io.Writer
	Ready  time.Duration // from start to the gateway's /readyz 200
	tmp    string
	cancel context.CancelFunc
	waited chan error
}

// Start builds the binaries (BinDir = $SUITE_BIN_DIR, when set, skips the
// build) and starts a stack on fresh data.
func Start(ctx context.Context, o Options) (*Env, error) {
	tmp, err := os.MkdirTemp("", "copydesk-suite-")
	if err != nil {
		return nil, err
	}
	binDir := os.Getenv("SUITE_BIN_DIR")
	if binDir == "" {
		binDir = filepath.Join(tmp, "bin")
		if err := Build(ctx, binDir); err != nil {
			return nil, fmt.Errorf("build: %w", err)
		}
	}
	out := o.Out
	if out == nil {
		out = os.Stdout
	}
	password := "suite-" + stack.RandomString(12)
	begin := time.Now()
	st, err := stack.Start(ctx, stack.Config{
		BinDir: binDir, DataDir: filepath.Join(tmp, "data"),
		// The offline provider; the per-company completion rate is not
		// what these suites measure.
		Env: append([]string{"LOG_LEVEL=warn", "LLM_PROVIDERS=offline", "LLM_EMBED_PROVIDER=offline",
			"LLM_DEFAULT_RPM=100000"}, o.Env...),
		ServiceEnv: serviceEnv(o.ServiceEnv, "users", "ADMIN_EMAIL="+AdminEmail, "ADMIN_PASSWORD="+password),
		Replicas:   o.Replicas, Metrics: true, Notices: out,
		// The suites crash processes on purpose; give up only on a real loop.
		// A restart waits a second: the faults suite sees the service down.
		Restart:      stack.RestartPolicy{MaxCrashes: 20, Window: time.Minute, Backoff: time.Second, MaxBackoff: 4 * time.Second},
		ReadyTimeout: 3 * time.Minute,
	})
	if err != nil {
		return nil, err
	}
	e := &Env{Stack: st, Out: out, Ready: time.Since(begin), tmp: tmp, waited: make(chan error, 1)}
	e.HTTP = NewClient(st.URL, 256, st.URLs[1:]...)
	var wctx context.Context
	wctx, e.cancel = context.WithCancel(context.WithoutCancel(ctx))
	go func() { e.waited <- st.Wait(wctx) }()
	if e.Admin, err = e.HTTP.Login(ctx, AdminEmail, password); err != nil {
		_ = e.Close()
		return nil, fmt.Errorf("admin login: %w", err)
	}
	fmt.Fprintf(out, "stack ready in %s at %s (logs: %s)\n", e.Ready.Round(time.Millisecond), st.URL, st.LogDir)
	return e, nil
}

// Close stops supervision and the stack. It reports a supervisor that
// gave up. Data and logs are kept when keep is set (a failed suite).
func (e *Env) Close() error {
	e.cancel()
	werr := <-e.waited
	serr := e.Stop()
	if werr != nil {
		return werr
	}
	return serr
}

// Cleanup removes the suite's data and logs.
func (e *Env) Cleanup() { _ = os.RemoveAll(e.tmp) }

// serviceEnv is extra with kv added to name's list.
func serviceEnv(extra map[string][]string, name string, kv ...string) map[string][]string {
	out := map[string][]string{}
	for k, v := range extra {
		out[k] = slices.Clone(v)
	}
	out[name] = append(out[name], kv...)
	return out
}
