package integrations_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/services/agents/internal/integrations"
)

func kind(err error) string {
	var ve *errs.ValidationError
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &ve):
		return "422:" + ve.Violations[0].Field
	case errors.Is(err, errs.ErrPermissionDenied):
		return "403"
	case errors.Is(err, errs.ErrNotFound):
		return "404"
	case errors.Is(err, errs.ErrMalformedID):
		return "400"
	case errors.Is(err, errs.ErrBadRequest):
		return "400"
	}
	return "error: " + err.Error()
}

// Secrets are write-only: sealed in the database (the raw documents do
// not contain them), absent from what the service returns, and usable
// for the outbound calls.
func TestSecretsAreSealedAndWriteOnly(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	s := h.replica(t)
	shop := h.connectShop(t, s)
	site, err := s.Create(t.Context(), h.admin, integrations.Input{Kind: integrations.KindWordPress, SiteURL: h.wp.URL + "/", Username: wpUser, Secret: wpPassword})
	if err != nil {
		t.Fatal(err)
	}
	if !shop.HasSecret || !site.HasSecret || site.SiteURL != h.wp.URL || shop.APIVersion != integrations.DefaultShopifyVersion {
		t.Fatalf("created %+v / %+v", shop, site)
	}
	cur, err := h.db.Collection("integrations").Find(t.Context(), bson.M{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for cur.Next(t.Context()) {
		n++
		for _, secret := range []string{shopToken, wpPassword, "0123456789abcdef"} {
			if bytes.Contains(cur.Current, []byte(secret)) {
				t.Fatalf("a raw document holds a secret in clear: %s", cur.Current)
			}
		}
	}
	if n != 2 {
		t.Fatalf("%d documents", n)
	}
	for _, id := range []string{shop.ID, site.ID} {
		r, err := s.Test(t.Context(), h.admin, id)
		if err != nil || !r.OK {
			t.Fatalf("test %s: %+v %v", id, r, err)
		}
	}
	wrong := "wrong password value"
	if _, err := s.Update(t.Context(), h.admin, site.ID, integrations.Changes{Secret: &wrong}); err != nil {
		t.Fatal(err)
	}
	r, err := s.Test(t.Context(), h.admin, site.ID)
	if err != nil || r.OK || !strings.Contains(r.Message, "refused") || strings.Contains(r.Message, wrong) {
		t.Fatalf("test with a wrong password: %+v %v", r, err)
	}
}

func TestConnectionValidation(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	s := h.replica(t)
	strict := h.replica(t, strictGuard)
	shop := func(domain string) error {
		_, err := s.Create(t.Context(), h.admin, integrations.Input{Kind: integrations.KindShopify, ShopDomain: domain, Secret: shopToken})
		return err
	}
	for _, d := range []string{"evil.com", "myshopify.com", "x.myshopify.com.evil.com", "x.myshopify.com/admin", "https://x.myshopify.com", "127.0.0.1", "x.myshopify.com:8080"} {
		if got := kind(shop(d)); got != "422:shop_domain" {
			t.Errorf("shop %q: %s", d, got)
		}
	}
	if got := kind(shop("UPPER-case.myshopify.com")); got != "ok" {
		t.Errorf("upper-case shop: %s", got)
	}
	site := func(s *integrations.Service, u string) error {
		_, err := s.Create(t.Context(), h.admin, integrations.Input{Kind: integrations.KindWordPress, SiteURL: u, Username: wpUser, Secret: wpPassword})
		return err
	}
	// SSRF: private, metadata and loopback sites are refused; a name's
	// refusal does not say what it resolved to.
	for _, u := range []string{"https://10.0.0.5", "https://169.254.169.254/latest", "https://[::1]/", "http://blog.example.com", "https://user:pw@blog.example.com", "ftp://blog.example.com"} {
		if got := kind(site(strict, u)); got != "422:site_url" {
			t.Errorf("site %q: %s", u, got)
		}
	}
	err := site(strict, "https://localhost:8443")
	if kind(err) != "422:site_url" || strings.Contains(violation(err), "127.0.0.1") || !strings.Contains(violation(err), "public address") {
		t.Errorf("localhost: %v (%s)", err, violation(err))
	}
	if got := kind(site(s, "")); got != "422:site_url" {
		t.Errorf("no site: %s", got)
	}
	if _, err := s.Create(t.Context(), h.admin, integrations.Input{Kind: "ftp", Secret: "x"}); kind(err) != "422:kind" {
		t.Errorf("kind: %v", err)
	}
	if _, err := s.Create(t.Context(), h.admin, integrations.Input{Kind: integrations.KindShopify, ShopDomain: "a.myshopify.com"}); kind(err) != "422:access_token" {
		t.Errorf("no token: %v", err)
	}
	if _, err := s.Create(t.Context(), h.admin, integrations.Input{Kind: integrations.KindShopify, ShopDomain: "a.myshopify.com", Secret: "t", SyncMinutes: 5}); kind(err) != "422:sync_interval_minutes" {
		t.Errorf("interval: %v", err)
	}
}

// Roles and tenancy on every use case: company admins of the company
// only; another company's connection is 404.
func TestConnectionsTenancyAndRoles(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	s := h.replica(t)
	it := h.connectShop(t, s)
	name := "renamed"
	calls := map[string]func(p principalT) error{
		"get": func(p principalT) error { _, err := s.Get(t.Context(), p, it.ID); return err },
		"update": func(p principalT) error {
			_, err := s.Update(t.Context(), p, it.ID, integrations.Changes{Name: &name})
			return err
		},
		"test": func(p principalT) error { _, err := s.Test(t.Context(), p, it.ID); return err },
		"sync": func(p principalT) error { _, err := s.StartSync(t.Context(), p, it.ID, false); return err },
		"jobs": func(p principalT) error {
			_, _, err := s.ListJobs(t.Context(), p, it.ID, integrations.Page{Limit: 10})
			return err
		},
		"delete": func(p principalT) error { _, err := s.Delete(t.Context(), p, it.ID); return err },
	}
	for name, call := range calls {
		if got := kind(call(h.manager)); got != "403" {
			t.Errorf("manager %s: %s", name, got)
		}
		if got := kind(call(h.adminB)); got != "404" {
			t.Errorf("other company's admin %s: %s", name, got)
		}
	}
	if list, total, err := s.List(t.Context(), h.adminB, "", "", integrations.Page{Limit: 10}); err != nil || total != 0 || len(list) != 0 {
		t.Fatalf("other company lists %d", total)
	}
	if _, err := s.Create(t.Context(), h.manager, integrations.Input{Kind: integrations.KindShopify, ShopDomain: "a.myshopify.com", Secret: "t"}); kind(err) != "403" {
		t.Errorf("manager creates: %v", err)
	}
	if _, err := s.Create(t.Context(), h.admin, integrations.Input{Kind: integrations.KindShopify, ShopDomain: "a.myshopify.com", Secret: "t", CompanyID: h.adminB.CompanyID}); kind(err) != "403" {
		t.Errorf("admin creates for another company: %v", err)
	}
	if got, err := s.Get(t.Context(), h.admin, it.ID); err != nil || got.Name != it.Name {
		t.Fatalf("the refused calls changed it: %+v %v", got, err)
	}
	if _, _, err := s.ListJobs(t.Context(), h.admin, it.ID, integrations.Page{Limit: 10}); err != nil {
		t.Fatal(err)
	}
}

// Issue 13, gap 3: the stored credential is never sent to a target it
// was not given for. A new site_url (or shop_domain) without the secret
// is 422 and changes nothing, so /test cannot send the stored password to
// a host of the admin's choosing; with the secret sent again it is fine,
// and the same target (as React Admin's PUT sends it) needs none.
func TestTargetChangeNeedsTheSecretAgain(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	s := h.replica(t)
	var mu sync.Mutex
	var seen []string // Authorization headers the other host received
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Get("Authorization"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":1,"name":"attacker"}`))
	}))
	t.Cleanup(other.Close)
	site, err := s.Create(t.Context(), h.admin, integrations.Input{Kind: integrations.KindWordPress, SiteURL: h.wp.URL, Username: wpUser, Secret: wpPassword})
	if err != nil {
		t.Fatal(err)
	}
	moved := other.URL
	_, err = s.Update(t.Context(), h.admin, site.ID, integrations.Changes{SiteURL: &moved})
	if kind(err) != "422:application_password" || !strings.Contains(violation(err), "sent again when site_url changes") {
		t.Fatalf("new site without the password: %v", err)
	}
	if got, _ := s.Get(t.Context(), h.admin, site.ID); got.SiteURL != h.wp.URL {
		t.Fatalf("site_url changed to %s", got.SiteURL)
	}
	if r, err := s.Test(t.Context(), h.admin, site.ID); err != nil || !r.OK || r.Message != "Connected as "+wpUser {
		t.Fatalf("test after the refusal: %+v %v", r, err)
	}
	mu.Lock()
	if len(seen) != 0 {
		t.Fatalf("the other host was called: %v", seen)
	}
	mu.Unlock()
	// The same site (a trailing slash, a PUT of the record) and other
	// fields need no password.
	same, name := h.wp.URL+"/", "Blog"
	if _, err := s.Update(t.Context(), h.admin, site.ID, integrations.Changes{SiteURL: &same, Name: &name}); err != nil {
		t.Fatalf("same site: %v", err)
	}
	// Sent again, the new one goes to the new site, never the old one.
	fresh := "fresh password for the new site"
	if _, err := s.Update(t.Context(), h.admin, site.ID, integrations.Changes{SiteURL: &moved, Secret: &fresh}); err != nil {
		t.Fatalf("new site with a password: %v", err)
	}
	if r, err := s.Test(t.Context(), h.admin, site.ID); err != nil || !r.OK {
		t.Fatalf("test of the new site: %+v %v", r, err)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, a := range seen {
		if strings.Contains(a, base64.StdEncoding.EncodeToString([]byte(wpUser+":"+wpPassword))) {
			t.Fatal("the old password reached the new site")
		}
	}
	// Shopify: another shop needs the access token again.
	shop := h.connectShop(t, s)
	elsewhere, same2 := "other-shop.myshopify.com", "FAKE-outfitters.myshopify.com"
	if _, err := s.Update(t.Context(), h.admin, shop.ID, integrations.Changes{ShopDomain: &elsewhere}); kind(err) != "422:access_token" {
		t.Fatalf("new shop without the token: %v", err)
	}
	if _, err := s.Update(t.Context(), h.admin, shop.ID, integrations.Changes{ShopDomain: &same2}); err != nil {
		t.Fatalf("same shop: %v", err)
	}
	token := shopToken
	if _, err := s.Update(t.Context(), h.admin, shop.ID, integrations.Changes{ShopDomain: &elsewhere, Secret: &token}); err != nil {
		t.Fatalf("new shop with a token: %v", err)
	}
}
