package store

import (
	"errors"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/services/agents/internal/domain"
)

// errNoTenant is a programming error: tenant data without a tenant.
var errNoTenant = errors.New("store: missing company scope")

// companyFilter is the filter every tenant query starts from. An empty
// company is refused; reading across companies needs AllCompanies.
func companyFilter(sc domain.Scope) (bson.M, error) {
	if sc.AllCompanies {
		return bson.M{}, nil
	}
	if sc.CompanyID == "" {
		return nil, errNoTenant
	}
	return bson.M{"company_id": sc.CompanyID}, nil
}

func requireCompany(company string) error {
	if company == "" {
		return errNoTenant
	}
	return nil
}

type exampleDoc struct {
	Input  string `bson:"input"`
	Output string `bson:"output"`
}

type personaDoc struct {
	Voice      string       `bson:"voice"`
	Tone       string       `bson:"tone"`
	Audience   string       `bson:"audience"`
	Do         []string     `bson:"do"`
	Dont       []string     `bson:"dont"`
	StyleGuide string       `bson:"style_guide"`
	Examples   []exampleDoc `bson:"examples"`
}

type modelDoc struct {
	Provider    string  `bson:"provider"`
	Model       string  `bson:"model"`
	Temperature float64 `bson:"temperature"`
	MaxTokens   int     `bson:"max_tokens"`
}

type knowledgeDoc struct {
	Tags           []string `bson:"tags"`
	SourceIDs      []string `bson:"source_ids"`
	UseAgentChunks bool     `bson:"use_agent_chunks"`
}

type agentDoc struct {
	ID             bson.ObjectID `bson:"_id,omitempty"`
	CompanyID      string        `bson:"company_id"`
	Name           string        `bson:"name"`
	NameLower      string        `bson:"name_lower"` // the prefix search across companies
	Description    string        `bson:"description"`
	Status         string        `bson:"status"`
	Persona        personaDoc    `bson:"persona"`
	Model          modelDoc      `bson:"model"`
	Knowledge      knowledgeDoc  `bson:"knowledge"`
	TopK           int           `bson:"top_k"`
	Tags           []string      `bson:"tags"`
	PersonaVersion int64         `bson:"persona_version"`
	Version        int64         `bson:"version"`
	CreatedBy      string        `bson:"created_by"`
	CreatedAt      time.Time     `bson:"created_at"`
	UpdatedAt      time.Time     `bson:"updated_at"`
	Deleted        bool          `bson:"deleted"`
}

type versionDoc struct {
	AgentID   string     `bson:"agent_id"`
	CompanyID string     `bson:"company_id"`
	Number    int64      `bson:"number"`
	Persona   personaDoc `bson:"persona"`
	Model     modelDoc   `bson:"model"`
	CreatedBy string     `bson:"created_by"`
	CreatedAt time.Time  `bson:"created_at"`
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func toPersonaDoc(p domain.Persona) personaDoc {
	d := personaDoc{Voice: p.Voice, Tone: p.Tone, Audience: p.Audience, Do: nonNil(p.Do), Dont: nonNil(p.Dont),
		StyleGuide: p.StyleGuide, Examples: []exampleDoc{}}
	for _, e := range p.Examples {
		d.Examples = append(d.Examples, exampleDoc(e))
	}
	return d
}

func (d personaDoc) domain() domain.Persona {
	p := domain.Persona{Voice: d.Voice, Tone: d.Tone, Audience: d.Audience, Do: nonNil(d.Do), Dont: nonNil(d.Dont),
		StyleGuide: d.StyleGuide, Examples: []domain.Example{}}
	for _, e := range d.Examples {
		p.Examples = append(p.Examples, domain.Example(e))
	}
	return p
}

func toAgentDoc(a domain.Agent) agentDoc {
	return agentDoc{
		CompanyID: a.CompanyID, Name: a.Name, NameLower: strings.ToLower(a.Name), Description: a.Description, Status: a.Status,
		Persona: toPersonaDoc(a.Persona), Model: modelDoc(a.Model), Knowledge: toKnowledgeDoc(a.Knowledge),
		TopK: a.TopK, Tags: nonNil(a.Tags), PersonaVersion: a.PersonaVersion, Version: a.Version,
		CreatedBy: a.CreatedBy, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt,
	}
}

func toKnowledgeDoc(k domain.KnowledgeScope) knowledgeDoc {
	return knowledgeDoc{Tags: nonNil(k.Tags), SourceIDs: nonNil(k.SourceIDs), UseAgentChunks: k.UseAgentChunks}
}

func (d agentDoc) domain() domain.Agent {
	return domain.Agent{
		ID: d.ID.Hex(), CompanyID: d.CompanyID, Name: d.Name, Description: d.Description, Status: d.Status,
		Persona: d.Persona.domain(), Model: domain.ModelSettings(d.Model),
		Knowledge: domain.KnowledgeScope{Tags: nonNil(d.Knowledge.Tags), SourceIDs: nonNil(d.Knowledge.SourceIDs), UseAgentChunks: d.Knowledge.UseAgentChunks},
		TopK:      d.TopK, Tags: nonNil(d.Tags), PersonaVersion: d.PersonaVersion, Version: d.Version,
		CreatedBy: d.CreatedBy, CreatedAt: d.CreatedAt.UTC(), UpdatedAt: d.UpdatedAt.UTC(), Deleted: d.Deleted,
	}
}

func (d versionDoc) domain() domain.PersonaVersion {
	return domain.PersonaVersion{AgentID: d.AgentID, CompanyID: d.CompanyID, Number: d.Number, Persona: d.Persona.domain(),
		Model: domain.ModelSettings(d.Model), CreatedBy: d.CreatedBy, CreatedAt: d.CreatedAt.UTC()}
}
