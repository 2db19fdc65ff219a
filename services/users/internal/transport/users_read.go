package transport

import (
	"context"

	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/protoconv"
	"github.com/copydesk/copydesk/services/users/internal/domain"
)

// Users serves UserService.
type Users struct {
	usersv1.UnimplementedUserServiceServer
	svc *domain.Service
}

// userID parses a user id; "me" names the caller.
func userID(p principal.Principal, id string) (string, error) {
	if id == "me" {
		return ids.Parse(p.UserID)
	}
	return ids.Parse(id)
}

// GetUser reads one user.
func (h *Users) GetUser(ctx context.Context, req *usersv1.GetUserRequest) (*usersv1.GetUserResponse, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	id, err := userID(p, req.GetId())
	if err != nil {
		return nil, err
	}
	u, err := h.svc.GetUser(ctx, p, id)
	if err != nil {
		return nil, err
	}
	return &usersv1.GetUserResponse{User: userPB(u)}, nil
}

// ListUsers lists the users the caller may see.
func (h *Users) ListUsers(ctx context.Context, req *usersv1.ListUsersRequest) (*usersv1.ListUsersResponse, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	f := domain.UserFilter{Role: req.GetRole(), IsActive: req.IsActive, Q: req.GetQ()}
	if p.IsSuperadmin() { // others' company_id is ignored: they see their own company
		if f.CompanyID, err = ids.ParseOptional(req.GetCompanyId()); err != nil {
			return nil, err
		}
	}
	pg, err := page(req.GetSkip(), req.GetLimit(), req.GetSort(), req.GetOrder(), domain.UserSorts)
	if err != nil {
		return nil, err
	}
	us, total, err := h.svc.ListUsers(ctx, p, f, pg)
	if err != nil {
		return nil, err
	}
	out := &usersv1.ListUsersResponse{Data: make([]*usersv1.User, len(us)), Total: protoconv.Total(total)}
	for i, u := range us {
		out.Data[i] = userPB(u)
	}
	return out, nil
}
