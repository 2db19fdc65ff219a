package edge

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc"

	agentsv1 "github.com/copydesk/copydesk/gen/copydesk/agents/v1"
	authv1 "github.com/copydesk/copydesk/gen/copydesk/auth/v1"
	campaignsv1 "github.com/copydesk/copydesk/gen/copydesk/campaigns/v1"
	knowledgev1 "github.com/copydesk/copydesk/gen/copydesk/knowledge/v1"
	llmv1 "github.com/copydesk/copydesk/gen/copydesk/llm/v1"
	ticketsv1 "github.com/copydesk/copydesk/gen/copydesk/tickets/v1"
	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
	"github.com/copydesk/copydesk/pkg/authn"
	"github.com/copydesk/copydesk/pkg/grpcclient"
	"github.com/copydesk/copydesk/pkg/mtls"
)

// RegisterFunc registers one generated gRPC service's REST handlers.
type RegisterFunc func(ctx context.Context, mux *runtime.ServeMux, conn grpc.ClientConnInterface) error

// Service is one backend of the edge: its name (for /readyz and logs), the
// environment variable of its address and the default, and the handlers
// to register on its connection (two entries may share an address, each
// with its own connection and timeout). Timeout bounds one unary call (default
// 10s, pkg/grpcclient); a service with a longer one names the route
// prefixes whose responses may take that long, so that the edge lifts the
// server's write timeout for them.
type Service struct {
	Name          string
	AddrEnv       string
	DefaultAddr   string
	Register      []RegisterFunc
	Timeout       time.Duration
	RoutePrefixes []string
}

// llmTimeout covers the llm service's worst case: 3 upstream attempts of
// LLM_CALL_TIMEOUT (60s by default) and the backoff between them.
const llmTimeout = 200 * time.Second

// planTimeout covers a content plan's proposal: the agent's two llm calls
// at most (the campaigns service's CAMPAIGNS_PLAN_TIMEOUT).
const planTimeout = 420 * time.Second

// Services is THE table of backends. A new service adds one entry.
func Services() []Service {
	return []Service{
		{Name: "auth", AddrEnv: "AUTH_ADDR", DefaultAddr: "127.0.0.1:9001", Register: []RegisterFunc{
			func(ctx context.Context, mux *runtime.ServeMux, conn grpc.ClientConnInterface) error {
				return authv1.RegisterAuthServiceHandlerClient(ctx, mux, authv1.NewAuthServiceClient(conn))
			},
		}},
		{Name: "users", AddrEnv: "USERS_ADDR", DefaultAddr: "127.0.0.1:9002", Register: []RegisterFunc{
			func(ctx context.Context, mux *runtime.ServeMux, conn grpc.ClientConnInterface) error {
				return usersv1.RegisterCompanyServiceHandlerClient(ctx, mux, usersv1.NewCompanyServiceClient(conn))
			},
			func(ctx context.Context, mux *runtime.ServeMux, conn grpc.ClientConnInterface) error {
				return usersv1.RegisterUserServiceHandlerClient(ctx, mux, usersv1.NewUserServiceClient(conn))
			},
		}},
		{Name: "tickets", AddrEnv: "TICKETS_ADDR", DefaultAddr: "127.0.0.1:9004", Register: []RegisterFunc{
			func(ctx context.Context, mux *runtime.ServeMux, conn grpc.ClientConnInterface) error {
				return ticketsv1.RegisterTicketServiceHandlerClient(ctx, mux, ticketsv1.NewTicketServiceClient(conn))
			},
			func(ctx context.Context, mux *runtime.ServeMux, conn grpc.ClientConnInterface) error {
				return ticketsv1.RegisterTicketActivityServiceHandlerClient(ctx, mux, ticketsv1.NewTicketActivityServiceClient(conn))
			},
			func(ctx context.Context, mux *runtime.ServeMux, conn grpc.ClientConnInterface) error {
				return ticketsv1.RegisterNotificationServiceHandlerClient(ctx, mux, ticketsv1.NewNotificationServiceClient(conn))
			},
			func(ctx context.Context, mux *runtime.ServeMux, conn grpc.ClientConnInterface) error {
				return ticketsv1.RegisterWebhookServiceHandlerClient(ctx, mux, ticketsv1.NewWebhookServiceClient(conn))
			},
			func(ctx context.Context, mux *runtime.ServeMux, conn grpc.ClientConnInterface) error {
				return ticketsv1.RegisterTicketDraftServiceHandlerClient(ctx, mux, ticketsv1.NewTicketDraftServiceClient(conn))
			},
			func(ctx context.Context, mux *runtime.ServeMux, conn grpc.ClientConnInterface) error {
				return ticketsv1.RegisterTicketPublishServiceHandlerClient(ctx, mux, ticketsv1.NewTicketPublishServiceClient(conn))
			},
			func(ctx context.Context, mux *runtime.ServeMux, conn grpc.ClientConnInterface) error {
				return ticketsv1.RegisterTicketAttachmentServiceHandlerClient(ctx, mux, ticketsv1.NewTicketAttachmentServiceClient(conn))
			},
			registerTicketUpload, // multipart attachments (upload.go)
		}},
		{Name: "campaigns", AddrEnv: "CAMPAIGNS_ADDR", DefaultAddr: "127.0.0.1:9005", Register: []RegisterFunc{
			func(ctx context.Context, mux *runtime.ServeMux, conn grpc.ClientConnInterface) error {
				return campaignsv1.RegisterCampaignServiceHandlerClient(ctx, mux, campaignsv1.NewCampaignServiceClient(conn))
			},
		}},
		// The campaigns service again, on a connection of its own: only the
		// plan routes get the proposal's long deadline, the other campaigns
		// routes keep the default.
		{Name: "campaign-plans", AddrEnv: "CAMPAIGNS_ADDR", DefaultAddr: "127.0.0.1:9005", Timeout: planTimeout, RoutePrefixes: []string{"/api/campaigns/{id}/plans"}, Register: []RegisterFunc{
			func(ctx context.Context, mux *runtime.ServeMux, conn grpc.ClientConnInterface) error {
				return campaignsv1.RegisterCampaignPlanServiceHandlerClient(ctx, mux, campaignsv1.NewCampaignPlanServiceClient(conn))
			},
		}},
		{Name: "knowledge", AddrEnv: "KNOWLEDGE_ADDR", DefaultAddr: "127.0.0.1:9006", Register: []RegisterFunc{
			func(ctx context.Context, mux *runtime.ServeMux, conn grpc.ClientConnInterface) error {
				return knowledgev1.RegisterKnowledgeServiceHandlerClient(ctx, mux, knowledgev1.NewKnowledgeServiceClient(conn))
			},
			registerKnowledgeUpload, // multipart documents (upload.go)
		}},
		{Name: "agents", AddrEnv: "AGENTS_ADDR", DefaultAddr: "127.0.0.1:9003", Timeout: llmTimeout, RoutePrefixes: []string{"/api/agents/", "/api/tickets/{id}/draft"}, Register: []RegisterFunc{
			func(ctx context.Context, mux *runtime.ServeMux, conn grpc.ClientConnInterface) error {
				return agentsv1.RegisterAgentServiceHandlerClient(ctx, mux, agentsv1.NewAgentServiceClient(conn))
			},
			func(ctx context.Context, mux *runtime.ServeMux, conn grpc.ClientConnInterface) error {
				return agentsv1.RegisterChatServiceHandlerClient(ctx, mux, agentsv1.NewChatServiceClient(conn))
			},
			func(ctx context.Context, mux *runtime.ServeMux, conn grpc.ClientConnInterface) error {
				return agentsv1.RegisterDraftServiceHandlerClient(ctx, mux, agentsv1.NewDraftServiceClient(conn))
			},
			func(ctx context.Context, mux *runtime.ServeMux, conn grpc.ClientConnInterface) error {
				return agentsv1.RegisterIntegrationServiceHandlerClient(ctx, mux, agentsv1.NewIntegrationServiceClient(conn))
			},
			registerAgentStream, // SSE chat (agentstream.go); after the generated routes so it wins
		}},
		{Name: "llm", AddrEnv: "LLM_ADDR", DefaultAddr: "127.0.0.1:9007", Timeout: llmTimeout, RoutePrefixes: []string{"/api/llm/"}, Register: []RegisterFunc{
			func(ctx context.Context, mux *runtime.ServeMux, conn grpc.ClientConnInterface) error {
				return llmv1.RegisterLLMServiceHandlerClient(ctx, mux, llmv1.NewLLMServiceClient(conn))
			},
			registerLLMStream, // SSE completions (llmstream.go); after the generated routes so it wins
		}},
	}
}

// Backend is a Service with its connection.
type Backend struct {
	Name          string
	Conn          grpc.ClientConnInterface
	Register      []RegisterFunc
	Timeout       time.Duration
	RoutePrefixes []string
}

// Dial connects to every service of the table at the configured address,
// over mutual TLS when tlsCfg is set. Calls go out with the caller's
// verified token only (grpcclient forwards it from the principal); the
// gateway's certificate gives it no service role. close closes every
// connection.
func Dial(addrs map[string]string, tlsCfg *mtls.Config) (backends []Backend, closeAll func() error, err error) {
	var conns []*grpc.ClientConn
	closeAll = func() error {
		var errs []error
		for _, c := range conns {
			errs = append(errs, c.Close())
		}
		return errors.Join(errs...)
	}
	for _, s := range Services() {
		conn, err := grpcclient.Dial(addrs[s.Name], grpcclient.Options{Timeout: s.Timeout, TLS: tlsCfg})
		if err != nil {
			_ = closeAll()
			return nil, nil, fmt.Errorf("service %s: %w", s.Name, err)
		}
		conns = append(conns, conn)
		backends = append(backends, Backend{Name: s.Name, Conn: conn, Register: s.Register, Timeout: s.Timeout, RoutePrefixes: s.RoutePrefixes})
	}
	return backends, closeAll, nil
}

// NewKeys is the cache of auth's public keys, fetched over the auth
// backend's connection; run it (RemoteKeys.Run) for as long as the edge
// serves.
func NewKeys(backends []Backend, log *slog.Logger) (*authn.RemoteKeys, error) {
	for _, b := range backends {
		if b.Name == "auth" {
			return authn.NewRemoteKeys(authn.FetchFrom(authv1.NewAuthServiceClient(b.Conn)), log), nil
		}
	}
	return nil, errors.New("no auth backend")
}

// NewCutoffsFrom returns the session cut-offs read from the users
// backend's DirectoryService (cutoffs.go).
func NewCutoffsFrom(backends []Backend, poll, lookback time.Duration, log *slog.Logger) (*Cutoffs, error) {
	for _, b := range backends {
		if b.Name == "users" {
			return NewCutoffs(usersv1.NewDirectoryServiceClient(b.Conn), poll, lookback, log), nil
		}
	}
	return nil, errors.New("no users backend")
}
