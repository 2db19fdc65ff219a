// Package mongotest gives each test its own database on the test server
// named by COPYDESK_TEST_MONGO_URI (`make test` starts an embedded FerretDB
// and sets it; point it at a MongoDB to run the same tests there). The
// database is dropped in t.Cleanup.
//
// Every query the code under test sends through the returned database is
// recorded (pkg/querycheck); at cleanup, before the drop, a query that no
// index of its collection serves fails the test with the query's shape,
// the store function that sent it and the indexes considered. Queries a
// _test.go file sends itself are not checked.
package mongotest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/pkg/querycheck"
)

// EnvURI names the test server.
const EnvURI = "COPYDESK_TEST_MONGO_URI"

// DB returns a fresh database. Without COPYDESK_TEST_MONGO_URI the test
// fails under CI=true and is skipped otherwise, with a message saying how
// to run it.
func DB(t testing.TB) *mongo.Database {
	t.Helper()
	uri := os.Getenv(EnvURI)
	if uri == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set; run the tests with `make test`", EnvURI)
		}
		t.Skipf("%s is not set; run the tests with `make test`", EnvURI)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	rec := querycheck.NewRecorder(nil)
	client, err := mongox.Connect(ctx, uri, 10*time.Second, options.Client().SetMonitor(rec.Monitor()))
	if err != nil {
		t.Fatalf("connect to test database: %v", err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	db := client.Database("t_" + hex.EncodeToString(b[:]))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		checkQueries(ctx, t, client, db.Name(), rec)
		_ = db.Drop(ctx)
		_ = client.Disconnect(ctx)
	})
	return db
}

// checkQueries fails t for each recorded query on db that no index serves.
func checkQueries(ctx context.Context, t testing.TB, client *mongo.Client, db string, rec *querycheck.Recorder) {
	t.Helper()
	var shapes []querycheck.Shape
	for _, s := range rec.Shapes() {
		if s.DB == db {
			shapes = append(shapes, s)
		}
	}
	indexes, err := querycheck.ReadIndexes(ctx, client, shapes)
	if err != nil {
		t.Errorf("query check: %v", err)
		return
	}
	served, vs := querycheck.Match(shapes, indexes)
	if msg := querycheck.Report(vs); msg != "" {
		t.Error(msg)
	}
	if err := querycheck.AppendReport(served); err != nil {
		t.Error(err)
	}
}
