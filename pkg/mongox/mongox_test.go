package mongox_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/mongotest"
	"github.com/copydesk/copydesk/pkg/mongox"
)

func TestByField(t *testing.T) {
	t.Parallel()
	fields := map[string]string{"email": "email_lower", "created_at": "created_at"}
	if p := mongox.ByField(mongox.Page{Sort: "email", Desc: true, Limit: 5}, fields, "created_at"); p != (mongox.Page{Sort: "email_lower", Desc: true, Limit: 5}) {
		t.Fatalf("renamed: %+v", p)
	}
	for _, name := range []string{"", "password_hash"} {
		if p := mongox.ByField(mongox.Page{Sort: name}, fields, "created_at"); p.Sort != "created_at" {
			t.Fatalf("sort %q: %+v, want the default", name, p)
		}
	}
}

func TestParseID(t *testing.T) {
	t.Parallel()
	if _, err := mongox.ParseID("nope"); !errors.Is(err, errs.ErrMalformedID) {
		t.Fatalf("err = %v", err)
	}
	id := bson.NewObjectID()
	if got, err := mongox.ParseID(id.Hex()); err != nil || got != id {
		t.Fatalf("got %v %v", got, err)
	}
}

func TestMigrateRunsOnceAcrossReplicas(t *testing.T) {
	t.Parallel()
	db := mongotest.DB(t)
	var runs atomic.Int32
	ms := []mongox.Migration{
		{Version: 1, Description: "index", Up: mongox.Indexes("things", mongo.IndexModel{Keys: bson.D{{Key: "name", Value: 1}}})},
		{Version: 2, Description: "count", Up: func(context.Context, *mongo.Database) error { runs.Add(1); return nil }},
	}
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	var wg sync.WaitGroup
	errc := make(chan error, 3)
	for range 3 {
		wg.Go(func() { errc <- mongox.Migrate(t.Context(), db, log, ms) })
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := mongox.Migrate(t.Context(), db, log, ms); err != nil {
		t.Fatal(err)
	}
	if n := runs.Load(); n != 1 {
		t.Fatalf("migration 2 ran %d times, want 1", n)
	}
	n, err := db.Collection("_migrations").CountDocuments(t.Context(), bson.M{"_id": bson.M{"$gt": 0}})
	if err != nil || n != 2 {
		t.Fatalf("recorded %d migrations (%v), want 2", n, err)
	}
	bad := []mongox.Migration{{Version: 2, Up: ms[1].Up}}
	if err := mongox.Migrate(t.Context(), db, log, bad); err == nil {
		t.Fatal("misnumbered migrations accepted")
	}
}

func TestFindPage(t *testing.T) {
	t.Parallel()
	db := mongotest.DB(t)
	coll := db.Collection("items")
	for i := range 7 {
		if _, err := coll.InsertOne(t.Context(), bson.M{"n": i, "tenant": i % 2}); err != nil {
			t.Fatal(err)
		}
	}
	var out []bson.M
	total, err := mongox.FindPage(t.Context(), coll, bson.M{"tenant": 0}, mongox.Page{Skip: 1, Limit: 2, Sort: "n", Desc: true}, &out)
	if err != nil {
		t.Fatal(err)
	}
	if total != 4 || len(out) != 2 || out[0]["n"] != int32(4) || out[1]["n"] != int32(2) {
		t.Fatalf("total=%d out=%v", total, out)
	}
}

// Search text is cut to 100 characters, never inside one: a cut after a
// byte would leave invalid UTF-8, which the database refuses (a 500).
func TestContainsRegexCutsWholeCharacters(t *testing.T) {
	t.Parallel()
	q := strings.Repeat("a", 99) + "éé"
	re, _ := mongox.ContainsRegex(q)["$regex"].(string)
	if !utf8.ValidString(re) || re != strings.Repeat("a", 99)+"é" {
		t.Fatalf("regex %q, want 99 a's and one é", re)
	}
}
