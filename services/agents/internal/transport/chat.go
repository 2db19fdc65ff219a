package transport

import (
	"context"

	agentsv1 "github.com/copydesk/copydesk/gen/copydesk/agents/v1"
	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/pkg/listing"
	"github.com/copydesk/copydesk/pkg/protoconv"
	"github.com/copydesk/copydesk/services/agents/internal/domain"
)

// ChatServer implements agentsv1.ChatServiceServer.
type ChatServer struct {
	agentsv1.UnimplementedChatServiceServer
	svc *domain.Service
}

// NewChatServer returns the chat handlers.
func NewChatServer(svc *domain.Service) *ChatServer { return &ChatServer{svc: svc} }

func chatInput(agentID, convID, msg string) (domain.ChatInput, error) {
	a, err := ids.Parse(agentID)
	if err != nil {
		return domain.ChatInput{}, err
	}
	c, err := ids.ParseOptional(convID)
	return domain.ChatInput{AgentID: a, ConversationID: c, Message: msg}, err
}

// Chat answers a message.
func (s *ChatServer) Chat(ctx context.Context, req *agentsv1.ChatRequest) (*agentsv1.ChatResponse, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	in, err := chatInput(req.GetAgentId(), req.GetConversationId(), req.GetMessage())
	if err != nil {
		return nil, err
	}
	r, err := s.svc.Chat(ctx, p, in, nil)
	if err != nil {
		return nil, err
	}
	return &agentsv1.ChatResponse{ConversationId: r.ConversationID, Message: toMessage(r.Message)}, nil
}

// StreamChat answers a message token by token, then sends the stored
// answer. The stream's context is the llm call's: a client that goes away
// cancels it.
func (s *ChatServer) StreamChat(req *agentsv1.StreamChatRequest, stream agentsv1.ChatService_StreamChatServer) error {
	ctx := stream.Context()
	p, err := caller(ctx)
	if err != nil {
		return err
	}
	in, err := chatInput(req.GetAgentId(), req.GetConversationId(), req.GetMessage())
	if err != nil {
		return err
	}
	r, err := s.svc.Chat(ctx, p, in, func(delta string) error {
		return stream.Send(&agentsv1.StreamChatResponse{Delta: delta})
	})
	if err != nil {
		return err
	}
	return stream.Send(&agentsv1.StreamChatResponse{Done: true, ConversationId: r.ConversationID, Message: toMessage(r.Message)})
}

// ListConversations lists conversations.
func (s *ChatServer) ListConversations(ctx context.Context, req *agentsv1.ListConversationsRequest) (*agentsv1.ListConversationsResponse, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	pg, err := listing.NewPage(listing.PageRequest{Skip: req.GetSkip(), Limit: req.GetLimit(), Sort: req.GetSort(), Order: req.GetOrder(),
		Sortable: domain.ConversationSorts, Default: "updated_at", DefaultDesc: true})
	if err != nil {
		return nil, err
	}
	agentID, err := ids.ParseOptional(req.GetAgentId())
	if err != nil {
		return nil, err
	}
	cs, n, err := s.svc.Conversations(ctx, p, req.GetCompanyId(), domain.ConversationFilter{AgentID: agentID}, pg)
	if err != nil {
		return nil, err
	}
	out := &agentsv1.ListConversationsResponse{Data: make([]*agentsv1.Conversation, 0, len(cs)), Total: protoconv.Total(n)}
	for _, c := range cs {
		out.Data = append(out.Data, toConversation(c))
	}
	return out, nil
}

// ListConversationMessages lists a conversation's messages.
func (s *ChatServer) ListConversationMessages(ctx context.Context, req *agentsv1.ListConversationMessagesRequest) (*agentsv1.ListConversationMessagesResponse, error) {
	p, id, err := callerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	pg, err := listing.NewPage(listing.PageRequest{Skip: req.GetSkip(), Limit: req.GetLimit(), Order: req.GetOrder(), Default: "created_at"})
	if err != nil {
		return nil, err
	}
	ms, n, err := s.svc.Messages(ctx, p, id, pg)
	if err != nil {
		return nil, err
	}
	out := &agentsv1.ListConversationMessagesResponse{Data: make([]*agentsv1.ChatMessage, 0, len(ms)), Total: protoconv.Total(n)}
	for _, m := range ms {
		out.Data = append(out.Data, toMessage(m))
	}
	return out, nil
}

// DeleteConversation deletes a conversation.
func (s *ChatServer) DeleteConversation(ctx context.Context, req *agentsv1.DeleteConversationRequest) (*agentsv1.DeleteConversationResponse, error) {
	p, id, err := callerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	c, err := s.svc.DeleteConversation(ctx, p, id)
	if err != nil {
		return nil, err
	}
	return &agentsv1.DeleteConversationResponse{Conversation: toConversation(c)}, nil
}
