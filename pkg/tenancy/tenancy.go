// Package tenancy owns the tenant rules every service applies to a
// company's data, so they are written once:
//   - TargetCompany: the company a new object belongs to — the caller's own,
//     or, for a superadmin only, a named company that exists and is active;
//   - Scope and ScopeOf: whose data a read or write may touch (every company
//     for a superadmin, the own company otherwise, never "all" by default),
//     and Scope.Within for a list's company_id filter;
//   - Directory, Account and Company: the users service as domains see it
//     (pkg/directory adapts the gRPC client; tenancytest fakes it).
//
// It imports no database or transport code.
package tenancy

import (
	"context"
	"errors"
	"fmt"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/pkg/principal"
)

// CompanyLookup reports whether the company id is active; it returns
// errs.ErrNotFound for an unknown company (the users service's internal
// DirectoryService.LookupCompany, called with a service identity).
type CompanyLookup func(ctx context.Context, id string) (active bool, err error)

// TargetCompany is the company a new object goes to. An empty name or the
// caller's own company needs no lookup. Anyone but a superadmin or a
// service (another Copydesk service on nobody's behalf — only RPCs whose
// policy admits the service role see one, e.g. knowledge's Ingest for the
// Shopify sync) naming another company gets 403; a superadmin or service
// naming a malformed id, an unknown or a suspended company gets 422 on
// company_id. A service must name one.
func TargetCompany(ctx context.Context, p principal.Principal, named string, lookup CompanyLookup) (string, error) {
	switch {
	case named == "" || named == p.CompanyID:
		if p.CompanyID == "" {
			return "", errs.ErrPermissionDenied
		}
		return p.CompanyID, nil
	case !p.IsSuperadmin() && !p.IsService():
		return "", errs.New(errs.ErrPermissionDenied, "Only a superadmin may act for another company")
	}
	var v errs.Validator
	if !ids.Valid(named) {
		v.Add("company_id", "value_error", "company_id must be a company id (24 hexadecimal characters)")
		return "", v.Err()
	}
	active, err := lookup(ctx, named)
	switch {
	case errors.Is(err, errs.ErrNotFound):
		v.Add("company_id", "not_found", "No company has this id")
	case err != nil:
		return "", fmt.Errorf("check company: %w", err)
	case !active:
		v.Add("company_id", "inactive", "The company is suspended")
	}
	if err := v.Err(); err != nil {
		return "", err
	}
	return named, nil
}
