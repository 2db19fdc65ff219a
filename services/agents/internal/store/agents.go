package store

import (
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/agents/internal/domain"
)

// Agents implements domain.AgentStore.
type Agents struct {
	coll, numbers, versions *mongo.Collection
	versioned               mongox.Versioned
}

// NewAgents returns the store on db.
func NewAgents(db *mongo.Database) *Agents {
	coll := db.Collection(agentsColl)
	return &Agents{
		coll: coll, numbers: db.Collection(personaNumberColl), versions: db.Collection(versionsColl),
		versioned: mongox.Versioned{Docs: coll, Claims: db.Collection(revisionsColl), Stale: domain.StaleError},
	}
}

var _ domain.AgentStore = (*Agents)(nil)

// PurgeVersionClaims deletes the agents' version claims that ended before
// `before` (the service runs it hourly with a day's slack).
func (s *Agents) PurgeVersionClaims(ctx ctxT, before time.Time) error {
	_, err := s.versioned.PurgeClaims(ctx, before)
	return err
}

// liveFilter is the scope's filter for agents that are not deleted.
func liveFilter(sc domain.Scope) (bson.M, error) {
	f, err := companyFilter(sc)
	if err != nil {
		return nil, err
	}
	f["deleted"] = false
	return f, nil
}

// Create stores a new agent and its persona version 1 (the first number of
// the agent's sequence).
func (s *Agents) Create(ctx ctxT, a domain.Agent) (domain.Agent, error) {
	if err := requireCompany(a.CompanyID); err != nil {
		return domain.Agent{}, err
	}
	d := toAgentDoc(a)
	d.ID = bson.NewObjectID()
	n, err := mongox.NextNumber(ctx, s.numbers, d.ID.Hex())
	if err != nil {
		return domain.Agent{}, err
	}
	d.PersonaVersion = n
	if _, err := s.coll.InsertOne(ctx, d); err != nil {
		return domain.Agent{}, fmt.Errorf("insert agent: %w", err)
	}
	out := d.domain()
	if err := s.snapshot(ctx, out, a.CreatedBy); err != nil {
		return domain.Agent{}, err
	}
	return out, nil
}

// Get reads a live agent in scope.
func (s *Agents) Get(ctx ctxT, sc domain.Scope, id string) (domain.Agent, error) {
	oid, err := mongox.ParseID(id)
	if err != nil {
		return domain.Agent{}, err
	}
	f, err := liveFilter(sc)
	if err != nil {
		return domain.Agent{}, err
	}
	f["_id"] = oid
	var d agentDoc
	if err := s.coll.FindOne(ctx, f).Decode(&d); err != nil {
		return domain.Agent{}, fmt.Errorf("agent %s: %w", id, mongox.NotFound(err))
	}
	return d.domain(), nil
}

var agentSortFields = map[string]string{"name": "name", "status": "status", "created_at": "created_at", "updated_at": "updated_at"}

// List returns a page of live agents in scope matching f, and the total.
func (s *Agents) List(ctx ctxT, sc domain.Scope, lf domain.AgentFilter, p domain.Page) ([]domain.Agent, int64, error) {
	f, err := liveFilter(sc)
	if err != nil {
		return nil, 0, err
	}
	if len(lf.Statuses) > 0 {
		f["status"] = bson.M{"$in": lf.Statuses}
	}
	if lf.Tag != "" {
		f["tags"] = lf.Tag
	}
	if lf.Q != "" && sc.AllCompanies {
		f["name_lower"] = mongox.PrefixRegex(lf.Q) // across companies: a key range
	} else if lf.Q != "" {
		f["name"] = mongox.ContainsRegex(lf.Q) // one company: a bounded substring scan
	}
	var docs []agentDoc
	total, err := mongox.FindPage(ctx, s.coll, f, mongox.ScopedPage(sc, mongox.ByField(p, agentSortFields, "created_at")), &docs)
	if err != nil {
		return nil, 0, fmt.Errorf("list agents: %w", err)
	}
	out := make([]domain.Agent, 0, len(docs))
	for _, d := range docs {
		out = append(out, d.domain())
	}
	return out, total, nil
}

// Update applies ch to the agent at version (mongox.Versioned: of
// concurrent writers of one version exactly one wins, the others get
// domain.StaleError). A new persona version claims the agent's next
// number (mongox.NextNumber: never handed out twice) only once the writer
// has won its version claim (Versioned.UpdateWith), so numbers follow the
// versions' order and losers spend none; the winner stores the snapshot
// under it.
func (s *Agents) Update(ctx ctxT, sc domain.Scope, id string, version int64, ch domain.AgentChanges) (domain.Agent, error) {
	f, err := liveFilter(sc)
	if err != nil {
		return domain.Agent{}, err
	}
	set := changeSet(ch)
	build := func(ctx ctxT) (bson.M, error) {
		if ch.NewPersonaVersion {
			n, err := mongox.NextNumber(ctx, s.numbers, id)
			if err != nil {
				return nil, err
			}
			set["persona_version"] = n
		}
		return bson.M{"$set": set}, nil
	}
	var d agentDoc
	if err := s.versioned.UpdateWith(ctx, f, id, version, build, &d); err != nil {
		return domain.Agent{}, err
	}
	out := d.domain()
	if ch.NewPersonaVersion {
		// The snapshot is what this writer wrote under its number; the
		// reread may already show a later writer's change.
		written := out
		written.PersonaVersion, written.Persona, written.Model, written.UpdatedAt = set["persona_version"].(int64), *ch.Persona, *ch.Model, ch.UpdatedAt
		if err := s.snapshot(ctx, written, ch.By); err != nil {
			return domain.Agent{}, err
		}
	}
	return out, nil
}

// snapshot stores a's persona and model as its persona version.
func (s *Agents) snapshot(ctx ctxT, a domain.Agent, by string) error {
	v := versionDoc{AgentID: a.ID, CompanyID: a.CompanyID, Number: a.PersonaVersion, Persona: toPersonaDoc(a.Persona),
		Model: modelDoc(a.Model), CreatedBy: by, CreatedAt: a.UpdatedAt}
	if _, err := s.versions.InsertOne(ctx, v); err != nil {
		return fmt.Errorf("insert persona version %d of agent %s: %w", a.PersonaVersion, a.ID, err)
	}
	return nil
}

// changeSet is the $set of a change.
func changeSet(ch domain.AgentChanges) bson.M {
	set := bson.M{"updated_at": ch.UpdatedAt}
	for key, v := range map[string]*string{"name": ch.Name, "description": ch.Description, "status": ch.Status} {
		if v != nil {
			set[key] = *v
		}
	}
	if ch.Name != nil {
		set["name_lower"] = strings.ToLower(*ch.Name)
	}
	if ch.Persona != nil {
		set["persona"] = toPersonaDoc(*ch.Persona)
	}
	if ch.Model != nil {
		set["model"] = modelDoc(*ch.Model)
	}
	if ch.Knowledge != nil {
		set["knowledge"] = toKnowledgeDoc(*ch.Knowledge)
	}
	if ch.TopK != nil {
		set["top_k"] = *ch.TopK
	}
	if ch.Tags != nil {
		set["tags"] = nonNil(*ch.Tags)
	}
	if ch.Deleted {
		set["deleted"] = true
	}
	return set
}

// Versions lists the persona versions of an agent of company sc.
func (s *Agents) Versions(ctx ctxT, sc domain.Scope, agentID string, p domain.Page) ([]domain.PersonaVersion, int64, error) {
	f, err := companyFilter(sc)
	if err != nil {
		return nil, 0, err
	}
	f["agent_id"] = agentID
	var docs []versionDoc
	total, err := mongox.FindPage(ctx, s.versions, f, mongox.ByField(p, map[string]string{"number": "number"}, "number"), &docs)
	if err != nil {
		return nil, 0, fmt.Errorf("list persona versions: %w", err)
	}
	out := make([]domain.PersonaVersion, 0, len(docs))
	for _, d := range docs {
		out = append(out, d.domain())
	}
	return out, total, nil
}

// LiveIDs returns which of ids are live agents of company.
func (s *Agents) LiveIDs(ctx ctxT, company string, ids []string) ([]string, error) {
	return mongox.LiveIDs(ctx, s.coll, company, ids)
}
