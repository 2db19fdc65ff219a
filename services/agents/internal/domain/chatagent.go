package domain

import (
	"context"
	"slices"
	"sync"

	"github.com/copydesk/copydesk/pkg/errs"
)

// maxSeenAgents bounds the retrieval hints a replica keeps (a few hundred
// bytes each).
const maxSeenAgents = 10_000

// seenAgents keeps, per agent id, what this replica last read of the
// agent's retrieval: its company, top_k and knowledge scope. It is only a
// hint to start retrieving before the agent is read; nothing is answered
// from it (chatAgent), so it needs no expiry or invalidation across
// replicas.
type seenAgents struct {
	mu sync.Mutex
	m  map[string]SearchQuery
}

func (c *seenAgents) get(id string) (SearchQuery, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	q, ok := c.m[id]
	return q, ok
}

func (c *seenAgents) put(id string, q SearchQuery) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]SearchQuery{}
	}
	if _, ok := c.m[id]; !ok && len(c.m) >= maxSeenAgents {
		for k := range c.m { // drop one at random
			delete(c.m, k)
			break
		}
	}
	c.m[id] = q
}

func (c *seenAgents) drop(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, id)
}

// chatAgent reads the agent of a chat (in sc, active) and starts
// retrieving its knowledge for msg; the function it returns waits for the
// chunks. The agent is read from the store on every chat, so an edit,
// archiving or deletion applies to the very next one on any replica. When
// this replica has read the agent before (seenAgents), the retrieval
// starts at once with the scope it had then, beside the read, and is kept
// only if the agent read retrieves exactly the same (company, top_k,
// tags, sources, own chunks); otherwise it is cancelled and retrieval
// starts again with the agent as read. A hint of a company outside sc is
// never used.
func (s *Service) chatAgent(ctx context.Context, sc Scope, id, msg string) (Agent, func() ([]Chunk, error), error) {
	var early func() ([]Chunk, error)
	hint, ok := s.seen.get(id)
	if _, inScope := sc.Within(hint.CompanyID); ok && inScope {
		ectx, cancel := context.WithCancel(ctx)
		q := hint
		q.Query = msg
		search := async(func() ([]Chunk, error) { return s.search(ectx, q) })
		early = func() ([]Chunk, error) {
			defer cancel()
			return search()
		}
		defer func() {
			if early != nil { // not kept
				cancel()
				_, _ = early()
			}
		}()
	}
	agent, err := s.agents.Get(ctx, sc, id)
	if err == nil && agent.Status != StatusActive {
		err = errs.New(errs.ErrConflict, "Agent is archived")
	}
	if err != nil {
		s.seen.drop(id)
		return Agent{}, nil, err
	}
	q := searchQuery(agent, "")
	s.seen.put(agent.ID, q)
	if early != nil && sameSearch(hint, q) {
		kept := early
		early = nil
		return agent, kept, nil
	}
	q.Query = msg
	return agent, async(func() ([]Chunk, error) { return s.search(ctx, q) }), nil
}

// searchQuery is the search of the agent's knowledge for query: its
// company, top_k, tags and sources, and its own chunks when it uses them.
func searchQuery(agent Agent, query string) SearchQuery {
	q := SearchQuery{CompanyID: agent.CompanyID, Query: query, TopK: agent.TopK, Tags: agent.Knowledge.Tags, SourceIDs: agent.Knowledge.SourceIDs}
	if agent.Knowledge.UseAgentChunks {
		q.AgentID = agent.ID
	}
	return q
}

func sameSearch(a, b SearchQuery) bool {
	return a.CompanyID == b.CompanyID && a.Query == b.Query && a.TopK == b.TopK && a.AgentID == b.AgentID &&
		slices.Equal(a.Tags, b.Tags) && slices.Equal(a.SourceIDs, b.SourceIDs)
}
