package domain

import (
	"context"
	"fmt"
	"strings"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

const msgCompanyNameTaken = "Company name already exists"

// CreateCompany creates a company (superadmin).
func (s *Service) CreateCompany(ctx context.Context, p principal.Principal, in NewCompany) (Company, error) {
	if !p.IsSuperadmin() {
		return Company{}, forbidden()
	}
	name := strings.TrimSpace(in.Name)
	var v errs.Validator
	checkName(&v, "name", name)
	v.Check(len([]rune(in.Description)) <= MaxDescLen, "description", "string_too_long", "must be at most %d characters", MaxDescLen)
	if err := v.Err(); err != nil {
		return Company{}, err
	}
	lower := strings.ToLower(name)
	if taken, err := s.companies.CompanyNameTaken(ctx, lower, ""); err != nil {
		return Company{}, err
	} else if taken {
		return Company{}, conflict(msgCompanyNameTaken)
	}
	now := s.nowUTC()
	c := Company{Name: name, NameLower: lower, Description: in.Description, IsActive: true, CreatedAt: now, UpdatedAt: now}
	if in.IsActive != nil {
		c.IsActive = *in.IsActive
	}
	if err := s.companies.CreateCompany(ctx, &c); err != nil {
		return Company{}, err
	}
	return c, nil
}

// GetCompany reads a company: a superadmin any, a company_admin its own
// (another company's id is 404), others are refused.
func (s *Service) GetCompany(ctx context.Context, p principal.Principal, id string) (Company, error) {
	switch {
	case p.IsSuperadmin():
	case p.Role == principal.RoleCompanyAdmin:
		if id != p.CompanyID {
			return Company{}, errs.ErrNotFound
		}
	default:
		return Company{}, forbidden()
	}
	return s.companies.GetCompany(ctx, id)
}

// ListCompanies lists companies: all for a superadmin, its own for a
// company_admin.
func (s *Service) ListCompanies(ctx context.Context, p principal.Principal, f CompanyFilter, pg Page) ([]Company, int64, error) {
	switch {
	case p.IsSuperadmin():
		f.OnlyID = ""
	case p.Role == principal.RoleCompanyAdmin && p.CompanyID != "":
		f.OnlyID = p.CompanyID
	default:
		return nil, 0, forbidden()
	}
	return s.companies.ListCompanies(ctx, f, pg)
}

// UpdateCompany changes a company (superadmin). The system company cannot
// be deactivated; names stay unique case-insensitively.
func (s *Service) UpdateCompany(ctx context.Context, p principal.Principal, id string, patch CompanyPatch) (Company, error) {
	if !p.IsSuperadmin() {
		return Company{}, companyWriteDenied(p, id)
	}
	var v errs.Validator
	if patch.Name != nil {
		n := strings.TrimSpace(*patch.Name)
		patch.Name = &n
		checkName(&v, "name", n)
	}
	if patch.Description != nil {
		v.Check(len([]rune(*patch.Description)) <= MaxDescLen, "description", "string_too_long", "must be at most %d characters", MaxDescLen)
	}
	if err := v.Err(); err != nil {
		return Company{}, err
	}
	cur, err := s.companies.GetCompany(ctx, id)
	if err != nil {
		return Company{}, err
	}
	if cur.IsSystem && patch.IsActive != nil && !*patch.IsActive {
		return Company{}, conflict("The system company cannot be deactivated")
	}
	if patch.Name != nil {
		lower := strings.ToLower(*patch.Name)
		patch.NameLower = &lower
		taken, err := s.companies.CompanyNameTaken(ctx, lower, id)
		if err != nil {
			return Company{}, err
		}
		if taken {
			return Company{}, conflict(msgCompanyNameTaken)
		}
	}
	patch.UpdatedAt = s.nowUTC()
	c, err := s.companies.UpdateCompany(ctx, id, patch)
	if err != nil {
		return Company{}, err
	}
	if patch.IsActive != nil && !*patch.IsActive && cur.IsActive {
		// a deactivated company's people are out within seconds
		if err := s.cutCompany(ctx, id, patch.UpdatedAt); err != nil {
			return Company{}, err
		}
	}
	return c, nil
}

// DeleteCompany deletes a company that has no users left (superadmin). The
// system company cannot be deleted.
func (s *Service) DeleteCompany(ctx context.Context, p principal.Principal, id string) (Company, error) {
	if !p.IsSuperadmin() {
		return Company{}, companyWriteDenied(p, id)
	}
	c, err := s.companies.GetCompany(ctx, id)
	if err != nil {
		return Company{}, err
	}
	if c.IsSystem {
		return Company{}, conflict("The system company cannot be deleted")
	}
	n, err := s.users.CountUsers(ctx, id)
	if err != nil {
		return Company{}, fmt.Errorf("count users of company: %w", err)
	}
	if n > 0 {
		return Company{}, conflict("Company still has users")
	}
	if err := s.companies.DeleteCompany(ctx, id); err != nil {
		return Company{}, err
	}
	return c, nil
}

// companyWriteDenied answers a non-superadmin's change to a company: a
// company_admin gets 404 for a company it cannot see (never revealing that
// it exists) and 403 for its own; other roles may not use companies at all.
func companyWriteDenied(p principal.Principal, id string) error {
	if p.Role == principal.RoleCompanyAdmin && id != p.CompanyID {
		return errs.ErrNotFound
	}
	return forbidden()
}
