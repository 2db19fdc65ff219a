package e2e

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/copydesk/copydesk/e2e/suite"
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
	secret    string // JWT_SECRET, so tests can forge tokens
	admin     session
	mongoURI  string // the stack's database (tests read raw documents)
	logDir    string // the processes' logs
}

var env harness

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
	adminPassword := "e2e-" + stack.RandomString(12)
	env.secret = stack.RandomString(32)
	st, err := stack.Start(ctx, stack.Config{
		BinDir:    binDir,
		DataDir:   filepath.Join(tmp, "data"),
		JWTSecret: env.secret,
		Env: []string{"LOG_LEVEL=warn", "JWT_ISSUER=" + jwtIssuer,
			fmt.Sprintf("LOGIN_MAX_FAILURES=%d", maxFailures), "LOGIN_LOCKOUT=15m"},
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
	code := 1
	if s, err := loginSession(adminEmail, adminPassword); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: admin login:", err)
	} else {
		env.admin = s
		code = m.Run()
	}
	if err := st.Stop(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: stack:", err)
		code = 1
	}
	keep = code != 0
	return code
}
