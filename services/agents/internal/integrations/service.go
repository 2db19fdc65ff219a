package integrations

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/tenancy"
)

// Settings tune the integrations (see README.md).
type Settings struct {
	// ShopifyVersion is the Admin API version pinned by default.
	ShopifyVersion string
	// SyncLease is how long a worker holds one step (one page) of a job;
	// a dead worker's step is taken over after it.
	SyncLease time.Duration
	// PageSize is the products per page (≤ 250).
	PageSize int
	// AllowLoopback lets WordPress sites be http://127.0.0.1 (tests only).
	AllowLoopback bool
}

// URLGuard refuses URLs that point at non-public addresses.
type URLGuard interface {
	CheckURL(ctx context.Context, raw string) error
}

// Deps are the collaborators.
type Deps struct {
	Store     Store
	Jobs      JobStore
	Shopify   Shopify
	WordPress WordPress
	Knowledge Knowledge
	Guard     URLGuard
	Companies tenancy.CompanyLookup
	Settings  Settings
	Log       *slog.Logger
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Service implements the integration use cases.
type Service struct {
	Deps
	owner string
}

// New checks deps and returns the service.
func New(d Deps) (*Service, error) {
	if d.Store == nil || d.Jobs == nil || d.Shopify == nil || d.WordPress == nil || d.Knowledge == nil || d.Guard == nil || d.Companies == nil || d.Log == nil {
		return nil, errors.New("integrations: missing dependency")
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Settings.ShopifyVersion == "" {
		d.Settings.ShopifyVersion = DefaultShopifyVersion
	}
	if d.Settings.SyncLease <= 0 {
		d.Settings.SyncLease = 2 * time.Minute
	}
	if d.Settings.PageSize <= 0 || d.Settings.PageSize > 250 {
		d.Settings.PageSize = 50
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	return &Service{Deps: d, owner: hex.EncodeToString(b[:])}, nil
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Millisecond) }

// adminScope is what p may manage: company admins their company,
// superadmins every company (narrowed by named).
func adminScope(p principal.Principal, named string) (Scope, error) {
	if !p.HasRole(AdminRoles...) {
		return Scope{}, errs.New(errs.ErrPermissionDenied, "Only company admins manage integrations")
	}
	return tenancy.ReadScope(p, AdminRoles, named)
}
