// Package tenancytest is an in-memory users service for domain tests: a
// tenancy.Directory of accounts and companies, safe for concurrent use.
package tenancytest

import (
	"context"
	"sync"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/tenancy"
)

// Directory is a fake tenancy.Directory.
type Directory struct {
	mu        sync.Mutex
	accounts  map[string]tenancy.Account
	companies map[string]bool // id → active
}

var _ tenancy.Directory = (*Directory)(nil)

// NewDirectory returns an empty directory.
func NewDirectory() *Directory {
	return &Directory{accounts: map[string]tenancy.Account{}, companies: map[string]bool{}}
}

// AddCompany registers (or suspends, active false) a company.
func (d *Directory) AddCompany(id string, active bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.companies[id] = active
}

// AddUser registers p as an active account of its role in its company,
// and the company as active.
func (d *Directory) AddUser(p principal.Principal) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.companies[p.CompanyID] = true
	d.accounts[p.UserID] = tenancy.Account{ID: p.UserID, CompanyID: p.CompanyID, Role: p.Role, Active: true, CompanyActive: true}
}

// LookupUser returns errs.ErrNotFound for an unknown user.
func (d *Directory) LookupUser(_ context.Context, id string) (tenancy.Account, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	a, ok := d.accounts[id]
	if !ok {
		return tenancy.Account{}, errs.ErrNotFound
	}
	return a, nil
}

// LookupCompany returns errs.ErrNotFound for an unknown company.
func (d *Directory) LookupCompany(_ context.Context, id string) (tenancy.Company, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	active, ok := d.companies[id]
	if !ok {
		return tenancy.Company{}, errs.ErrNotFound
	}
	return tenancy.Company{ID: id, Active: active}, nil
}
