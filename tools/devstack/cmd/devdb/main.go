// Command devdb runs an embedded FerretDB for tests.
//
//	devdb -- <command...>   start FerretDB, run the command with
//	                        COPYDESK_TEST_MONGO_URI set, stop FerretDB and
//	                        exit with the command's exit code
//	devdb                   print the URI and serve until SIGINT/SIGTERM
//
// The data lives in a fresh temporary directory (removed afterwards), or in
// $DATA_DIR/testdb when DATA_DIR is set.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/copydesk/copydesk/tools/devstack/ferret"
)

const envURI = "COPYDESK_TEST_MONGO_URI"

func main() {
	code, err := run(context.Background(), os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "devdb:", err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

func run(ctx context.Context, args []string) (int, error) {
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	dir, cleanup, err := dataDir()
	if err != nil {
		return 1, err
	}
	defer cleanup()
	uri, stop, err := ferret.Start(ctx, dir, "")
	if err != nil {
		return 1, err
	}
	defer func() { _ = stop() }()

	if len(args) == 0 {
		fmt.Println(uri)
		ctx, cancel := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
		defer cancel()
		<-ctx.Done()
		return 0, nil
	}
	return runChild(ctx, uri, args)
}

// runChild runs the command in devdb's process group, so a Ctrl-C from the
// terminal reaches it directly; devdb catches SIGINT (to outlive the child
// and stop FerretDB) and forwards SIGTERM, which only devdb receives.
func runChild(ctx context.Context, uri string, args []string) (int, error) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(), envURI+"="+uri)
	if err := cmd.Start(); err != nil {
		return 1, err
	}
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	var err error
	for done := false; !done; {
		select {
		case sig := <-sigs:
			if sig == syscall.SIGTERM {
				_ = cmd.Process.Signal(sig)
			}
		case err = <-waited:
			done = true
		}
	}
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0, nil
	case errors.As(err, &exit):
		if exit.ExitCode() >= 0 {
			return exit.ExitCode(), nil
		}
		return 1, fmt.Errorf("%s: %w", args[0], err)
	default:
		return 1, err
	}
}

func dataDir() (string, func(), error) {
	if d := os.Getenv("DATA_DIR"); d != "" {
		dir := filepath.Join(d, "testdb")
		return dir, func() {}, os.MkdirAll(dir, 0o700)
	}
	dir, err := os.MkdirTemp("", "devdb-")
	if err != nil {
		return "", nil, err
	}
	return dir, func() { _ = os.RemoveAll(dir) }, nil
}
