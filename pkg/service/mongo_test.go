package service

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"os"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/mongotest"
	"github.com/copydesk/copydesk/pkg/mongox"
)

// testCommon names a fresh database on the test server (OpenMongo needs a
// URI, not the database mongotest.DB opens).
func testCommon(t *testing.T) Common {
	t.Helper()
	uri := os.Getenv(mongotest.EnvURI)
	if uri == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set; run the tests with `make test`", mongotest.EnvURI)
		}
		t.Skipf("%s is not set; run the tests with `make test`", mongotest.EnvURI)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	return Common{MongoURI: uri, MongoDB: "t_" + hex.EncodeToString(b[:])}
}

func TestOpenMongo(t *testing.T) {
	t.Parallel()
	c := testCommon(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ms := []mongox.Migration{{Version: 1, Description: "things", Up: func(ctx context.Context, db *mongo.Database) error {
		return db.CreateCollection(ctx, "things")
	}}}

	db, closeDB, err := OpenMongo(t.Context(), c, log, ms)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Drop(context.WithoutCancel(t.Context())); closeDB() })
	if db.Name() != c.MongoDB {
		t.Errorf("database %q, want %q", db.Name(), c.MongoDB)
	}
	names, err := db.ListCollectionNames(t.Context(), bson.D{{Key: "name", Value: "things"}})
	if err != nil || len(names) != 1 {
		t.Fatalf("migration not applied: %v %v", names, err)
	}

	boom := errors.New("boom")
	failing := append(ms, mongox.Migration{Version: 2, Description: "fails", Up: func(context.Context, *mongo.Database) error {
		return boom
	}})
	if _, closeAgain, err := OpenMongo(t.Context(), c, log, failing); !errors.Is(err, boom) || closeAgain != nil {
		t.Fatalf("failing migration: err %v, close func %v", err, closeAgain != nil)
	}
}
