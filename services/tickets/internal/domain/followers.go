package domain

import (
	"context"

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
	if add == t.Follows(userID) {
		return nonNil(t.Followers), nil
	}
	if add && userID != p.UserID {
		if err := s.checkUser(ctx, t.CompanyID, userID, nil); err != nil {
			return nil, err
		}
	}
	var nt Ticket
	action := "follower_added"
	if add {
		nt, err = s.tickets.AddFollower(ctx, sc, t.ID, userID, s.now())
	} else {
		action = "follower_removed"
		nt, err = s.tickets.RemoveFollower(ctx, sc, t.ID, userID, s.now())
	}
	if err != nil {
		return nil, err
	}
	c := change{action: action, field: "followers"}
	if add {
		c.to = userID
	} else {
		c.from = userID
	}
	s.record(ctx, p, nt, c)
	return nonNil(nt.Followers), nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
