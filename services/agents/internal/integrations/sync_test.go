package integrations_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/fakeshopify"
	"github.com/copydesk/copydesk/services/agents/internal/integrations"
)

// A first sync is full; the next is incremental (updated_at_min), pages
// by cursor, and removes from knowledge the products deleted in Shopify.
func TestSyncFullThenIncrementalWithDeletions(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	s := h.replica(t)
	ps := h.addProducts(7)
	it := h.connectShop(t, s)
	job, err := s.StartSync(t.Context(), h.admin, it.ID, false)
	if err != nil || job.Mode != integrations.ModeFull || job.Status != integrations.JobQueued {
		t.Fatalf("start: %+v, %v", job, err)
	}
	done := runUntilDone(t, s, h.admin, it.ID)
	if done.Status != integrations.JobSucceeded || done.Fetched != 7 || done.Ingested != 7 || done.Removed != 0 || len(done.Errors) != 0 {
		t.Fatalf("full sync: %+v", done)
	}
	refs := h.knowledge.refs()
	ref := integrations.ProductRef("fake-outfitters.myshopify.com", ps[0].ID)
	if len(refs) != 7 || refs[ref] != 1 || !slices.Equal(h.knowledge.tags[ref], []string{"shopify"}) {
		t.Fatalf("knowledge after full sync: %v", refs)
	}
	doc := h.knowledge.content[ref]
	for _, want := range []string{"Trail Boot 0", "Vendor: Acme", "Type: Boots", "Tags: hiking, leather", "Waterproof leather", "EU 42 — 129.00 (SKU TB-42)",
		"https://fake-outfitters.myshopify.com/products/trail-boot-0"} {
		if !strings.Contains(doc, want) {
			t.Errorf("product document lacks %q:\n%s", want, doc)
		}
	}
	// Paged by cursor: the later pages carry page_info and no filters.
	var cursorPages int
	for _, r := range h.shop.Requests() {
		if strings.Contains(r, "page_info=") {
			cursorPages++
			if strings.Contains(r, "status=") || strings.Contains(r, "updated_at_min") {
				t.Errorf("filters beside page_info: %s", r)
			}
		}
	}
	if cursorPages != 2 { // 7 products, 3 a page
		t.Errorf("%d cursor pages, want 2", cursorPages)
	}

	h.shop.Update(ps[1].ID, func(p *fakeshopify.Product) { p.Title = "Trail Boot 1 (new)" })
	h.shop.Delete(ps[2].ID)
	h.addProducts(1)
	before := len(h.shop.Requests())
	if _, err := s.StartSync(t.Context(), h.admin, it.ID, false); err != nil {
		t.Fatal(err)
	}
	inc := runUntilDone(t, s, h.admin, it.ID)
	if inc.Mode != integrations.ModeIncremental || inc.Status != integrations.JobSucceeded || inc.Ingested != 2 || inc.Removed != 1 ||
		inc.Fetched != 3 || inc.Unchanged != 1 { // updated_at_min is inclusive: the newest product of the last sync comes again, unchanged
		t.Fatalf("incremental sync: %+v", inc)
	}
	if !strings.Contains(h.shop.Requests()[before], "updated_at_min=") {
		t.Errorf("incremental sync asked %s", h.shop.Requests()[before])
	}
	refs = h.knowledge.refs()
	if len(refs) != 7 || refs[integrations.ProductRef("fake-outfitters.myshopify.com", ps[2].ID)] != 0 || len(h.knowledge.deleted) != 1 {
		t.Fatalf("knowledge after incremental sync: %v, deleted %v", refs, h.knowledge.deleted)
	}
	if !strings.Contains(h.knowledge.content[integrations.ProductRef("fake-outfitters.myshopify.com", ps[1].ID)], "(new)") {
		t.Fatal("the updated product was not re-ingested")
	}
}

// Two replicas working the same job never ingest a product twice: each
// page is leased to one of them.
func TestSyncTwoReplicasNeverDoubleIngest(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	a, b := h.replica(t), h.replica(t)
	h.addProducts(30)
	it := h.connectShop(t, a)
	if _, err := a.StartSync(t.Context(), h.admin, it.ID, false); err != nil {
		t.Fatal(err)
	}
	// A second start while one runs answers the running job.
	again, err := b.StartSync(t.Context(), h.admin, it.ID, true)
	if err != nil || again.Mode != integrations.ModeFull {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	jobs := make([]integrations.Job, 2)
	for i, r := range []*integrations.Service{a, b} {
		wg.Go(func() { jobs[i] = runUntilDone(t, r, h.admin, it.ID) })
	}
	wg.Wait()
	for ref, n := range h.knowledge.refs() {
		if n != 1 {
			t.Errorf("%s ingested %d times", ref, n)
		}
	}
	all, total, err := a.ListJobs(t.Context(), h.admin, it.ID, integrations.Page{Limit: 10})
	if err != nil || total != 1 || all[0].Ingested != 30 || all[0].Status != integrations.JobSucceeded {
		t.Fatalf("jobs: %d %+v %v", total, all, err)
	}
}

// A worker that dies mid-sync leaves its page's lease; once it ends
// another replica takes the page over and finishes, and no product is
// ingested twice.
func TestInterruptedSyncResumes(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	a, b := h.replica(t, lease(300*time.Millisecond)), h.replica(t, lease(300*time.Millisecond))
	h.addProducts(9)
	it := h.connectShop(t, a)
	if _, err := a.StartSync(t.Context(), h.admin, it.ID, false); err != nil {
		t.Fatal(err)
	}
	ctx, kill := context.WithCancel(t.Context())
	h.shop.OnPage(func(page int) {
		if page == 2 {
			kill() // the replica dies while asking for page 2
		}
	})
	_ = a.Tick(ctx)
	h.shop.OnPage(nil)
	if n := len(h.knowledge.refs()); n != 3 {
		t.Fatalf("before the crash %d products were ingested, want the first page's 3", n)
	}
	done := runUntilDone(t, b, h.admin, it.ID)
	if done.Status != integrations.JobSucceeded || done.Ingested != 9 {
		t.Fatalf("resumed job: %+v", done)
	}
	for ref, n := range h.knowledge.refs() {
		if n != 1 {
			t.Errorf("%s ingested %d times", ref, n)
		}
	}
}

// 429 answers are waited out (Retry-After) and the sync goes on; a
// refused token fails the job with a message that names no secret.
func TestSyncThrottledAndRefused(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	s := h.replica(t)
	h.addProducts(2)
	it := h.connectShop(t, s)
	h.shop.Throttle(2)
	if _, err := s.StartSync(t.Context(), h.admin, it.ID, false); err != nil {
		t.Fatal(err)
	}
	if done := runUntilDone(t, s, h.admin, it.ID); done.Status != integrations.JobSucceeded || done.Ingested != 2 {
		t.Fatalf("throttled sync: %+v", done)
	}
	bad := "shpat_wrong"
	if _, err := s.Update(t.Context(), h.admin, it.ID, integrations.Changes{Secret: &bad}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.StartSync(t.Context(), h.admin, it.ID, true); err != nil {
		t.Fatal(err)
	}
	failed := runUntilDone(t, s, h.admin, it.ID)
	if failed.Status != integrations.JobFailed || len(failed.Errors) != 1 || !strings.Contains(failed.Errors[0], "refused the access token") ||
		strings.Contains(failed.Errors[0], bad) {
		t.Fatalf("refused sync: %+v", failed)
	}
}

// A connection with an interval is synced on schedule, once per slot
// whatever the number of replicas.
func TestScheduledSyncOncePerSlot(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	a, b := h.replica(t), h.replica(t)
	h.addProducts(2)
	it, err := a.Create(t.Context(), h.admin, integrations.Input{Kind: integrations.KindShopify, ShopDomain: "fake-outfitters.myshopify.com",
		Secret: shopToken, SyncMinutes: 60})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for _, r := range []*integrations.Service{a, b} {
		wg.Go(func() { _ = r.Tick(t.Context()) })
	}
	wg.Wait()
	done := runUntilDone(t, a, h.admin, it.ID)
	jobs, total, _ := a.ListJobs(t.Context(), h.admin, it.ID, integrations.Page{Limit: 10})
	if total != 1 || done.Trigger != integrations.TriggerSchedule || jobs[0].Ingested != 2 {
		t.Fatalf("%d jobs: %+v", total, jobs)
	}
	_ = b.Tick(t.Context()) // the next slot is an hour away
	if _, total, _ := a.ListJobs(t.Context(), h.admin, it.ID, integrations.Page{Limit: 10}); total != 1 {
		t.Fatalf("%d jobs after another tick", total)
	}
}
