package transport

import (
	"context"

	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/pkg/protoconv"
	"github.com/copydesk/copydesk/services/users/internal/domain"
)

// Companies serves CompanyService.
type Companies struct {
	usersv1.UnimplementedCompanyServiceServer
	svc *domain.Service
}

// CreateCompany creates a company.
func (h *Companies) CreateCompany(ctx context.Context, req *usersv1.CreateCompanyRequest) (*usersv1.CreateCompanyResponse, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	c, err := h.svc.CreateCompany(ctx, p, domain.NewCompany{Name: req.GetName(), Description: req.GetDescription(), IsActive: req.IsActive})
	if err != nil {
		return nil, err
	}
	return &usersv1.CreateCompanyResponse{Company: companyPB(c)}, nil
}

// GetCompany reads a company.
func (h *Companies) GetCompany(ctx context.Context, req *usersv1.GetCompanyRequest) (*usersv1.GetCompanyResponse, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	id, err := ids.Parse(req.GetId())
	if err != nil {
		return nil, err
	}
	c, err := h.svc.GetCompany(ctx, p, id)
	if err != nil {
		return nil, err
	}
	return &usersv1.GetCompanyResponse{Company: companyPB(c)}, nil
}

// ListCompanies lists the companies the caller may see.
func (h *Companies) ListCompanies(ctx context.Context, req *usersv1.ListCompaniesRequest) (*usersv1.ListCompaniesResponse, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	f := domain.CompanyFilter{Q: req.GetQ(), IsActive: req.IsActive}
	pg, err := page(req.GetSkip(), req.GetLimit(), req.GetSort(), req.GetOrder(), domain.CompanySorts)
	if err != nil {
		return nil, err
	}
	cs, total, err := h.svc.ListCompanies(ctx, p, f, pg)
	if err != nil {
		return nil, err
	}
	out := &usersv1.ListCompaniesResponse{Data: make([]*usersv1.Company, len(cs)), Total: protoconv.Total(total)}
	for i, c := range cs {
		out.Data[i] = companyPB(c)
	}
	return out, nil
}

// UpdateCompany changes the fields that are set.
func (h *Companies) UpdateCompany(ctx context.Context, req *usersv1.UpdateCompanyRequest) (*usersv1.UpdateCompanyResponse, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	id, err := ids.Parse(req.GetId())
	if err != nil {
		return nil, err
	}
	c, err := h.svc.UpdateCompany(ctx, p, id, domain.CompanyPatch{Name: req.Name, Description: req.Description, IsActive: req.IsActive})
	if err != nil {
		return nil, err
	}
	return &usersv1.UpdateCompanyResponse{Company: companyPB(c)}, nil
}

// DeleteCompany deletes a company without users.
func (h *Companies) DeleteCompany(ctx context.Context, req *usersv1.DeleteCompanyRequest) (*usersv1.DeleteCompanyResponse, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	id, err := ids.Parse(req.GetId())
	if err != nil {
		return nil, err
	}
	c, err := h.svc.DeleteCompany(ctx, p, id)
	if err != nil {
		return nil, err
	}
	return &usersv1.DeleteCompanyResponse{Company: companyPB(c)}, nil
}
