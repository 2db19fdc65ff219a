package e2e

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/fakeshopify"
	"github.com/copydesk/copydesk/pkg/fakewp"
)

const (
	e2eShopToken  = "shpat_e2e_0f1e2d3c4b5a69788796a5b4c3d2e1f0"
	e2eWPUser     = "editor"
	e2eWPPassword = "e2eA bcdE fghI jklM nopQ rstU"
)

// The fake shop and site live in the test process; agents reaches them on
// loopback (INTEGRATIONS_ALLOW_LOOPBACK, tests only), the shop through
// SHOPIFY_API_URL in place of https://<shop>.myshopify.com.
var (
	fakeShop *fakeshopify.Server
	fakeWP   *fakewp.Server
)

func fakeIntegrationsEnv() []string {
	fakeShop = fakeshopify.New(e2eShopToken)
	fakeWP = fakewp.New(e2eWPUser, e2eWPPassword)
	return []string{"INTEGRATIONS_ALLOW_LOOPBACK=true", "SHOPIFY_API_URL=" + fakeShop.URL, "INTEGRATIONS_SYNC_POLL=200ms",
		"INTEGRATIONS_SYNC_PAGE_SIZE=2"}
}

// rawDocuments returns every document of a collection of a service's
// database as stored (BSON bytes), as a dump would show them.
func rawDocuments(t *testing.T, db, coll string) [][]byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	client, err := mongo.Connect(options.Client().ApplyURI(env.mongoURI))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = client.Disconnect(context.WithoutCancel(ctx)) }()
	cur, err := client.Database(db).Collection(coll).Find(ctx, bson.M{})
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for cur.Next(ctx) {
		out = append(out, bytes.Clone(cur.Current))
	}
	return out
}

// noSecretAnywhere fails when a secret appears in clear in a stored
// document of the database or in any process's log.
func noSecretAnywhere(t *testing.T, db, coll string, secrets ...string) {
	t.Helper()
	docs := rawDocuments(t, db, coll)
	if len(docs) == 0 {
		t.Fatalf("%s.%s is empty", db, coll)
	}
	logs, _ := filepath.Glob(filepath.Join(env.logDir, "*.log"))
	for _, s := range secrets {
		for _, d := range docs {
			if bytes.Contains(d, []byte(s)) {
				t.Errorf("%s.%s holds a secret in clear", db, coll)
			}
		}
		for _, l := range logs {
			if b, _ := os.ReadFile(l); bytes.Contains(b, []byte(s)) {
				t.Errorf("%s logs a secret", filepath.Base(l))
			}
		}
	}
}

// waitJob polls a connection's jobs until the newest has finished.
func waitJob(t *testing.T, s session, id string) map[string]any {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		r := call(t, http.MethodGet, "/api/integrations/"+id+"/jobs", s.Access, nil)
		want(t, r, http.StatusOK)
		if rows := r.list(t); len(rows) > 0 && rows[0]["finished_at"] != nil {
			return rows[0]
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("the sync job did not finish")
	return nil
}
