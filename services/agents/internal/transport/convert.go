package transport

import (
	agentsv1 "github.com/copydesk/copydesk/gen/copydesk/agents/v1"
	"github.com/copydesk/copydesk/pkg/protoconv"
	"github.com/copydesk/copydesk/services/agents/internal/domain"
)

func toPersona(p domain.Persona) *agentsv1.Persona {
	out := &agentsv1.Persona{Voice: p.Voice, Tone: p.Tone, Audience: p.Audience, Do: protoconv.Strings(p.Do),
		Dont: protoconv.Strings(p.Dont), StyleGuide: p.StyleGuide, Examples: []*agentsv1.PersonaExample{}}
	for _, e := range p.Examples {
		out.Examples = append(out.Examples, &agentsv1.PersonaExample{Input: e.Input, Output: e.Output})
	}
	return out
}

func fromPersona(p *agentsv1.Persona) *domain.Persona {
	if p == nil {
		return nil
	}
	out := &domain.Persona{Voice: p.GetVoice(), Tone: p.GetTone(), Audience: p.GetAudience(), Do: p.GetDo(), Dont: p.GetDont(),
		StyleGuide: p.GetStyleGuide()}
	for _, e := range p.GetExamples() {
		out.Examples = append(out.Examples, domain.Example{Input: e.GetInput(), Output: e.GetOutput()})
	}
	return out
}

func toModel(m domain.ModelSettings) *agentsv1.ModelSettings {
	return &agentsv1.ModelSettings{Provider: m.Provider, Model: m.Model, Temperature: m.Temperature, MaxTokens: int32(m.MaxTokens)}
}

func fromModel(m *agentsv1.ModelSettings) *domain.ModelSettings {
	if m == nil {
		return nil
	}
	return &domain.ModelSettings{Provider: m.GetProvider(), Model: m.GetModel(), Temperature: m.GetTemperature(), MaxTokens: int(m.GetMaxTokens())}
}

func fromKnowledge(k *agentsv1.KnowledgeScope) *domain.KnowledgeScope {
	if k == nil {
		return nil
	}
	return &domain.KnowledgeScope{Tags: k.GetTags(), SourceIDs: k.GetSourceIds(), UseAgentChunks: k.GetUseAgentChunks()}
}

func toAgent(a domain.Agent) *agentsv1.Agent {
	return &agentsv1.Agent{
		Id: a.ID, Name: a.Name, Description: a.Description, Status: a.Status, Persona: toPersona(a.Persona),
		ModelSettings: toModel(a.Model),
		KnowledgeScope: &agentsv1.KnowledgeScope{Tags: protoconv.Strings(a.Knowledge.Tags), SourceIds: protoconv.Strings(a.Knowledge.SourceIDs),
			UseAgentChunks: a.Knowledge.UseAgentChunks},
		TopK: int32(a.TopK), Tags: protoconv.Strings(a.Tags), PersonaVersion: int32(a.PersonaVersion), CompanyId: a.CompanyID,
		Version: int32(a.Version), CreatedBy: a.CreatedBy, CreatedAt: protoconv.Timestamp(a.CreatedAt), UpdatedAt: protoconv.Timestamp(a.UpdatedAt),
	}
}

func toVersion(v domain.PersonaVersion) *agentsv1.PersonaVersion {
	return &agentsv1.PersonaVersion{AgentId: v.AgentID, Number: int32(v.Number), Persona: toPersona(v.Persona), ModelSettings: toModel(v.Model),
		CreatedBy: v.CreatedBy, CreatedAt: protoconv.Timestamp(v.CreatedAt)}
}

func toConversation(c domain.Conversation) *agentsv1.Conversation {
	return &agentsv1.Conversation{Id: c.ID, AgentId: c.AgentID, UserId: c.UserID, CompanyId: c.CompanyID, Title: c.Title,
		CreatedAt: protoconv.Timestamp(c.CreatedAt), UpdatedAt: protoconv.Timestamp(c.UpdatedAt)}
}

func toMessage(m domain.Message) *agentsv1.ChatMessage {
	out := &agentsv1.ChatMessage{
		Id: m.ID, ConversationId: m.ConversationID, Role: m.Role, Content: m.Content, Citations: []*agentsv1.Citation{},
		Usage: &agentsv1.Usage{PromptTokens: int32(m.Usage.PromptTokens), CompletionTokens: int32(m.Usage.CompletionTokens),
			TotalTokens: int32(m.Usage.TotalTokens), CostMicros: int32(m.Usage.CostMicros)},
		PersonaVersion: int32(m.PersonaVersion), Status: m.Status, Error: m.Error, Model: m.Model, Provider: m.Provider,
		CreatedAt: protoconv.Timestamp(m.CreatedAt),
	}
	for _, c := range m.Citations {
		out.Citations = append(out.Citations, &agentsv1.Citation{N: int32(c.N), ChunkId: c.ChunkID, Score: c.Score,
			Source: &agentsv1.Source{Id: c.Source.ID, Title: c.Source.Title, Ref: c.Source.Ref, Url: c.Source.URL}})
	}
	return out
}

func intPtr(v *int32) *int {
	if v == nil {
		return nil
	}
	n := int(*v)
	return &n
}
