package querycheck

import (
	"os"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/mongox"
)

// TestRecordAndCheckOnTheServer: the recorder on a real client, the
// indexes read back with listIndexes, one query served and one not.
func TestRecordAndCheckOnTheServer(t *testing.T) {
	uri := os.Getenv("COPYDESK_TEST_MONGO_URI")
	if uri == "" {
		t.Skip("COPYDESK_TEST_MONGO_URI is not set; run the tests with `make test`")
	}
	senderOf = func() (string, bool) { return "services/x/internal/store.(*Items).List (items.go:7)", true }
	t.Cleanup(func() { senderOf = callerOf })
	rec := NewRecorder(nil)
	client, err := mongox.Connect(t.Context(), uri, 10*time.Second, options.Client().SetMonitor(rec.Monitor()))
	if err != nil {
		t.Fatal(err)
	}
	db := client.Database("t_querycheck_" + bson.NewObjectID().Hex())
	t.Cleanup(func() { _ = db.Drop(t.Context()); _ = client.Disconnect(t.Context()) })
	items := db.Collection("items")
	if err := mongox.Indexes("items", mongox.Index("company_id", "-created_at", "-_id"))(t.Context(), db); err != nil {
		t.Fatal(err)
	}
	if _, err := items.InsertOne(t.Context(), bson.M{"company_id": "a", "kind": "x", "created_at": time.Now()}); err != nil {
		t.Fatal(err)
	}
	opts := options.Find().SetSort(bson.D{{Key: "created_at", Value: -1}, {Key: "_id", Value: -1}})
	for _, f := range []bson.M{{"company_id": "a"}, {"kind": "x"}} {
		if _, err := items.Find(t.Context(), f, opts); err != nil {
			t.Fatal(err)
		}
	}
	shapes := rec.Shapes()
	if len(shapes) != 2 {
		t.Fatalf("recorded %v, want the two finds (the insert and createIndexes read nothing)", shapes)
	}
	indexes, err := ReadIndexes(t.Context(), client, shapes)
	if err != nil {
		t.Fatal(err)
	}
	served, vs := Match(shapes, indexes)
	if len(served) != 1 || !strings.HasPrefix(served[0].Index, "company_id_1_created_at_-1__id_-1 ") {
		t.Errorf("served %+v, want the company's page by its index", served)
	}
	msg := Report(vs)
	for _, want := range []string{"items find {kind: =} sort -created_at,-_id", "(*Items).List (items.go:7)",
		"company_id_1_created_at_-1__id_-1 (company_id, -created_at, -_id): sort -created_at,-_id does not follow"} {
		if !strings.Contains(msg, want) {
			t.Errorf("report lacks %q:\n%s", want, msg)
		}
	}
}

// TestReportRow: a row of the docs/indexes.md table names the service by
// the sender's path and the sender by its package's name, as the table
// shows them (the command in docs/indexes.md regenerates it unchanged).
func TestReportRow(t *testing.T) {
	shape := Shape{Coll: "publish_claims", Op: "delete", Range: []string{"expires_at"}}
	for _, c := range []struct{ caller, want string }{
		{"services/tickets/internal/store.(*Retention).Purge (retention.go:45)",
			"| tickets | `publish_claims delete {expires_at: range}` | store.(*Retention).Purge | expires_at_1 (expires_at) |\n"},
		{"gateway/internal/idempotency.(*Store).Purge (store.go:80)",
			"| gateway | `publish_claims delete {expires_at: range}` | idempotency.(*Store).Purge | expires_at_1 (expires_at) |\n"},
		{"pkg/history.(*Log).Purge (log.go:12)",
			"| pkg | `publish_claims delete {expires_at: range}` | history.(*Log).Purge | expires_at_1 (expires_at) |\n"},
	} {
		s := shape
		s.Caller = c.caller
		if got := row(Served{Shape: s, Index: "expires_at_1 (expires_at)"}); got != c.want {
			t.Errorf("row of %s:\n%s want\n%s", c.caller, got, c.want)
		}
	}
}
