package edge

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

// Cutoffs keeps, per user, the latest session cut-off the users service
// recorded (logout, password change or reset, deactivation, role change,
// deletion: services/users/internal/domain/sessions.go) and refuses the
// access tokens issued before it. It polls ListSessionCutoffs every
// interval for what was recorded since its last poll, so such a change
// takes effect at the edge within about one interval (1s by default),
// not at the token's expiry.
//
// The feed's cursor is the recording time; each poll re-reads an overlap
// (cutoffOverlap) so that a cut-off recorded by another users replica
// with a slightly late clock, or committed a little after a later one,
// is not skipped (re-reading is harmless: the map keeps the latest).
// If the users service cannot be reached, the edge keeps the cut-offs it
// has and logs the failure: tokens keep working as before the outage.
type Cutoffs struct {
	client   usersv1.DirectoryServiceClient
	interval time.Duration
	lookback time.Duration
	log      *slog.Logger

	mu     sync.RWMutex
	m      map[string]time.Time
	since  time.Time
	failed bool
}

// cutoffOverlap is how far back each poll re-reads.
const cutoffOverlap = 5 * time.Second

// NewCutoffs polls client (a DirectoryService client that carries the
// gateway's service credential) every interval; at start it reads the
// cut-offs of the last lookback (at least the access token lifetime).
func NewCutoffs(client usersv1.DirectoryServiceClient, interval, lookback time.Duration, log *slog.Logger) *Cutoffs {
	return &Cutoffs{client: client, interval: interval, lookback: lookback, log: log, m: map[string]time.Time{},
		since: time.Now().Add(-lookback)}
}

// Run polls until ctx is done.
func (c *Cutoffs) Run(ctx context.Context) {
	t := time.NewTicker(c.interval)
	defer t.Stop()
	for {
		err := c.Poll(ctx)
		switch {
		case err != nil && ctx.Err() == nil && !c.failed:
			c.log.WarnContext(ctx, "session cut-offs not refreshed; keeping the known ones", "error", err.Error())
			c.failed = true
		case err == nil && c.failed:
			c.log.InfoContext(ctx, "session cut-offs refreshed again")
			c.failed = false
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Poll reads the cut-offs recorded since the last poll (less the overlap).
func (c *Cutoffs) Poll(ctx context.Context) error {
	since := c.since
	for {
		resp, err := c.client.ListSessionCutoffs(ctx, &usersv1.ListSessionCutoffsRequest{Since: timestamppb.New(since)})
		if err != nil {
			return err
		}
		c.mu.Lock()
		for _, co := range resp.GetData() {
			if at := co.GetValidAfter().AsTime(); at.After(c.m[co.GetUserId()]) {
				c.m[co.GetUserId()] = at
			}
			if r := co.GetRecordedAt().AsTime(); r.After(since) {
				since = r
			}
		}
		c.mu.Unlock()
		if len(resp.GetData()) < 1000 { // the last page (the feed's page size)
			break
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.since = since.Add(-cutoffOverlap)
	if floor := time.Now().Add(-c.lookback); c.since.Before(floor) {
		c.since = floor
	}
	for u, at := range c.m { // older cut-offs outlive every token they ended
		if at.Before(time.Now().Add(-c.lookback)) {
			delete(c.m, u)
		}
	}
	return nil
}

// Ended reports whether p's token was issued before its user's cut-off
// (to the millisecond: authn's iat_ms). The two times come from different
// processes (auth issues, users records), so clocks skewed by d may let a
// token issued up to d before the cut-off through, or refuse one issued up
// to d after it (refresh again).
func (c *Cutoffs) Ended(p principal.Principal) bool {
	c.mu.RLock()
	at, ok := c.m[p.UserID]
	c.mu.RUnlock()
	return ok && p.IssuedAt.Before(at)
}

// cutVerifier refuses the tokens whose session was cut off.
type cutVerifier struct {
	Verifier
	cut *Cutoffs
}

func (v cutVerifier) Verify(token string) (principal.Principal, error) {
	p, err := v.Verifier.Verify(token)
	if err == nil && v.cut.Ended(p) {
		return principal.Principal{}, errs.New(errs.ErrUnauthenticated, "Could not validate credentials")
	}
	return p, err
}
