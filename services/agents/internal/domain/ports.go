package domain

import "context"

// AgentStore keeps agents and their persona versions. Every method takes
// the tenant; an empty company is refused.
type AgentStore interface {
	// Create stores a new agent and its persona version 1.
	Create(ctx context.Context, a Agent) (Agent, error)
	Get(ctx context.Context, sc Scope, id string) (Agent, error)
	// LiveIDs returns which of ids (canonical hex) are live agents of
	// company.
	LiveIDs(ctx context.Context, company string, ids []string) ([]string, error)
	List(ctx context.Context, sc Scope, f AgentFilter, p Page) ([]Agent, int64, error)
	// Update moves the agent from version to version+1 (exactly one of
	// concurrent writers wins; the others get StaleError). With
	// ch.NewPersonaVersion the persona and model are recorded as the next
	// persona version, whose number no other version of the agent shares.
	Update(ctx context.Context, sc Scope, id string, version int64, ch AgentChanges) (Agent, error)
	Versions(ctx context.Context, sc Scope, agentID string, p Page) ([]PersonaVersion, int64, error)
}

// ConversationStore keeps conversations and their messages.
type ConversationStore interface {
	// StartConversation stores a new conversation with its first message.
	StartConversation(ctx context.Context, c Conversation, first Message) (Conversation, Message, error)
	GetConversation(ctx context.Context, sc ConversationScope, id string) (Conversation, error)
	ListConversations(ctx context.Context, sc ConversationScope, f ConversationFilter, p Page) ([]Conversation, int64, error)
	DeleteConversation(ctx context.Context, sc ConversationScope, id string) (Conversation, error)
	// AddMessage stores a message of a conversation of company and
	// touches the conversation.
	AddMessage(ctx context.Context, company string, m Message) (Message, error)
	Messages(ctx context.Context, company, conversationID string, p Page) ([]Message, int64, error)
	// Recent returns up to n of the newest messages, oldest first.
	Recent(ctx context.Context, company, conversationID string, n int) ([]Message, error)
}

// Retriever searches the knowledge service with the caller's identity.
type Retriever interface {
	Search(ctx context.Context, q SearchQuery) ([]Chunk, error)
}

// LLM calls the llm service with the caller's identity. With onDelta set
// the answer streams: onDelta gets each piece as it comes (an error from
// it ends the call).
type LLM interface {
	Complete(ctx context.Context, c Completion, onDelta func(string) error) (Answer, error)
}

// CompanyLookup says whether a company exists and is active.
type CompanyLookup func(ctx context.Context, id string) (active bool, err error)
