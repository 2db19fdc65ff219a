package domain

import (
	"context"
	"strings"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/listing"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/textset"
)

// CreateInput is a new agent as sent. Nil Persona, Model or TopK take the
// defaults.
type CreateInput struct {
	Name, Description, Status string
	Persona                   *Persona
	Model                     *ModelSettings
	Knowledge                 *KnowledgeScope
	TopK                      *int
	Tags                      []string
	CompanyID                 string
}

// Create stores a new agent; its persona is version 1.
func (s *Service) Create(ctx context.Context, p principal.Principal, in CreateInput) (Agent, error) {
	company, err := s.targetCompany(ctx, p, in.CompanyID)
	if err != nil {
		return Agent{}, err
	}
	var v errs.Validator
	now := s.now()
	a := Agent{
		CompanyID: company, Name: cleanName(&v, in.Name), Description: strings.TrimSpace(in.Description),
		Status: in.Status, Model: DefaultModel, TopK: defaultTopK, Tags: cleanTags(&v, in.Tags),
		PersonaVersion: 1, Version: 1, CreatedBy: p.UserID, CreatedAt: now, UpdatedAt: now,
	}
	length(&v, "description", a.Description, 0, maxShort)
	if a.Status == "" {
		a.Status = StatusActive
	}
	checkStatus(&v, a.Status)
	if in.Persona != nil {
		a.Persona = *in.Persona
	}
	a.Persona = cleanPersona(&v, a.Persona)
	if in.Model != nil {
		a.Model = *in.Model
	}
	a.Model = cleanModel(&v, a.Model)
	if in.Knowledge != nil {
		a.Knowledge = *in.Knowledge
	}
	a.Knowledge = cleanKnowledge(&v, a.Knowledge)
	if in.TopK != nil {
		a.TopK = *in.TopK
	}
	checkTopK(&v, a.TopK)
	if err := v.Err(); err != nil {
		return Agent{}, err
	}
	return s.agents.Create(ctx, a)
}

// Get reads an agent in p's scope (another company's is 404).
func (s *Service) Get(ctx context.Context, p principal.Principal, id string) (Agent, error) {
	sc, err := readScope(p, "")
	if err != nil {
		return Agent{}, err
	}
	return s.agents.Get(ctx, sc, id)
}

// ListInput is an agent list request.
type ListInput struct {
	Q, Tag, CompanyID string
	Statuses          []string
	Page              Page
}

// List lists agents in p's scope.
func (s *Service) List(ctx context.Context, p principal.Principal, in ListInput) ([]Agent, int64, error) {
	sc, err := readScope(p, in.CompanyID)
	if err != nil {
		return nil, 0, err
	}
	var v errs.Validator
	f := AgentFilter{Q: strings.TrimSpace(in.Q), Tag: strings.TrimSpace(in.Tag),
		Statuses: textset.Normalize(&v, listing.Filter("status"), in.Statuses)}
	for _, st := range f.Statuses {
		checkStatus(&v, st)
	}
	length(&v, "q", f.Q, 0, maxName)
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	return s.agents.List(ctx, sc, f, in.Page)
}

// UpdateInput is an update as sent: nil fields are unchanged. Version 0
// changes the current version.
type UpdateInput struct {
	Version                   int64
	Name, Description, Status *string
	Persona                   *Persona
	Model                     *ModelSettings
	Knowledge                 *KnowledgeScope
	TopK                      *int
	Tags                      *[]string
}

// Update changes an agent. A persona or model settings that differ from
// the current ones make a new persona version.
func (s *Service) Update(ctx context.Context, p principal.Principal, id string, in UpdateInput) (Agent, error) {
	sc, err := writeScope(p)
	if err != nil {
		return Agent{}, err
	}
	cur, err := s.agents.Get(ctx, sc, id)
	if err != nil {
		return Agent{}, err
	}
	version := in.Version
	if version == 0 {
		version = cur.Version
	} else if version != cur.Version {
		return Agent{}, StaleError(cur.Version)
	}
	var v errs.Validator
	ch := AgentChanges{By: p.UserID, UpdatedAt: s.now(), Description: in.Description, TopK: in.TopK}
	if in.Name != nil {
		n := cleanName(&v, *in.Name)
		ch.Name = &n
	}
	if in.Description != nil {
		length(&v, "description", *in.Description, 0, maxShort)
	}
	if in.Status != nil {
		checkStatus(&v, *in.Status)
		ch.Status = in.Status
	}
	if in.TopK != nil {
		checkTopK(&v, *in.TopK)
	}
	if in.Tags != nil {
		t := cleanTags(&v, *in.Tags)
		ch.Tags = &t
	}
	if in.Knowledge != nil {
		k := cleanKnowledge(&v, *in.Knowledge)
		ch.Knowledge = &k
	}
	persona, model := cur.Persona, cur.Model
	if in.Persona != nil {
		persona = cleanPersona(&v, *in.Persona)
	}
	if in.Model != nil {
		model = cleanModel(&v, *in.Model)
	}
	if err := v.Err(); err != nil {
		return Agent{}, err
	}
	if !persona.Equal(cur.Persona) || model != cur.Model {
		ch.Persona, ch.Model, ch.NewPersonaVersion = &persona, &model, true
	}
	return s.agents.Update(ctx, sc, id, version, ch)
}

// Delete deletes an agent (soft): it leaves lists and answers 404, its
// conversations stay.
func (s *Service) Delete(ctx context.Context, p principal.Principal, id string) (Agent, error) {
	sc, err := writeScope(p)
	if err != nil {
		return Agent{}, err
	}
	cur, err := s.agents.Get(ctx, sc, id)
	if err != nil {
		return Agent{}, err
	}
	return s.agents.Update(ctx, sc, id, cur.Version, AgentChanges{Deleted: true, By: p.UserID, UpdatedAt: s.now()})
}

// Versions lists an agent's persona versions.
func (s *Service) Versions(ctx context.Context, p principal.Principal, id string, pg Page) ([]PersonaVersion, int64, error) {
	sc, err := readScope(p, "")
	if err != nil {
		return nil, 0, err
	}
	a, err := s.agents.Get(ctx, sc, id)
	if err != nil {
		return nil, 0, err
	}
	return s.agents.Versions(ctx, Company(a.CompanyID), a.ID, pg)
}
