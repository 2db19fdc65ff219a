// Command copydesk-suite runs Copydesk's reliability and performance
// suites against a stack it starts on loopback:
//
//	copydesk-suite load   [-users 8] [-duration 60s]  mixed workload, per-route latency, flat resources
//	copydesk-suite faults [-users 8]                   kill -9 each service, database stop/start, ledger
//	copydesk-suite drain  [-users 8]                   SIGTERM with a second replica: zero failures
//	copydesk-suite perf                                gateway vs direct gRPC, creates, idle RSS, time to ready
//	copydesk-suite ci                                  the short modes of load, faults and drain
//
// It exits 1 when a suite's assertions fail. SUITE_BIN_DIR reuses built
// binaries instead of building them.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/copydesk/copydesk/e2e/suite"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: copydesk-suite load|faults|drain|perf|ci [flags]")
		os.Exit(2)
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	users := fs.Int("users", 8, "virtual users")
	duration := fs.Duration("duration", 60*time.Second, "load: how long")
	_ = fs.Parse(os.Args[2:])
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	switch os.Args[1] {
	case "load":
		err = withStack(ctx, suite.Options{}, func(e *suite.Env) error {
			return suite.RunLoad(ctx, e, suite.LoadConfig{Users: *users, Duration: *duration})
		})
	case "faults":
		err = withStack(ctx, suite.Options{}, func(e *suite.Env) error { return suite.RunFaults(ctx, e, *users) })
	case "drain":
		err = withStack(ctx, suite.DrainOptions(), func(e *suite.Env) error { return suite.RunDrain(ctx, e, *users) })
	case "perf":
		var o suite.Options
		var prof suite.Profiler
		if o, prof, err = suite.PerfOptions(); err == nil {
			err = withStack(ctx, o, func(e *suite.Env) error { return suite.RunPerf(ctx, e, prof) })
		}
	case "ci":
		err = ci(ctx, *users, *duration)
	default:
		err = fmt.Errorf("unknown suite %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAIL:", err)
		os.Exit(1)
	}
	fmt.Println("PASS")
}

// ci builds once, then runs load and faults on one stack and drain on a
// second (with replicas).
func ci(ctx context.Context, users int, d time.Duration) error {
	if os.Getenv("SUITE_BIN_DIR") == "" {
		dir, err := os.MkdirTemp("", "copydesk-suite-bin-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		if err := suite.Build(ctx, dir); err != nil {
			return err
		}
		os.Setenv("SUITE_BIN_DIR", dir)
	}
	err := withStack(ctx, suite.Options{}, func(e *suite.Env) error {
		if err := suite.RunLoad(ctx, e, suite.LoadConfig{Users: users, Duration: d}); err != nil {
			return err
		}
		return suite.RunFaults(ctx, e, users)
	})
	if err != nil {
		return err
	}
	return withStack(ctx, suite.DrainOptions(), func(e *suite.Env) error { return suite.RunDrain(ctx, e, users) })
}

// withStack starts a stack, runs f and stops the stack; a failure keeps
// the data and logs for a look.
func withStack(ctx context.Context, o suite.Options, f func(*suite.Env) error) error {
	e, err := suite.Start(ctx, o)
	if err != nil {
		return err
	}
	err = f(e)
	if cerr := e.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		e.Cleanup()
	} else {
		fmt.Fprintln(os.Stderr, "logs kept in", e.LogDir)
	}
	return err
}
