package domain

import (
	"context"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/pkg/principal"
)

// Access tokens are stateless JWTs that live ACCESS_TOKEN_TTL. So that a
// logout, a password change or reset, a deactivation (of the user or of
// its company), a role change or a deletion takes effect for them within seconds (not at their expiry),
// each records a session cut-off: "the user's access tokens issued before
// this time are no longer valid". The gateway polls the cut-offs recorded
// since its last poll (ListSessionCutoffs) and refuses such tokens. The
// cut-offs are an insert-only collection (no update races on FerretDB),
// polled by an indexed recorded_at, and purged after CutoffRetention.

// Cutoff is one session cut-off.
type Cutoff struct {
	UserID     string
	ValidAfter time.Time
	RecordedAt time.Time
}

// CutoffRetention is how long cut-offs are kept: longer than any access
// token lives (a gateway starting up reads this far back).
const CutoffRetention = 24 * time.Hour

// maxCutoffs bounds one page of the feed.
const maxCutoffs = 1000

// cutSessions records a cut-off of userID at now.
func (s *Service) cutSessions(ctx context.Context, userID string, now time.Time) error {
	return s.users.AddCutoff(ctx, userID, now)
}

// cutCompany records a cut-off for every user of a company.
func (s *Service) cutCompany(ctx context.Context, companyID string, now time.Time) error {
	for skip := int64(0); ; skip += maxCutoffs {
		us, _, err := s.users.ListUsers(ctx, InCompany(companyID), UserFilter{}, Page{Skip: skip, Limit: maxCutoffs, Sort: "created_at"})
		if err != nil {
			return err
		}
		for _, u := range us {
			if err := s.cutSessions(ctx, u.ID, now); err != nil {
				return err
			}
		}
		if len(us) < maxCutoffs {
			return nil
		}
	}
}

// EndSessions ends userID's access tokens issued before now (auth, on
// logout). Services only.
func (s *Service) EndSessions(ctx context.Context, p principal.Principal, userID string) (time.Time, error) {
	if !p.IsService() {
		return time.Time{}, forbidden()
	}
	id, err := ids.Parse(userID)
	if err != nil {
		return time.Time{}, err
	}
	now := s.nowUTC()
	return now, s.cutSessions(ctx, id, now)
}

// SessionCutoffs lists the cut-offs recorded at or after since (the
// gateway, with the edge role of its certificate). Services and the edge
// only.
func (s *Service) SessionCutoffs(ctx context.Context, p principal.Principal, since time.Time) ([]Cutoff, error) {
	if !p.HasRole(principal.RoleService, principal.RoleEdge) {
		return nil, forbidden()
	}
	if since.IsZero() {
		return nil, errs.New(errs.ErrBadRequest, "since is required")
	}
	return s.users.CutoffsSince(ctx, since, maxCutoffs)
}

// PurgeCutoffs deletes cut-offs older than CutoffRetention (periodic job).
func (s *Service) PurgeCutoffs(ctx context.Context) (int64, error) {
	return s.users.PurgeCutoffs(ctx, s.nowUTC().Add(-CutoffRetention))
}
