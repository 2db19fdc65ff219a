package domain

import (
	"slices"
	"time"

	"github.com/copydesk/copydesk/pkg/listing"
	"github.com/copydesk/copydesk/pkg/tenancy"
)

// Agent statuses.
const (
	StatusActive   = "active"
	StatusArchived = "archived"
)

// Statuses are the agent statuses in order.
var Statuses = []string{StatusActive, StatusArchived}

// Page is a validated page of a list (pkg/listing).
type Page = listing.Page

// AgentSorts are the public sort names of agent lists.
var AgentSorts = []string{"name", "status", "created_at", "updated_at"}

// ConversationSorts are the public sort names of conversation lists.
var ConversationSorts = []string{"created_at", "updated_at"}

// Example is one input with its ideal output.
type Example struct {
	Input, Output string
}

// Persona is how an agent writes.
type Persona struct {
	Voice, Tone, Audience string
	Do, Dont              []string
	StyleGuide            string
	Examples              []Example
}

// Equal reports whether two personas say the same.
func (p Persona) Equal(o Persona) bool {
	return p.Voice == o.Voice && p.Tone == o.Tone && p.Audience == o.Audience && p.StyleGuide == o.StyleGuide &&
		slices.Equal(p.Do, o.Do) && slices.Equal(p.Dont, o.Dont) && slices.Equal(p.Examples, o.Examples)
}

// ModelSettings choose the model (through the llm service).
type ModelSettings struct {
	Provider, Model string
	Temperature     float64
	MaxTokens       int
}

// KnowledgeScope is the knowledge an agent retrieves from.
type KnowledgeScope struct {
	Tags, SourceIDs []string
	UseAgentChunks  bool
}

// Agent is an AI writing agent of one company.
type Agent struct {
	ID, CompanyID        string
	Name, Description    string
	Status               string
	Persona              Persona
	Model                ModelSettings
	Knowledge            KnowledgeScope
	TopK                 int
	Tags                 []string
	PersonaVersion       int64
	Version              int64
	CreatedBy            string
	CreatedAt, UpdatedAt time.Time
	Deleted              bool
}

// PersonaVersion is one numbered state of an agent's persona and model.
type PersonaVersion struct {
	AgentID, CompanyID string
	Number             int64
	Persona            Persona
	Model              ModelSettings
	CreatedBy          string
	CreatedAt          time.Time
}

// Scope is the tenant of a store call: one company, or (superadmin) all.
// An empty CompanyID without AllCompanies is refused by every store.
type Scope = tenancy.Scope

// Company is the scope of one company.
func Company(id string) Scope { return tenancy.OneCompany(id) }

// AgentFilter filters agent lists.
type AgentFilter struct {
	Q        string
	Statuses []string
	Tag      string
}

// AgentChanges are the fields of an update that are set, and whether the
// persona or model settings changed (a new persona version).
type AgentChanges struct {
	Name, Description, Status *string
	Persona                   *Persona
	Model                     *ModelSettings
	Knowledge                 *KnowledgeScope
	TopK                      *int
	Tags                      *[]string
	NewPersonaVersion         bool
	Deleted                   bool
	By                        string
	UpdatedAt                 time.Time
}
