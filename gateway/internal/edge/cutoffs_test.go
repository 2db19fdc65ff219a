package edge_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/copydesk/copydesk/gateway/internal/edge"
	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
	"github.com/copydesk/copydesk/pkg/authn"
	"github.com/copydesk/copydesk/pkg/config"
	"github.com/copydesk/copydesk/pkg/grpcclient"
	"github.com/copydesk/copydesk/pkg/principal"
)

// fakeCutoffs serves the users service's session cut-off feed.
type fakeCutoffs struct {
	usersv1.UnimplementedDirectoryServiceServer
	mu   sync.Mutex
	list []*usersv1.SessionCutoff
}

func (f *fakeCutoffs) ListSessionCutoffs(_ context.Context, r *usersv1.ListSessionCutoffsRequest) (*usersv1.ListSessionCutoffsResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := &usersv1.ListSessionCutoffsResponse{}
	for _, c := range f.list {
		if !c.GetRecordedAt().AsTime().Before(r.GetSince().AsTime()) {
			out.Data = append(out.Data, c)
		}
	}
	return out, nil
}

func (f *fakeCutoffs) cut(user string, at time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.list = append(f.list, &usersv1.SessionCutoff{UserId: user, ValidAfter: timestamppb.New(at), RecordedAt: timestamppb.New(time.Now())})
}

// A token issued before its user's session cut-off is refused within
// seconds of the cut-off being recorded; a token issued after it works,
// and other users are not affected.
func TestSessionCutoffRefusesOlderTokens(t *testing.T) {
	t.Parallel()
	feed := &fakeCutoffs{}
	users := startGRPC(t, func(s *grpc.Server) { usersv1.RegisterDirectoryServiceServer(s, feed) })
	cfg, err := edge.LoadConfig(config.FromMap(map[string]string{"USERS_ADDR": users}))
	if err != nil {
		t.Fatal(err)
	}
	tokens, err := authn.GenerateSigner(cfg.JWTIssuer, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := grpcclient.Dial(users, grpcclient.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	cut := edge.NewCutoffs(usersv1.NewDirectoryServiceClient(conn), 20*time.Millisecond, time.Hour, log)
	go cut.Run(t.Context())
	backends, closeAll, err := edge.Dial(cfg.ServiceAddrs, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = closeAll() })
	h, err := edge.NewHandler(t.Context(), edge.Options{Logger: log, Verifier: authn.NewVerifier(tokens, cfg.JWTIssuer), Backends: backends, Cutoffs: cut})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	me := func(tok string) int {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+"/api/llm/usage", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = res.Body.Close()
		return res.StatusCode
	}
	issue := func(user string) string {
		tok, err := tokens.Issue(principal.Principal{UserID: user, CompanyID: "c1", Role: principal.RoleContentWriter})
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	old, other := issue("u1"), issue("u2")
	if code := me(old); code == http.StatusUnauthorized {
		t.Fatalf("before any cut-off: %d", code)
	}
	time.Sleep(2 * time.Millisecond) // iat_ms must differ from the cut-off
	feed.cut("u1", time.Now())
	deadline := time.Now().Add(5 * time.Second)
	for me(old) != http.StatusUnauthorized {
		if time.Now().After(deadline) {
			t.Fatal("the token issued before the cut-off is still accepted 5s later")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if code := me(issue("u1")); code == http.StatusUnauthorized {
		t.Fatalf("a token issued after the cut-off: %d", code)
	}
	if code := me(other); code == http.StatusUnauthorized {
		t.Fatalf("another user's token: %d", code)
	}
}
