// Package transport is the gRPC face of the LLM service: handlers parse
// the request, settle which company is concerned (a finer check than the
// role table of Policy), call one domain function and map the result.
package transport

import (
	"context"

	llmv1 "github.com/copydesk/copydesk/gen/copydesk/llm/v1"
	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/grpcserver"
	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/llm/internal/domain"
	"github.com/copydesk/copydesk/services/llm/internal/llm"
)

// Server implements llmv1.LLMServiceServer.
type Server struct {
	llmv1.UnimplementedLLMServiceServer
	svc *domain.Service
}

// New returns the handlers on svc.
func New(svc *domain.Service) *Server { return &Server{svc: svc} }

var (
	users    = []string{principal.RoleSuperadmin, principal.RoleCompanyAdmin, principal.RoleContentManager, principal.RoleContentWriter}
	callers  = append(append([]string(nil), users...), principal.RoleService)
	managers = []string{principal.RoleSuperadmin, principal.RoleCompanyAdmin, principal.RoleContentManager}
)

// Policy is the role table of ARCHITECTURE §3 for llm: every user role but
// client generates text and reads usage; other services (role service)
// generate and embed for a company they name; managers read the budget,
// company_admin and superadmin change it.
func Policy() grpcserver.Policy {
	return grpcserver.Policy{Roles: map[string][]string{
		llmv1.LLMService_Complete_FullMethodName:       callers,
		llmv1.LLMService_StreamComplete_FullMethodName: callers,
		llmv1.LLMService_Embed_FullMethodName:          callers,
		llmv1.LLMService_GetUsage_FullMethodName:       users,
		llmv1.LLMService_GetBudget_FullMethodName:      managers,
		llmv1.LLMService_UpdateBudget_FullMethodName:   {principal.RoleSuperadmin, principal.RoleCompanyAdmin},
	}}
}

// billed is the caller of a generation call: a user bills its own company
// (company_id in the request must be empty or the same); a service must
// name the company.
func billed(ctx context.Context, companyID string) (domain.Caller, error) {
	p, ok := principal.From(ctx)
	if !ok {
		return domain.Caller{}, errs.ErrUnauthenticated
	}
	if p.IsService() {
		if companyID == "" {
			return domain.Caller{}, errs.New(errs.ErrBadRequest, "company_id is required for service calls")
		}
		id, err := ids.Parse(companyID)
		if err != nil {
			return domain.Caller{}, err
		}
		return domain.Caller{CompanyID: id, UserID: p.UserID}, nil
	}
	if companyID != "" && companyID != p.CompanyID {
		return domain.Caller{}, errs.New(errs.ErrPermissionDenied, "Only service calls may bill another company")
	}
	return domain.Caller{CompanyID: p.CompanyID, UserID: p.UserID}, nil
}

// company is the company a report or budget call is about: superadmin may
// name any; everyone else gets their own (naming another one is 404, as
// for any other company's data).
func company(ctx context.Context, companyID string) (string, error) {
	p, ok := principal.From(ctx)
	if !ok {
		return "", errs.ErrUnauthenticated
	}
	if companyID == "" {
		return p.CompanyID, nil
	}
	id, err := ids.Parse(companyID)
	switch {
	case err != nil:
		return "", err
	case id != p.CompanyID && !p.IsSuperadmin():
		return "", errs.ErrNotFound
	}
	return id, nil
}

func messages(in []*llmv1.Message) []llm.Message {
	out := make([]llm.Message, 0, len(in))
	for _, m := range in {
		out = append(out, llm.Message{Role: m.GetRole(), Content: m.GetContent()})
	}
	return out
}

func usage(u llm.Usage) *llmv1.Usage {
	return &llmv1.Usage{PromptTokens: clamp32(int64(u.PromptTokens)), CompletionTokens: clamp32(int64(u.CompletionTokens)),
		TotalTokens: clamp32(int64(u.Total()))}
}

func clamp32(v int64) int32 {
	const maxInt32 = 1<<31 - 1
	if v > maxInt32 {
		return maxInt32
	}
	return int32(v)
}
