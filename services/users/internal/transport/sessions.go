package transport

import (
	"context"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
)

// EndSessions ends a user's access tokens issued before now (auth, on
// logout).
func (h *Directory) EndSessions(ctx context.Context, req *usersv1.EndSessionsRequest) (*usersv1.EndSessionsResponse, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	at, err := h.svc.EndSessions(ctx, p, req.GetUserId())
	if err != nil {
		return nil, err
	}
	return &usersv1.EndSessionsResponse{ValidAfter: timestamppb.New(at)}, nil
}

// ListSessionCutoffs is the feed of session cut-offs the gateway polls.
func (h *Directory) ListSessionCutoffs(ctx context.Context, req *usersv1.ListSessionCutoffsRequest) (*usersv1.ListSessionCutoffsResponse, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	var since time.Time
	if req.GetSince() != nil {
		since = req.GetSince().AsTime()
	}
	cs, err := h.svc.SessionCutoffs(ctx, p, since)
	if err != nil {
		return nil, err
	}
	out := &usersv1.ListSessionCutoffsResponse{Data: make([]*usersv1.SessionCutoff, 0, len(cs))}
	for _, c := range cs {
		out.Data = append(out.Data, &usersv1.SessionCutoff{UserId: c.UserID, ValidAfter: timestamppb.New(c.ValidAfter),
			RecordedAt: timestamppb.New(c.RecordedAt)})
	}
	return out, nil
}
