package domain

import (
	"context"
	"errors"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

// Followers lists the followers of a ticket p may see.
func (s *Service) Followers(ctx context.Context, p principal.Principal, id string) ([]string, error) {
	t, _, err := s.get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	return nonNil(t.Followers), nil
}

// Follow adds userID ("" = p) to the followers. Managers may add any
// active user of the ticket's company; others only themselves.
func (s *Service) Follow(ctx context.Context, p principal.Principal, id, userID string) ([]string, error) {
	return s.changeFollower(ctx, p, id, userID, true)
}

// Unfollow removes userID ("" = p) from the followers. Managers may remove
// anyone; others only themselves.
func (s *Service) Unfollow(ctx context.Context, p principal.Principal, id, userID string) ([]string, error) {
	return s.changeFollower(ctx, p, id, userID, false)
}

func (s *Service) changeFollower(ctx context.Context, p principal.Principal, id, userID string, add bool) ([]string, error) {
	if userID == "" {
		userID = p.UserID
	}
	if userID != p.UserID && !isManager(p) {
		return nil, errs.New(errs.ErrPermissionDenied, "You may only change your own following")
	}
	t, sc, err := s.get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if add && userID != p.UserID && !t.Follows(userID) {
		if err := s.checkUser(ctx, t.CompanyID, userID, nil); err != nil {
			return nil, err
		}
	}
	// Follower changes need no version from the caller (set changes
	// commute), but they go through the versioned update like every other
	// write, retried on a concurrent change.
	for try := range followerTries {
		if add == t.Follows(userID) {
			return nonNil(t.Followers), nil
		}
		ch := Changes{UpdatedAt: s.now()}
		c := change{action: "follower_removed", field: "followers", from: userID}
		if add {
			ch.AddFollower = userID
			c = change{action: "follower_added", field: "followers", to: userID}
		} else {
			ch.RemoveFollower = userID
		}
		ch.Events = events(p, ch.UpdatedAt, c)
		nt, err := s.tickets.Update(ctx, sc, t.ID, t.Version, ch)
		if err == nil {
			return nonNil(s.relay(ctx, nt).Followers), nil
		}
		if !errors.Is(err, errs.ErrConflict) {
			return nil, err
		}
		// The winner may not have written its version yet (its claim
		// comes first): give it a moment, longer at each try.
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(time.Duration(try+1) * 10 * time.Millisecond):
		}
		if t, err = s.tickets.Get(ctx, sc, t.ID); err != nil {
			return nil, err
		}
	}
	return nil, errs.New(errs.ErrConflict, "Ticket is changing too fast; retry")
}

// followerTries bounds the retries of a follower change.
const followerTries = 5

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
