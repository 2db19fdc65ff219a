package domain

import (
	"context"
	"sync"
	"time"
)

// budgetTTL is how long a replica admits calls on a budget it read: an
// edit made on this replica applies at once (UpdateBudget drops the
// entry), one made on another replica within budgetTTL. Budgets are soft
// limits set by an admin, so a second of lag is not noticeable, while
// reading the budget on every call put a database round trip before each
// embedding and each completion (twice per agent chat).
const budgetTTL = time.Second

// budgetCache keeps, per company, the budget admission last read, for
// budgetTTL. An entry read while an edit of this replica ran is not
// kept: drop bumps the generation and put refuses reads that started
// before it, so a read racing an update never outlives it.
type budgetCache struct {
	mu  sync.Mutex
	gen uint64
	m   map[string]cachedBudget
}

type cachedBudget struct {
	b       Budget
	expires time.Time
}

// get returns the company's budget, from the cache while it is fresh, else
// read (and kept).
func (c *budgetCache) get(ctx context.Context, companyID string, now time.Time, read func(context.Context, string) (Budget, error)) (Budget, error) {
	c.mu.Lock()
	e, ok := c.m[companyID]
	gen := c.gen
	c.mu.Unlock()
	if ok && now.Before(e.expires) {
		return e.b, nil
	}
	b, err := read(ctx, companyID)
	if err != nil {
		return Budget{}, err
	}
	c.mu.Lock()
	if c.gen == gen {
		if c.m == nil {
			c.m = map[string]cachedBudget{}
		}
		c.m[companyID] = cachedBudget{b: b, expires: now.Add(budgetTTL)}
	}
	c.mu.Unlock()
	return b, nil
}

// drop forgets the company's budget (it changed on this replica).
func (c *budgetCache) drop(companyID string) {
	c.mu.Lock()
	c.gen++
	delete(c.m, companyID)
	c.mu.Unlock()
}
