// Package mongotest gives each test its own database on the test server
// named by COPYDESK_TEST_MONGO_URI (`make test` starts an embedded FerretDB
// and sets it; point it at a MongoDB to run the same tests there). The
// database is dropped in t.Cleanup.
package mongotest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/mongox"
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
	client, err := mongox.Connect(ctx, uri, 10*time.Second)
	if err != nil {
		t.Fatalf("connect to test database: %v", err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	db := client.Database("t_" + hex.EncodeToString(b[:]))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		_ = db.Drop(ctx)
		_ = client.Disconnect(ctx)
	})
	return db
}
