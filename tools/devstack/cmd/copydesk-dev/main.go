// Command copydesk-dev is `make run`: it starts the whole Copydesk stack
// (embedded FerretDB unless MONGO_URI is set, every service, the gateway)
// from BIN_DIR, waits until it is ready, prints how to use it, and stops
// everything cleanly on Ctrl-C. Data survives in DATA_DIR between runs.
//
// Flags override the environment: BIN_DIR (default: this executable's
// directory), DATA_DIR (./.data), PORT (8080), HOST (127.0.0.1), MONGO_URI,
// ADMIN_EMAIL (admin@copydesk.local), ADMIN_PASSWORD (generated and printed
// once at first start when unset).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/copydesk/copydesk/tools/devstack/stack"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "copydesk-dev:", err)
		os.Exit(1)
	}
}

type options struct {
	binDir, dataDir, host, mongoURI, adminEmail, adminPassword string
	port                                                       int
}

func parse(args []string) (options, error) {
	exe, _ := os.Executable()
	var o options
	fs := flag.NewFlagSet("copydesk-dev", flag.ContinueOnError)
	fs.StringVar(&o.binDir, "bin-dir", env("BIN_DIR", filepath.Dir(exe)), "directory of the service binaries (BIN_DIR)")
	fs.StringVar(&o.dataDir, "data-dir", env("DATA_DIR", ".data"), "database files, logs and secrets (DATA_DIR)")
	fs.StringVar(&o.host, "host", env("HOST", "127.0.0.1"), "gateway listen host (HOST)")
	fs.StringVar(&o.mongoURI, "mongo-uri", os.Getenv("MONGO_URI"), "use this MongoDB instead of the embedded FerretDB (MONGO_URI)")
	fs.StringVar(&o.adminEmail, "admin-email", env("ADMIN_EMAIL", "admin@copydesk.local"), "first superadmin's email (ADMIN_EMAIL)")
	fs.StringVar(&o.adminPassword, "admin-password", os.Getenv("ADMIN_PASSWORD"), "first superadmin's password (ADMIN_PASSWORD)")
	port, err := strconv.Atoi(env("PORT", "8080"))
	if err != nil {
		return o, fmt.Errorf("PORT: %w", err)
	}
	fs.IntVar(&o.port, "port", port, "gateway port (PORT)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	o.dataDir, err = filepath.Abs(o.dataDir)
	return o, err
}

func env(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func run(ctx context.Context, args []string, out io.Writer) error {
	o, err := parse(args)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(o.dataDir, 0o700); err != nil {
		return fmt.Errorf("data dir: %w", err)
	}
	ctx, cancel := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer cancel()

	admin := newAdmin(o)
	begin := time.Now()
	fmt.Fprintf(out, "Starting Copydesk (data in %s)...\n", o.dataDir)
	st, err := stack.Start(ctx, stack.Config{
		BinDir:     o.binDir,
		DataDir:    o.dataDir,
		MongoURI:   o.mongoURI,
		Host:       o.host,
		Port:       o.port,
		ServiceEnv: map[string][]string{"users": admin.env()},
		// Development only: grpcurl may list and call the services (with a
		// certificate of DATA_DIR/tls; see the README).
		Env: []string{"GRPC_REFLECTION=true"},
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil // interrupted while starting
		}
		return err
	}
	if admin.generated && !admin.works(ctx, st.URL) {
		// The database already had its superadmin (a data dir from
		// before the marker, or an external MONGO_URI): the generated
		// password was not used, so do not print it.
		admin.generated, admin.password = false, ""
	}
	if err := admin.created(); err != nil {
		fmt.Fprintln(os.Stderr, "copydesk-dev: warning:", err)
	}
	printReady(out, st, admin, time.Since(begin))

	waitErr := st.Wait(ctx)
	fmt.Fprintln(out, "\nStopping...")
	stopErr := st.Stop()
	if waitErr != nil {
		return waitErr
	}
	if stopErr != nil {
		return stopErr
	}
	fmt.Fprintln(out, "Stopped.")
	return nil
}

func printReady(out io.Writer, st *stack.Stack, a *admin, took time.Duration) {
	fmt.Fprintf(out, "\nCopydesk is ready in %s\n\n", took.Round(time.Millisecond))
	fmt.Fprintf(out, "  Gateway:  %s   (OpenAPI: %s/openapi.json)\n", st.URL, st.URL)
	fmt.Fprintf(out, "  Admin:    %s\n", a.email)
	pw := "<password>"
	_, ferr := os.Stat(a.file)
	switch {
	case a.password != "" && !a.generated:
		fmt.Fprintln(out, "  Password: from ADMIN_PASSWORD")
	case ferr == nil:
		fmt.Fprintf(out, "  Password: in %s   (generated, mode 0600)\n", a.file)
		pw = "$(cat " + a.file + ")"
	default:
		fmt.Fprintln(out, "  Password: log in with the credentials set at first start")
	}
	if st.LogDir != "" {
		fmt.Fprintf(out, "  Logs:     %s\n", st.LogDir)
	}
	fmt.Fprintf(out, "\n  curl -s -X POST %s/auth/token -d username=%s -d password=\"%s\"\n", st.URL, a.email, pw)
	fmt.Fprintln(out, "\nPress Ctrl-C to stop.")
}
