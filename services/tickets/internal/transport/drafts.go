package transport

import (
	"context"

	ticketsv1 "github.com/copydesk/copydesk/gen/copydesk/tickets/v1"
	"github.com/copydesk/copydesk/pkg/grpcserver"
	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/pkg/listing"
	"github.com/copydesk/copydesk/pkg/protoconv"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// DraftServer implements ticketsv1.TicketDraftServiceServer.
type DraftServer struct {
	ticketsv1.UnimplementedTicketDraftServiceServer
	svc *domain.Service
}

// NewDraftServer returns the draft handlers.
func NewDraftServer(svc *domain.Service) *DraftServer { return &DraftServer{svc: svc} }

// AddDraft records a draft the agents service wrote.
func (s *DraftServer) AddDraft(ctx context.Context, req *ticketsv1.AddDraftRequest) (*ticketsv1.AddDraftResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	agent, err := ids.ParseOptional(req.GetAgentId())
	if err != nil {
		return nil, err
	}
	d := domain.Draft{Content: req.GetContent(), AgentID: agent, PersonaVersion: int64(req.GetPersonaVersion())}
	for _, c := range req.GetCitations() {
		src := c.GetSource()
		d.Citations = append(d.Citations, domain.DraftCitation{N: int(c.GetN()), ChunkID: c.GetChunkId(), Score: c.GetScore(),
			Source: domain.DraftSource{ID: src.GetId(), Title: src.GetTitle(), Ref: src.GetRef(), URL: src.GetUrl()}})
	}
	stored, t, err := s.svc.AddDraft(ctx, p, id, d)
	if err != nil {
		return nil, err
	}
	return &ticketsv1.AddDraftResponse{Draft: toDraft(stored), Ticket: toTicket(t)}, nil
}

// ListDrafts lists a ticket's drafts, newest first.
func (s *DraftServer) ListDrafts(ctx context.Context, req *ticketsv1.ListDraftsRequest) (*ticketsv1.ListDraftsResponse, error) {
	p, id, err := grpcserver.CallerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	pg, err := listing.NewPage(listing.PageRequest{Skip: req.GetSkip(), Limit: req.GetLimit(), Default: "number", DefaultDesc: true})
	if err != nil {
		return nil, err
	}
	ds, n, err := s.svc.Drafts(ctx, p, id, pg)
	if err != nil {
		return nil, err
	}
	out := &ticketsv1.ListDraftsResponse{Data: make([]*ticketsv1.Draft, 0, len(ds)), Total: protoconv.Total(n)}
	for _, d := range ds {
		out.Data = append(out.Data, toDraft(d))
	}
	return out, nil
}

func toDraft(d domain.Draft) *ticketsv1.Draft {
	out := &ticketsv1.Draft{Id: d.ID, TicketId: d.TicketID, Number: int32(d.Number), Content: d.Content, AgentId: d.AgentID,
		PersonaVersion: int32(d.PersonaVersion), Citations: make([]*ticketsv1.DraftCitation, 0, len(d.Citations)),
		CreatedBy: d.CreatedBy, CreatedAt: protoconv.Timestamp(d.CreatedAt)}
	for _, c := range d.Citations {
		out.Citations = append(out.Citations, &ticketsv1.DraftCitation{N: int32(c.N), ChunkId: c.ChunkID, Score: c.Score,
			Source: &ticketsv1.DraftSource{Id: c.Source.ID, Title: c.Source.Title, Ref: c.Source.Ref, Url: c.Source.URL}})
	}
	return out
}
