package transport_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"testing"
	"time"

	"google.golang.org/grpc/metadata"

	llmv1 "github.com/copydesk/copydesk/gen/copydesk/llm/v1"
	"github.com/copydesk/copydesk/pkg/authn"
	"github.com/copydesk/copydesk/pkg/grpcserver"
	"github.com/copydesk/copydesk/pkg/mtls/mtlstest"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/llm/internal/domain"
	"github.com/copydesk/copydesk/services/llm/internal/llm"
	"github.com/copydesk/copydesk/services/llm/internal/memstore"
	"github.com/copydesk/copydesk/services/llm/internal/transport"
)

const (
	acme  = "65f0000000000000000000a1"
	other = "65f0000000000000000000b2"
)

type harness struct {
	client llmv1.LLMServiceClient
	tokens *authn.Signer
	store  *memstore.Store
}

// start runs the service in-process on 127.0.0.1:0 behind the real
// grpcserver interceptors (auth, policy, error mapping).
func start(tb testing.TB, ps ...llm.Provider) *harness {
	tb.Helper()
	return startWith(tb, func(*domain.Config) {}, ps...)
}

// startWith is start with the domain's configuration changed by edit
// (e.g. a clock).
func startWith(tb testing.TB, edit func(*domain.Config), ps ...llm.Provider) *harness {
	tb.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	tokens, err := authn.GenerateSigner("copydesk", time.Hour)
	if err != nil {
		tb.Fatal(err)
	}
	st := memstore.New()
	cfg := domain.Config{
		MaxAttempts: 3, CallTimeout: 5 * time.Second, BackoffBase: 10 * time.Millisecond, MaxRetryWait: time.Second,
		BreakerFailures: 5, BreakerCooldown: time.Minute, MaxPromptChars: 10_000, MaxTokens: 1024, DefaultMaxTokens: 256,
		MaxEmbedTexts: 16, DefaultRequestsPerMinute: domain.MaxRequestsPerMinute, DefaultMonthlyBudgetMicros: 1 << 50,
	}
	edit(&cfg)
	svc, err := domain.New(domain.Deps{Config: cfg, Providers: ps, Store: st, Log: log})
	if err != nil {
		tb.Fatal(err)
	}
	certs := mtlstest.New(tb, "llm", "gateway", "agents")
	srv := grpcserver.New(grpcserver.Options{Name: "llm", Logger: log, Verifier: authn.NewVerifier(tokens, "copydesk"),
		Policy: transport.Policy(), TLS: certs.Config("llm")})
	llmv1.RegisterLLMServiceServer(srv, transport.New(svc))
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = srv.ServeListener(ctx, lis); close(done) }()
	tb.Cleanup(func() { cancel(); <-done })
	conn := certs.Router(tb, lis.Addr().String(), "agents")
	return &harness{client: llmv1.NewLLMServiceClient(conn), tokens: tokens, store: st}
}

// as returns ctx carrying a user token of role in company.
func (h *harness) as(tb testing.TB, ctx context.Context, role, company string) context.Context {
	tb.Helper()
	tok, err := h.tokens.Issue(principal.Principal{UserID: "65f0000000000000000000f1", CompanyID: company, Role: role})
	if err != nil {
		tb.Fatal(err)
	}
	return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+tok)
}

// asService returns ctx for a call by the service agents: no token, over
// a connection with agents' certificate.
func (h *harness) asService(_ testing.TB, ctx context.Context) context.Context {
	return mtlstest.AsService(ctx)
}
