package transport

import (
	"context"

	agentsv1 "github.com/copydesk/copydesk/gen/copydesk/agents/v1"
	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/pkg/listing"
	"github.com/copydesk/copydesk/pkg/protoconv"
	"github.com/copydesk/copydesk/services/agents/internal/domain"
)

// AgentServer implements agentsv1.AgentServiceServer.
type AgentServer struct {
	agentsv1.UnimplementedAgentServiceServer
	svc *domain.Service
}

// NewAgentServer returns the agent handlers.
func NewAgentServer(svc *domain.Service) *AgentServer { return &AgentServer{svc: svc} }

// CreateAgent creates an agent.
func (s *AgentServer) CreateAgent(ctx context.Context, req *agentsv1.CreateAgentRequest) (*agentsv1.CreateAgentResponse, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	a, err := s.svc.Create(ctx, p, domain.CreateInput{
		Name: req.GetName(), Description: req.GetDescription(), Status: req.GetStatus(), Persona: fromPersona(req.GetPersona()),
		Model: fromModel(req.GetModelSettings()), Knowledge: fromKnowledge(req.GetKnowledgeScope()), TopK: intPtr(req.TopK),
		Tags: req.GetTags(), CompanyID: req.GetCompanyId(),
	})
	if err != nil {
		return nil, err
	}
	return &agentsv1.CreateAgentResponse{Agent: toAgent(a)}, nil
}

// GetAgent reads an agent.
func (s *AgentServer) GetAgent(ctx context.Context, req *agentsv1.GetAgentRequest) (*agentsv1.GetAgentResponse, error) {
	p, id, err := callerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	a, err := s.svc.Get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	return &agentsv1.GetAgentResponse{Agent: toAgent(a)}, nil
}

// ListAgents lists agents.
func (s *AgentServer) ListAgents(ctx context.Context, req *agentsv1.ListAgentsRequest) (*agentsv1.ListAgentsResponse, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	pg, err := listing.NewPage(listing.PageRequest{Skip: req.GetSkip(), Limit: req.GetLimit(), Sort: req.GetSort(), Order: req.GetOrder(),
		Sortable: domain.AgentSorts, Default: "created_at", DefaultDesc: true})
	if err != nil {
		return nil, err
	}
	as, n, err := s.svc.List(ctx, p, domain.ListInput{Q: req.GetQ(), Tag: req.GetTag(), Statuses: req.GetStatus(),
		CompanyID: req.GetCompanyId(), Page: pg})
	if err != nil {
		return nil, err
	}
	out := &agentsv1.ListAgentsResponse{Data: make([]*agentsv1.Agent, 0, len(as)), Total: protoconv.Total(n)}
	for _, a := range as {
		out.Data = append(out.Data, toAgent(a))
	}
	return out, nil
}

// UpdateAgent changes the fields that are set; read-only fields sent back
// as read are ignored.
func (s *AgentServer) UpdateAgent(ctx context.Context, req *agentsv1.UpdateAgentRequest) (*agentsv1.UpdateAgentResponse, error) {
	p, id, err := callerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	in := domain.UpdateInput{
		Version: int64(req.GetVersion()), Name: req.Name, Description: req.Description, Status: req.Status,
		Persona: fromPersona(req.GetPersona()), Model: fromModel(req.GetModelSettings()), Knowledge: fromKnowledge(req.GetKnowledgeScope()),
		TopK: intPtr(req.TopK),
	}
	if in.Tags, err = protoconv.StringList("tags", req.GetTags()); err != nil {
		return nil, err
	}
	a, err := s.svc.Update(ctx, p, id, in)
	if err != nil {
		return nil, err
	}
	return &agentsv1.UpdateAgentResponse{Agent: toAgent(a)}, nil
}

// DeleteAgent deletes an agent.
func (s *AgentServer) DeleteAgent(ctx context.Context, req *agentsv1.DeleteAgentRequest) (*agentsv1.DeleteAgentResponse, error) {
	p, id, err := callerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	a, err := s.svc.Delete(ctx, p, id)
	if err != nil {
		return nil, err
	}
	return &agentsv1.DeleteAgentResponse{Agent: toAgent(a)}, nil
}

// ListAgentVersions lists an agent's persona versions.
func (s *AgentServer) ListAgentVersions(ctx context.Context, req *agentsv1.ListAgentVersionsRequest) (*agentsv1.ListAgentVersionsResponse, error) {
	p, id, err := callerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	pg, err := listing.NewPage(listing.PageRequest{Skip: req.GetSkip(), Limit: req.GetLimit(), Order: req.GetOrder(), Default: "number", DefaultDesc: true})
	if err != nil {
		return nil, err
	}
	vs, n, err := s.svc.Versions(ctx, p, id, pg)
	if err != nil {
		return nil, err
	}
	out := &agentsv1.ListAgentVersionsResponse{Data: make([]*agentsv1.PersonaVersion, 0, len(vs)), Total: protoconv.Total(n)}
	for _, v := range vs {
		out.Data = append(out.Data, toVersion(v))
	}
	return out, nil
}

// CheckAgents answers which ids are no live agent of the company.
func (s *AgentServer) CheckAgents(ctx context.Context, req *agentsv1.CheckAgentsRequest) (*agentsv1.CheckAgentsResponse, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	company, err := ids.ParseOptional(req.GetCompanyId())
	if err != nil {
		return nil, err
	}
	missing, err := s.svc.CheckAgents(ctx, p, company, req.GetIds())
	if err != nil {
		return nil, err
	}
	return &agentsv1.CheckAgentsResponse{Missing: missing}, nil
}
