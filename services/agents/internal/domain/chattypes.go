package domain

import "time"

// Message roles and statuses.
const (
	RoleUser        = "user"
	RoleAssistant   = "assistant"
	MessageOK       = "complete"
	MessageFailed   = "error"
	failedAnswerMsg = "The agent could not answer; nothing of a partial answer was kept"
)

// Conversation is one user's chat with one agent.
type Conversation struct {
	ID, AgentID, UserID, CompanyID string
	Title                          string
	CreatedAt, UpdatedAt           time.Time
}

// ConversationScope is whose conversations a call sees: a tenant scope
// and one user, or every user of the scope when AllUsers.
type ConversationScope struct {
	Scope
	UserID   string
	AllUsers bool
}

// ConversationFilter filters conversation lists.
type ConversationFilter struct {
	AgentID string
}

// Source is where a chunk came from.
type Source struct {
	ID, Title, Ref, URL string
}

// Citation is a retrieved chunk the answer cites as [N].
type Citation struct {
	N       int
	ChunkID string
	Source  Source
	Score   float64
}

// Usage is what an llm call cost.
type Usage struct {
	PromptTokens, CompletionTokens, TotalTokens int
	CostMicros                                  int
}

// Message is one stored message of a conversation.
type Message struct {
	ID, ConversationID, CompanyID string
	Role, Content                 string
	Citations                     []Citation
	Usage                         Usage
	PersonaVersion                int64
	Status, Error                 string
	Model, Provider               string
	CreatedAt                     time.Time
}

// Chunk is one retrieved piece of knowledge.
type Chunk struct {
	ID          string
	CompanyID   string
	Title       string
	HeadingPath []string
	Content     string
	Score       float64
	Source      Source
}

// SearchQuery asks the knowledge service for chunks of one company.
type SearchQuery struct {
	CompanyID string
	Query     string
	TopK      int
	Tags      []string
	SourceIDs []string
	AgentID   string
}

// Turn is one message sent to the llm.
type Turn struct {
	Role, Content string
}

// Completion is one llm call. It names no company: the llm service bills
// a user's call to the user's own company, a superadmin acting for another
// company too (it lets only services name another one).
type Completion struct {
	System      string
	Messages    []Turn
	Provider    string
	Model       string
	Temperature float64
	MaxTokens   int
	// JSONSchema, when set, asks for a JSON answer following it (the llm
	// service's response_format; plans).
	JSONSchema string
}

// Answer is what the llm wrote.
type Answer struct {
	Text, Model, Provider, FinishReason string
	Usage                               Usage
}

// ChatInput is a message to an agent.
type ChatInput struct {
	AgentID, ConversationID, Message string
}

// ChatResult is the stored answer and its conversation.
type ChatResult struct {
	ConversationID string
	Message        Message
}
