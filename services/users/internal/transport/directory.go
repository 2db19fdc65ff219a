package transport

import (
	"context"

	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/pkg/protoconv"
	"github.com/copydesk/copydesk/services/users/internal/domain"
)

// Directory serves the internal DirectoryService (service callers only).
type Directory struct {
	usersv1.UnimplementedDirectoryServiceServer
	svc *domain.Service
}

// VerifyCredentials checks a login.
func (h *Directory) VerifyCredentials(ctx context.Context, req *usersv1.VerifyCredentialsRequest) (*usersv1.VerifyCredentialsResponse, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	cid, err := ids.ParseOptional(req.GetCompanyId())
	if err != nil {
		return nil, err
	}
	l, err := h.svc.VerifyCredentials(ctx, p, req.GetEmail(), req.GetPassword(), cid)
	if err != nil {
		return nil, err
	}
	return &usersv1.VerifyCredentialsResponse{User: userPB(l.User), LoginShared: l.Shared}, nil
}

// LookupUser reads a user by id across companies.
func (h *Directory) LookupUser(ctx context.Context, req *usersv1.LookupUserRequest) (*usersv1.LookupUserResponse, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	id, err := ids.Parse(req.GetId())
	if err != nil {
		return nil, err
	}
	u, active, err := h.svc.LookupUser(ctx, p, id)
	if err != nil {
		return nil, err
	}
	// credentials_changed_at lets auth end the sessions older than the
	// last password change; it is on this internal answer only.
	return &usersv1.LookupUserResponse{User: userPB(u), CompanyActive: active,
		CredentialsChangedAt: protoconv.TimestampPtr(u.PasswordChangedAt)}, nil
}

// LookupCompany reads a company by id.
func (h *Directory) LookupCompany(ctx context.Context, req *usersv1.LookupCompanyRequest) (*usersv1.LookupCompanyResponse, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	id, err := ids.Parse(req.GetId())
	if err != nil {
		return nil, err
	}
	c, err := h.svc.LookupCompany(ctx, p, id)
	if err != nil {
		return nil, err
	}
	return &usersv1.LookupCompanyResponse{Company: companyPB(c)}, nil
}
