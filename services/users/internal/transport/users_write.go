package transport

import (
	"context"

	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
	"github.com/copydesk/copydesk/pkg/grpcserver"
	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/services/users/internal/domain"
)

// CreateUser creates a user.
func (h *Users) CreateUser(ctx context.Context, req *usersv1.CreateUserRequest) (*usersv1.CreateUserResponse, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	cid, err := ids.ParseOptional(req.GetCompanyId())
	if err != nil {
		return nil, err
	}
	u, err := h.svc.CreateUser(ctx, p, domain.NewUser{
		Email: req.GetEmail(), FullName: req.GetFullName(), Role: req.GetRole(), Password: req.GetPassword(),
		CompanyID: cid, IsActive: req.IsActive, Username: req.GetUsername(),
	})
	if err != nil {
		return nil, err
	}
	return &usersv1.CreateUserResponse{User: userPB(u)}, nil
}

// UpdateUser changes the fields that are set.
func (h *Users) UpdateUser(ctx context.Context, req *usersv1.UpdateUserRequest) (*usersv1.UpdateUserResponse, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	id, err := userID(p, req.GetId())
	if err != nil {
		return nil, err
	}
	u, err := h.svc.UpdateUser(ctx, p, id, domain.UserPatch{
		Email: req.Email, Username: req.Username, FullName: req.FullName, Role: req.Role, IsActive: req.IsActive, Password: req.Password,
	})
	if err != nil {
		return nil, err
	}
	return &usersv1.UpdateUserResponse{User: userPB(u)}, nil
}

// DeleteUser soft-deletes a user.
func (h *Users) DeleteUser(ctx context.Context, req *usersv1.DeleteUserRequest) (*usersv1.DeleteUserResponse, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	id, err := userID(p, req.GetId())
	if err != nil {
		return nil, err
	}
	u, err := h.svc.DeleteUser(ctx, p, id)
	if err != nil {
		return nil, err
	}
	return &usersv1.DeleteUserResponse{User: userPB(u)}, nil
}

// ChangePassword changes the caller's own password.
func (h *Users) ChangePassword(ctx context.Context, req *usersv1.ChangePasswordRequest) (*usersv1.ChangePasswordResponse, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	if err := h.svc.ChangePassword(ctx, p, grpcserver.ClientAddr(ctx), req.GetCurrentPassword(), req.GetNewPassword()); err != nil {
		return nil, err
	}
	return &usersv1.ChangePasswordResponse{}, nil
}
