package transport

import (
	"context"

	"google.golang.org/protobuf/types/known/timestamppb"

	llmv1 "github.com/copydesk/copydesk/gen/copydesk/llm/v1"
	"github.com/copydesk/copydesk/services/llm/internal/domain"
)

// GetUsage reports usage by day, model and provider.
func (s *Server) GetUsage(ctx context.Context, req *llmv1.GetUsageRequest) (*llmv1.GetUsageResponse, error) {
	cid, err := company(ctx, req.GetCompanyId())
	if err != nil {
		return nil, err
	}
	rep, err := s.svc.Usage(ctx, cid, req.GetFrom(), req.GetTo())
	if err != nil {
		return nil, err
	}
	out := &llmv1.GetUsageResponse{CompanyId: rep.CompanyID, Total: clamp32(int64(len(rep.Rows))), TotalCostMicros: float64(rep.TotalCost),
		Data: make([]*llmv1.UsageRow, 0, len(rep.Rows))}
	for _, r := range rep.Rows {
		out.Data = append(out.Data, &llmv1.UsageRow{
			Day: r.Day, Model: r.Model, Provider: r.Provider, Requests: clamp32(int64(r.Requests)),
			PromptTokens: clamp32(int64(r.PromptTokens)), CompletionTokens: clamp32(int64(r.CompletionTokens)),
			TotalTokens: clamp32(int64(r.PromptTokens + r.CompletionTokens)), CostMicros: float64(r.CostMicros),
		})
	}
	return out, nil
}

// GetBudget reads a company's budget.
func (s *Server) GetBudget(ctx context.Context, req *llmv1.GetBudgetRequest) (*llmv1.GetBudgetResponse, error) {
	cid, err := company(ctx, req.GetCompanyId())
	if err != nil {
		return nil, err
	}
	b, err := s.svc.GetBudget(ctx, cid)
	if err != nil {
		return nil, err
	}
	return &llmv1.GetBudgetResponse{Budget: budget(b)}, nil
}

// UpdateBudget changes a company's budget.
func (s *Server) UpdateBudget(ctx context.Context, req *llmv1.UpdateBudgetRequest) (*llmv1.UpdateBudgetResponse, error) {
	cid, err := company(ctx, req.GetCompanyId())
	if err != nil {
		return nil, err
	}
	u, err := budgetUpdate(ctx, req)
	if err != nil {
		return nil, err
	}
	b, err := s.svc.UpdateBudget(ctx, cid, u)
	if err != nil {
		return nil, err
	}
	return &llmv1.UpdateBudgetResponse{Budget: budget(b)}, nil
}

func budget(b domain.BudgetStatus) *llmv1.Budget {
	out := &llmv1.Budget{CompanyId: b.CompanyID, MonthlyBudgetMicros: float64(b.MonthlyBudgetMicros),
		RequestsPerMinute: clamp32(int64(b.RequestsPerMinute)), MonthToDateMicros: float64(b.MonthToDateMicros)}
	out.CeilingMonthlyBudgetMicros = float64(b.CeilingMonthlyMicros)
	out.CeilingRequestsPerMinute = clamp32(int64(b.CeilingRequestsPerMinute))
	out.AllowedModels = append([]string{}, b.AllowedModels...)
	if !b.UpdatedAt.IsZero() {
		out.UpdatedAt = timestamppb.New(b.UpdatedAt)
	}
	return out
}
