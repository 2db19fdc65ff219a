package integrations

import (
	"context"
	"strings"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/tenancy"
)

// Create connects a Shopify shop or a WordPress site.
func (s *Service) Create(ctx context.Context, p principal.Principal, in Input) (Integration, error) {
	if !p.HasRole(AdminRoles...) {
		return Integration{}, errs.New(errs.ErrPermissionDenied, "Only company admins manage integrations")
	}
	company, err := tenancy.TargetCompany(ctx, p, in.CompanyID, s.Companies)
	if err != nil {
		return Integration{}, err
	}
	var v errs.Validator
	in.Name = strings.TrimSpace(in.Name)
	v.Check(len(in.Name) <= maxName, "name", "string_too_long", "name must be at most %d characters", maxName)
	now := s.now()
	it := Integration{CompanyID: company, Kind: in.Kind, Name: in.Name, Active: in.Active == nil || *in.Active, HasSecret: true, CreatedAt: now, UpdatedAt: now}
	switch in.Kind {
	case KindShopify:
		it.ShopDomain = strings.ToLower(strings.TrimSpace(in.ShopDomain))
		validShop(&v, it.ShopDomain)
		it.APIVersion = in.APIVersion
		if it.APIVersion == "" {
			it.APIVersion = s.Settings.ShopifyVersion
		}
		validVersion(&v, it.APIVersion)
		validSync(&v, in.SyncMinutes)
		validSecret(&v, "access_token", in.Secret)
		v.Check(in.SiteURL == "" && in.Username == "", "site_url", "value_error", "site_url and username belong to wordpress connections")
		it.SyncMinutes = in.SyncMinutes
		if it.SyncMinutes > 0 {
			it.NextSyncAt = now // the first scheduled sync runs at once
		}
		if it.Name == "" {
			it.Name = it.ShopDomain
		}
	case KindWordPress:
		it.SiteURL = s.checkSite(ctx, &v, in.SiteURL)
		it.Username = strings.TrimSpace(in.Username)
		v.Check(it.Username != "" && len(it.Username) <= maxUsername, "username", "value_error", "username is required (at most %d characters)", maxUsername)
		validSecret(&v, "application_password", in.Secret)
		v.Check(in.ShopDomain == "" && in.SyncMinutes == 0 && in.APIVersion == "", "shop_domain", "value_error",
			"shop_domain, api_version and sync_interval_minutes belong to shopify connections")
		if it.Name == "" {
			it.Name = it.SiteURL
		}
	default:
		v.Add("kind", "literal_error", "kind must be shopify or wordpress")
	}
	if err := v.Err(); err != nil {
		return Integration{}, err
	}
	return s.Store.Create(ctx, it, in.Secret)
}

// Get reads a connection.
func (s *Service) Get(ctx context.Context, p principal.Principal, id string) (Integration, error) {
	sc, err := adminScope(p, "")
	if err != nil {
		return Integration{}, err
	}
	return s.Store.Get(ctx, sc, id)
}

// List pages the connections in reach.
func (s *Service) List(ctx context.Context, p principal.Principal, company, kind string, pg Page) ([]Integration, int64, error) {
	sc, err := adminScope(p, company)
	if err != nil {
		return nil, 0, err
	}
	if kind != "" && kind != KindShopify && kind != KindWordPress {
		var v errs.Validator
		v.Add("kind", "literal_error", "kind must be shopify or wordpress")
		return nil, 0, v.Err()
	}
	return s.Store.List(ctx, sc, kind, pg)
}

// Update changes the fields that are set; fields of the other kind are
// 422, and a new site URL is checked like on create. A new site_url or
// shop_domain is 422 unless the secret is sent with it.
func (s *Service) Update(ctx context.Context, p principal.Principal, id string, ch Changes) (Integration, error) {
	sc, err := adminScope(p, "")
	if err != nil {
		return Integration{}, err
	}
	cur, err := s.Store.Get(ctx, sc, id)
	if err != nil {
		return Integration{}, err
	}
	var v errs.Validator
	if ch.Name != nil {
		*ch.Name = strings.TrimSpace(*ch.Name)
		v.Check(*ch.Name != "" && len(*ch.Name) <= maxName, "name", "value_error", "name must be 1 to %d characters", maxName)
	}
	shopify := cur.Kind == KindShopify
	// The record as read (React Admin's PUT) carries the other kind's
	// fields empty: that is no change.
	blank := func(p **string) {
		if *p != nil && **p == "" {
			*p = nil
		}
	}
	if shopify {
		blank(&ch.SiteURL)
		blank(&ch.Username)
	} else {
		blank(&ch.ShopDomain)
		blank(&ch.APIVersion)
		if ch.SyncMinutes != nil && *ch.SyncMinutes == 0 {
			ch.SyncMinutes = nil
		}
	}
	other := func(field string, set bool) {
		v.Check(!set, field, "value_error", "%s does not belong to a %s connection", field, cur.Kind)
	}
	other("shop_domain", !shopify && ch.ShopDomain != nil)
	other("api_version", !shopify && ch.APIVersion != nil)
	other("sync_interval_minutes", !shopify && ch.SyncMinutes != nil)
	other("site_url", shopify && ch.SiteURL != nil)
	other("username", shopify && ch.Username != nil)
	if ch.ShopDomain != nil {
		*ch.ShopDomain = strings.ToLower(strings.TrimSpace(*ch.ShopDomain))
		validShop(&v, *ch.ShopDomain)
	}
	if ch.APIVersion != nil {
		validVersion(&v, *ch.APIVersion)
	}
	if ch.SyncMinutes != nil {
		validSync(&v, *ch.SyncMinutes)
		if *ch.SyncMinutes > 0 {
			next := s.now().Add(time.Duration(*ch.SyncMinutes) * time.Minute)
			if cur.SyncMinutes == 0 || cur.NextSyncAt.IsZero() {
				next = s.now()
			}
			ch.NextSyncAt = &next
		}
	}
	if ch.Secret != nil {
		field := "access_token"
		if !shopify {
			field = "application_password"
		}
		validSecret(&v, field, *ch.Secret)
	}
	if ch.Username != nil {
		*ch.Username = strings.TrimSpace(*ch.Username)
		v.Check(*ch.Username != "" && len(*ch.Username) <= maxUsername, "username", "value_error", "username is required (at most %d characters)", maxUsername)
	}
	if ch.SiteURL != nil && !shopify {
		site := s.checkSite(ctx, &v, *ch.SiteURL)
		ch.SiteURL = &site
	}
	// The stored credential goes only to the target it was given for: a
	// new site or shop needs it sent again, or an admin could point the
	// connection at a host of theirs and have /test send it there.
	if ch.Secret == nil {
		switch {
		case !shopify && ch.SiteURL != nil && *ch.SiteURL != cur.SiteURL:
			v.Add("application_password", "missing", "application_password must be sent again when site_url changes: the stored one is never sent to another site")
		case shopify && ch.ShopDomain != nil && *ch.ShopDomain != cur.ShopDomain:
			v.Add("access_token", "missing", "access_token must be sent again when shop_domain changes: the stored one is never sent to another shop")
		}
	}
	if err := v.Err(); err != nil {
		return Integration{}, err
	}
	ch.UpdatedAt = s.now()
	return s.Store.Update(ctx, sc, id, ch)
}

// Delete removes a connection. Its running job stops at its next step;
// the knowledge it synced stays (delete the sources to drop it).
func (s *Service) Delete(ctx context.Context, p principal.Principal, id string) (Integration, error) {
	sc, err := adminScope(p, "")
	if err != nil {
		return Integration{}, err
	}
	return s.Store.Delete(ctx, sc, id)
}
