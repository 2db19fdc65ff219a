package domain

import (
	"context"
	"sync"
	"time"
)

// settleDelay bounds how late a usage record can be written after its
// created_at: records are written when a call ends, stamped with that
// moment, so everything older than settleDelay is final.
const settleDelay = 2 * time.Minute

// spendCache makes the month-to-date check cheap. Summing a whole month of
// usage on every call grows with the month (MongoDB walks the index range,
// FerretDB the collection); instead each replica keeps, per company, the sum
// of the settled part of the month (before a cut-off settleDelay ago) and
// only sums what was recorded since the cut-off. The answer is the same as
// a full sum; the cache never has to be invalidated because settled records
// never change.
type spendCache struct {
	mu sync.Mutex
	m  map[string]spendEntry
}

type spendEntry struct {
	month time.Time // first instant of the month the entry covers
	cut   time.Time // the settled sum covers [month, cut)
	base  int64
	// recent is the sum from cut on as read at readAt; it is used for
	// spendFresh, so a busy company costs one read a second, not one a
	// call (the first token of a chat waited for two of them).
	recent int64
	readAt time.Time
}

// spendFresh is how long a replica uses a month-to-date sum it read: a
// company can overspend its budget by what it spends in that second
// (budgets are soft anyway: calls running when it is reached finish and
// are billed).
const spendFresh = time.Second

// monthToDate returns the company's spend since the start of now's month,
// as read within spendFresh (admission).
func (c *spendCache) monthToDate(ctx context.Context, st Store, companyID string, now time.Time) (int64, error) {
	return c.sum(ctx, st, companyID, now, true)
}

// monthToDateNow reads the spend afresh (the budget status a user reads).
func (c *spendCache) monthToDateNow(ctx context.Context, st Store, companyID string, now time.Time) (int64, error) {
	return c.sum(ctx, st, companyID, now, false)
}

// added counts a call this replica just recorded into the sum it holds, so
// its own spending is seen at once.
func (c *spendCache) added(companyID string, costMicros int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[companyID]; ok && !e.readAt.IsZero() {
		e.recent += costMicros
		c.m[companyID] = e
	}
}

func (c *spendCache) sum(ctx context.Context, st Store, companyID string, now time.Time, cached bool) (int64, error) {
	month := monthStart(now)
	c.mu.Lock()
	e, ok := c.m[companyID]
	c.mu.Unlock()
	if !ok || !e.month.Equal(month) {
		e = spendEntry{month: month, cut: month}
	}
	if cached && !e.readAt.IsZero() && now.Sub(e.readAt) < spendFresh && !now.Before(e.readAt) {
		return e.base + e.recent, nil
	}
	if cut := now.Add(-settleDelay); cut.After(e.cut) {
		settled, err := st.SpendBetween(ctx, companyID, e.cut, cut)
		if err != nil {
			return 0, err
		}
		e.base, e.cut = e.base+settled, cut
		c.mu.Lock()
		if cur, ok := c.m[companyID]; !ok || cur.month.Before(e.month) || cur.cut.Before(e.cut) {
			c.m[companyID] = e
		}
		c.mu.Unlock()
	}
	// The open end reaches past now for records stamped by a replica whose
	// clock runs a little ahead.
	recent, err := st.SpendBetween(ctx, companyID, e.cut, now.Add(time.Hour))
	if err != nil {
		return 0, err
	}
	if cached {
		e.recent, e.readAt = recent, now
		c.mu.Lock()
		if cur, ok := c.m[companyID]; !ok || !cur.cut.After(e.cut) {
			c.m[companyID] = e
		}
		c.mu.Unlock()
	}
	return e.base + recent, nil
}
