package e2e

import (
	"context"
	"crypto/ed25519"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/copydesk/copydesk/e2e/suite"
	"github.com/copydesk/copydesk/pkg/authn"
	"github.com/copydesk/copydesk/pkg/querycheck"
	"github.com/copydesk/copydesk/tools/devstack/stack"
)

const (
	adminEmail  = "e2e-admin@copydesk.example.com"
	jwtIssuer   = "copydesk"
	maxFailures = 5
)

// harness is the one stack all tests share.
type harness struct {
	url       string
	usersAddr string
	authKey   ed25519.PrivateKey // auth's signing key, so tests can make tokens with any claims
	tlsDirs   map[string]string  // each process's TLS_DIR: the stack runs mutual TLS
	addrs     map[string]string  // each service's gRPC address
	admin     session
	mongoURI  string // the stack's database (tests read raw documents)
	logDir    string // the processes' logs
}

var env harness

// otlp receives the spans of every process of the stack.
var otlp *otlpReceiver

func TestMain(m *testing.M) {
	flag.Parse()
	if testing.Short() {
		fmt.Println("e2e: skipped in -short mode")
		os.Exit(0)
	}
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "copydesk-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	keep := true
	defer func() {
		if keep {
			fmt.Fprintln(os.Stderr, "e2e: logs kept in", filepath.Join(tmp, "data", "logs"))
			return
		}
		_ = os.RemoveAll(tmp)
	}()
	binDir := filepath.Join(tmp, "bin")
	begin := time.Now()
	if err := suite.Build(ctx, binDir); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: build:", err)
		return 1
	}
	built := time.Since(begin)
	queryLog := filepath.Join(tmp, "queries") // every service's query shapes (pkg/querycheck)
	receiver, stopOTLP, err := startOTLP()
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e: OTLP receiver:", err)
		return 1
	}
	defer stopOTLP()
	otlp = receiver
	adminPassword := "e2e-" + stack.RandomString(12)
	signingKey := authn.NewSigningKey()
	keys, err := authn.ParseSigningKeys(signingKey)
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	env.authKey = keys[0]
	st, err := stack.Start(ctx, stack.Config{
		BinDir:      binDir,
		DataDir:     filepath.Join(tmp, "data"),
		SigningKeys: signingKey,
		Env: []string{"LOG_LEVEL=warn", "JWT_ISSUER=" + jwtIssuer, querycheck.EnvLog + "=" + queryLog,
			fmt.Sprintf("LOGIN_MAX_FAILURES=%d", maxFailures), "LOGIN_LOCKOUT=15m",
			// the suite logs in and calls as few users from one address, in
			// parallel; the limits have their own tests (gateway/internal/edge)
			"RATE_LIMIT_USER_RPS=100000", "RATE_LIMIT_USER_BURST=100000", "RATE_LIMIT_ADDR_RPS=100000", "RATE_LIMIT_ADDR_BURST=100000",
			// the test client stands in for a proxy: X-Forwarded-For names
			// the client address a test wants to be (login throttling)
			"TRUSTED_PROXIES=127.0.0.1",
			// Every process traces to the receiver, flushing every 100 ms.
			"OTEL_EXPORTER_OTLP_ENDPOINT=" + otlp.url, "OTEL_BSP_SCHEDULE_DELAY=100"},
		ServiceEnv: map[string][]string{"users": {"ADMIN_EMAIL=" + adminEmail, "ADMIN_PASSWORD=" + adminPassword},
			"llm": fakeLLMEnv(), // llm calls the test process's fake OpenAI server
			// tickets delivers webhooks to receivers in the test process, quickly.
			"tickets": {"WEBHOOK_ALLOW_LOOPBACK=true", "WEBHOOK_POLL_INTERVAL=100ms", "WEBHOOK_BACKOFF_BASE=200ms", "WEBHOOK_BACKOFF_MAX=1s"},
			// agents syncs the test process's fake shop and posts to its fake WordPress.
			"agents": fakeIntegrationsEnv()},
		ReadyTimeout: 2 * time.Minute,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e: start stack:", err)
		return 1
	}
	fmt.Fprintf(os.Stderr, "e2e: built in %s, stack ready in %s at %s\n",
		built.Round(time.Millisecond), (time.Since(begin) - built).Round(time.Millisecond), st.URL)
	env.url, env.usersAddr, env.mongoURI, env.logDir = st.URL, st.Addrs["users"], st.MongoURI, st.LogDir
	env.tlsDirs, env.addrs = st.TLSDirs, st.Addrs
	code := 1
	if s, err := loginSession(adminEmail, adminPassword); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: admin login:", err)
	} else {
		env.admin = s
		code = m.Run()
		if !checkQueries(ctx, st.MongoURI, queryLog) {
			code = 1
		}
	}
	if err := st.Stop(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: stack:", err)
		code = 1
	}
	keep = code != 0
	return code
}

// checkQueries reports whether every query the services sent during the
// tests is served by an index of its collection (pkg/querycheck); each
// one that is not is printed with the indexes considered.
func checkQueries(ctx context.Context, uri, dir string) bool {
	n, vs, err := querycheck.CheckLog(ctx, uri, dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e: query check:", err)
		return false
	}
	if msg := querycheck.Report(vs); msg != "" {
		fmt.Fprintln(os.Stderr, "e2e: "+msg)
		return false
	}
	fmt.Fprintf(os.Stderr, "e2e: %d query shapes sent by the services, each served by an index\n", n)
	return true
}
