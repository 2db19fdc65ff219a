package integrations

import (
	"context"
	"net/url"
	"regexp"
	"strings"

	"github.com/copydesk/copydesk/pkg/errs"
)

// DefaultShopifyVersion is the Admin API version pinned when a
// connection names none (Shopify supports each for a year).
const DefaultShopifyVersion = "2026-10"

// Limits of the fields.
const (
	maxName        = 200
	maxSecret      = 1024
	minSyncMinutes = 15
	maxSyncMinutes = 7 * 24 * 60
	maxURL         = 2048
	maxUsername    = 200
)

var (
	shopDomain = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,59}\.myshopify\.com$`)
	apiVersion = regexp.MustCompile(`^20[0-9]{2}-(01|04|07|10)$`)
)

// validShop checks a shop domain: <shop>.myshopify.com, nothing else (no
// scheme, port, path or custom domain: the Admin API lives there).
func validShop(v *errs.Validator, d string) {
	v.Check(shopDomain.MatchString(d), "shop_domain", "value_error", "shop_domain must be <shop>.myshopify.com")
}

func validVersion(v *errs.Validator, ver string) {
	v.Check(apiVersion.MatchString(ver), "api_version", "value_error", "api_version must be a Shopify API version such as 2024-07")
}

func validSync(v *errs.Validator, m int) {
	v.Check(m == 0 || (m >= minSyncMinutes && m <= maxSyncMinutes), "sync_interval_minutes", "value_error",
		"sync_interval_minutes must be 0 (manual only) or %d to %d", minSyncMinutes, maxSyncMinutes)
}

func validSecret(v *errs.Validator, field, s string) {
	v.Check(s != "", field, "missing", "%s is required", field)
	v.Check(len(s) <= maxSecret, field, "string_too_long", "%s must be at most %d characters", field, maxSecret)
}

// checkSite checks a WordPress site URL: https (http only to loopback
// when allowed, for tests), no credentials, query or fragment, and a host
// that resolves to public addresses only (the guard; the same check runs
// again at dial time). It returns the URL without a trailing slash.
func (s *Service) checkSite(ctx context.Context, v *errs.Validator, raw string) string {
	raw = strings.TrimRight(strings.TrimSpace(raw), "/")
	u, err := url.Parse(raw)
	switch {
	case raw == "":
		v.Add("site_url", "missing", "site_url is required")
		return raw
	case len(raw) > maxURL || err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "":
		v.Add("site_url", "value_error", "site_url must be a plain https URL of the site")
		return raw
	case u.Scheme != "https" && !(u.Scheme == "http" && s.Settings.AllowLoopback && isLoopback(u.Hostname())):
		v.Add("site_url", "value_error", "site_url must use https (the application password is sent with every request)")
		return raw
	}
	if err := s.Guard.CheckURL(ctx, raw); err != nil {
		v.Add("site_url", "value_error", "site_url is not allowed: %s", err.Error())
	}
	return raw
}

func isLoopback(host string) bool {
	return host == "127.0.0.1" || host == "::1" || host == "localhost"
}
