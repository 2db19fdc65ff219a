package e2e

import (
	"net/http"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/pkg/fakeshopify"
)

// A company admin connects a Shopify shop (the token write-only and
// sealed), tests it, syncs the catalog into knowledge (one source per
// product, tagged shopify, searchable), and a product deleted in Shopify
// leaves knowledge on the next sync. Managers and other companies reach
// nothing.
func TestIntegrationsShopifySync(t *testing.T) {
	t.Parallel()
	co, other := newTicketsCo(t), newTicketsCo(t)
	for i, title := range []string{"Alpine Parka", "Harbour Boots", "Linen Shirt"} {
		fakeShop.Add(fakeshopify.Product{Title: title, BodyHTML: "<p>Made in Porto, item " + string(rune('A'+i)) + ".</p>", Vendor: "Copydesk Outfitters",
			ProductType: "Apparel", Tags: "e2e", Variants: []fakeshopify.Variant{{Title: "M", Price: "89.00", SKU: "E2E-" + title[:3]}}})
	}
	r := call(t, http.MethodPost, "/api/integrations", co.admin.Access, map[string]any{"kind": "shopify", "name": "Our shop",
		"shop_domain": "copydesk-e2e.myshopify.com", "access_token": e2eShopToken, "sync_interval_minutes": 0})
	want(t, r, http.StatusOK)
	shop := r.obj(t)
	id := str(shop, "id")
	if shop["has_secret"] != true || strings.Contains(r.String(), e2eShopToken) || str(shop, "api_version") == "" {
		t.Fatalf("created: %s", r)
	}
	lr := call(t, http.MethodGet, "/api/integrations?kind=shopify", co.admin.Access, nil)
	want(t, lr, http.StatusOK)
	if rows := lr.list(t); len(rows) != 1 || strings.Contains(lr.String(), e2eShopToken) {
		t.Fatalf("list: %s", lr)
	}
	// React Admin sends the record back as read: accepted.
	shop["name"] = "Our Shopify shop"
	want(t, call(t, http.MethodPut, "/api/integrations/"+id, co.admin.Access, shop), http.StatusOK)
	tr := call(t, http.MethodPost, "/api/integrations/"+id+"/test", co.admin.Access, map[string]any{})
	want(t, tr, http.StatusOK)
	if tr.obj(t)["ok"] != true || !strings.Contains(tr.String(), "Fake Outfitters") {
		t.Fatalf("test: %s", tr)
	}
	// Roles and tenancy on every endpoint.
	for _, c := range []struct {
		method, path string
		body         any
	}{
		{http.MethodGet, "/api/integrations/" + id, nil}, {http.MethodPatch, "/api/integrations/" + id, map[string]any{"name": "x"}},
		{http.MethodPost, "/api/integrations/" + id + "/test", map[string]any{}}, {http.MethodPost, "/api/integrations/" + id + "/sync", map[string]any{}},
		{http.MethodGet, "/api/integrations/" + id + "/jobs", nil}, {http.MethodDelete, "/api/integrations/" + id, nil},
	} {
		want(t, call(t, c.method, c.path, co.manager.Access, c.body), http.StatusForbidden)
		want(t, call(t, c.method, c.path, co.writer.Access, c.body), http.StatusForbidden)
		want(t, call(t, c.method, c.path, other.admin.Access, c.body), http.StatusNotFound)
	}
	want(t, call(t, http.MethodGet, "/api/integrations", co.client.Access, nil), http.StatusForbidden)
	if n := len(call(t, http.MethodGet, "/api/integrations", other.admin.Access, nil).list(t)); n != 0 {
		t.Fatalf("another company lists %d connections", n)
	}
	wantField(t, call(t, http.MethodPost, "/api/integrations", co.admin.Access, map[string]any{"kind": "shopify",
		"shop_domain": "copydesk.example.com", "access_token": "x"}), "shop_domain")

	sr := call(t, http.MethodPost, "/api/integrations/"+id+"/sync", co.admin.Access, map[string]any{})
	want(t, sr, http.StatusOK)
	if job := sr.obj(t); str(job, "mode") != "full" || str(job, "integration_id") != id {
		t.Fatalf("sync: %s", sr)
	}
	job := waitJob(t, co.admin, id)
	if str(job, "status") != "succeeded" || num(job, "ingested") != 3 || num(job, "fetched") != 3 {
		t.Fatalf("job: %v", job)
	}
	srcs := call(t, http.MethodGet, "/api/knowledge_sources?tag=shopify", co.admin.Access, nil).list(t)
	if len(srcs) != 3 || str(srcs[0], "type") != "shopify" || !strings.HasPrefix(str(srcs[0], "url"), "https://copydesk-e2e.myshopify.com/products/") {
		t.Fatalf("sources: %v", srcs)
	}
	if n := len(call(t, http.MethodGet, "/api/knowledge_sources?tag=shopify", other.admin.Access, nil).list(t)); n != 0 {
		t.Fatalf("another company sees %d product sources", n)
	}
	hits := call(t, http.MethodPost, "/api/knowledge_chunks/search", co.writer.Access, map[string]any{"query": "Harbour Boots price", "mode": "keyword", "top_k": 3})
	want(t, hits, http.StatusOK)
	if !strings.Contains(hits.String(), "89.00") {
		t.Fatalf("search: %s", hits)
	}

	// Deleted in Shopify: removed from knowledge by the next (incremental) sync.
	var victim fakeshopify.Product
	for _, p := range fakeShop.Products() {
		if p.Title == "Linen Shirt" {
			victim = p
		}
	}
	fakeShop.Delete(victim.ID)
	want(t, call(t, http.MethodPost, "/api/integrations/"+id+"/sync", co.admin.Access, map[string]any{}), http.StatusOK)
	job = waitJob(t, co.admin, id)
	if str(job, "mode") != "incremental" || str(job, "status") != "succeeded" || num(job, "removed") != 1 {
		t.Fatalf("incremental job: %v", job)
	}
	if n := len(call(t, http.MethodGet, "/api/knowledge_sources?tag=shopify", co.admin.Access, nil).list(t)); n != 2 {
		t.Fatalf("%d product sources after the deletion", n)
	}
	noSecretAnywhere(t, "copydesk_agents", "integrations", e2eShopToken)
	want(t, call(t, http.MethodDelete, "/api/integrations/"+id, co.admin.Access, nil), http.StatusOK)
	want(t, call(t, http.MethodGet, "/api/integrations/"+id, co.admin.Access, nil), http.StatusNotFound)
}
