package integrations_test

import (
	"context"
	"io"
	"log/slog"
	"strconv"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/fakeshopify"
	"github.com/copydesk/copydesk/pkg/fakewp"
	"github.com/copydesk/copydesk/pkg/mongotest"
	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/pkg/netguard"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/secretbox"
	"github.com/copydesk/copydesk/services/agents/internal/integrations"
	"github.com/copydesk/copydesk/services/agents/internal/shopify"
	"github.com/copydesk/copydesk/services/agents/internal/store"
	"github.com/copydesk/copydesk/services/agents/internal/wordpress"
)

const (
	shopToken  = "shpat_0123456789abcdef0123456789abcdef"
	wpUser     = "editor"
	wpPassword = "abcd EFGH ijkl MNOP qrst UVWX"
)

// fakeKnowledge is the knowledge service: sources by ref, and how often
// each ref was ingested with new content.
type fakeKnowledge struct {
	mu      sync.Mutex
	byRef   map[string]string // ref → source id
	content map[string]string // ref → content
	ingests map[string]int    // ref → Ingest calls
	deleted []string          // source ids
	tags    map[string][]string
}

func newKnowledge() *fakeKnowledge {
	return &fakeKnowledge{byRef: map[string]string{}, content: map[string]string{}, ingests: map[string]int{}, tags: map[string][]string{}}
}

func (k *fakeKnowledge) Ingest(_ context.Context, company string, d integrations.Document) (string, bool, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if company == "" {
		return "", false, errs.ErrPermissionDenied
	}
	k.ingests[d.Ref]++
	id, ok := k.byRef[d.Ref]
	if !ok {
		id = bson.NewObjectID().Hex()
		k.byRef[d.Ref] = id
	}
	unchanged := ok && k.content[d.Ref] == d.Content
	k.content[d.Ref], k.tags[d.Ref] = d.Content, d.Tags
	return id, unchanged, nil
}

func (k *fakeKnowledge) DeleteSource(_ context.Context, id string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	for ref, sid := range k.byRef {
		if sid == id {
			delete(k.byRef, ref)
		}
	}
	k.deleted = append(k.deleted, id)
	return nil
}

func (k *fakeKnowledge) refs() map[string]int {
	k.mu.Lock()
	defer k.mu.Unlock()
	out := map[string]int{}
	for ref := range k.byRef {
		out[ref] = k.ingests[ref]
	}
	return out
}

// harness is one database, a fake shop, a fake site and knowledge, and
// replicas of the service on them.
type harness struct {
	db        *mongo.Database
	keys      *secretbox.Keyring
	shop      *fakeshopify.Server
	wp        *fakewp.Server
	knowledge *fakeKnowledge
	company   string
	admin     principal.Principal
	manager   principal.Principal
	adminB    principal.Principal
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	db := mongotest.DB(t)
	if err := mongox.Migrate(t.Context(), db, slog.New(slog.NewJSONHandler(io.Discard, nil)), store.Migrations); err != nil {
		t.Fatal(err)
	}
	h := &harness{db: db, keys: secretbox.Ephemeral(), shop: fakeshopify.New(shopToken), wp: fakewp.New(wpUser, wpPassword),
		knowledge: newKnowledge(), company: bson.NewObjectID().Hex()}
	t.Cleanup(h.shop.Close)
	t.Cleanup(h.wp.Close)
	h.admin = principal.Principal{UserID: bson.NewObjectID().Hex(), CompanyID: h.company, Role: principal.RoleCompanyAdmin}
	h.manager = principal.Principal{UserID: bson.NewObjectID().Hex(), CompanyID: h.company, Role: principal.RoleContentManager}
	h.adminB = principal.Principal{UserID: bson.NewObjectID().Hex(), CompanyID: bson.NewObjectID().Hex(), Role: principal.RoleCompanyAdmin}
	return h
}

type option func(*integrations.Deps)

func strictGuard(d *integrations.Deps) {
	g := &netguard.Guard{}
	client := g.NewClient(netguard.Limits{Timeout: 5 * time.Second})
	d.Guard = g
	d.Shopify.(*shopify.Client).HTTP = client
	d.WordPress = &wordpress.Client{HTTP: client}
}

func lease(d time.Duration) option { return func(dp *integrations.Deps) { dp.Settings.SyncLease = d } }

// replica is one instance of the service on the harness's database.
func (h *harness) replica(t *testing.T, opts ...option) *integrations.Service {
	t.Helper()
	g := &netguard.Guard{AllowLoopback: true}
	client := g.NewClient(netguard.Limits{Timeout: 5 * time.Second})
	d := integrations.Deps{
		Store: store.NewIntegrations(h.db, h.keys), Jobs: store.NewSyncJobs(h.db),
		Shopify: &shopify.Client{HTTP: client, BaseURL: h.shop.URL, MaxWait: 2 * time.Second}, WordPress: &wordpress.Client{HTTP: client},
		Knowledge: h.knowledge, Guard: g, Companies: func(context.Context, string) (bool, error) { return true, nil },
		Settings: integrations.Settings{PageSize: 3, SyncLease: time.Minute, AllowLoopback: true},
		Log:      slog.New(slog.NewJSONHandler(io.Discard, nil)),
	}
	for _, o := range opts {
		o(&d)
	}
	s, err := integrations.New(d)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (h *harness) connectShop(t *testing.T, s *integrations.Service) integrations.Integration {
	t.Helper()
	it, err := s.Create(t.Context(), h.admin, integrations.Input{Kind: integrations.KindShopify, ShopDomain: "fake-outfitters.myshopify.com", Secret: shopToken})
	if err != nil {
		t.Fatal(err)
	}
	return it
}

func (h *harness) addProducts(n int) []fakeshopify.Product {
	var out []fakeshopify.Product
	for i := range n {
		out = append(out, h.shop.Add(fakeshopify.Product{Title: "Trail Boot " + strconv.Itoa(i), BodyHTML: "<p>Waterproof leather.</p>",
			Vendor: "Acme", ProductType: "Boots", Tags: "hiking, leather",
			Variants: []fakeshopify.Variant{{Title: "EU 42", Price: "129.00", SKU: "TB-42"}}}))
	}
	return out
}

// runUntilDone ticks s until job is finished and returns it.
func runUntilDone(t *testing.T, s *integrations.Service, p principal.Principal, integrationID string) integrations.Job {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if err := s.Tick(t.Context()); err != nil {
			t.Fatal(err)
		}
		jobs, _, err := s.ListJobs(t.Context(), p, integrationID, integrations.Page{Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(jobs) > 0 && !jobs[0].FinishedAt.IsZero() {
			return jobs[0]
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the sync did not finish")
	return integrations.Job{}
}
