package mongox_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/mongotest"
	"github.com/copydesk/copydesk/pkg/mongox"
)

// TestUpgradeClaims: claims of the two old formats (campaigns'
// "<id>@<v>" with claimed_at, tickets' "<id>#<v>" with at) are dropped
// when settled and rewritten when a writer may still be at work, so that
// they keep blocking their version.
func TestUpgradeClaims(t *testing.T) {
	t.Parallel()
	db := mongotest.DB(t)
	now := time.Now().UTC()
	parse := func(id string, _ bson.Raw) (string, int64, bool) {
		i := strings.LastIndexAny(id, "@#")
		if i < 0 {
			return "", 0, false
		}
		n, err := strconv.ParseInt(id[i+1:], 10, 64)
		return id[:i], n, err == nil
	}
	for _, c := range []struct {
		coll, atField string
		old           []bson.M
		settled       string // key whose old claim of slot 2 is settled
		recent        string // key whose old claim of slot 2 is recent
	}{
		{"campaign_revisions", "claimed_at", []bson.M{
			{"_id": "a@2", "entity_id": "a", "claimed_at": now.Add(-time.Hour)},
			{"_id": "b@2", "entity_id": "b", "claimed_at": now.Add(-time.Second)},
			{"_id": "junk", "claimed_at": now},
		}, "a", "b"},
		{"ticket_revisions", "at", []bson.M{
			{"_id": "c#2", "ticket_id": "c", "version": int64(2), "at": now.Add(-time.Hour)},
			{"_id": "d#2", "ticket_id": "d", "version": int64(2), "at": now.Add(-time.Second)},
		}, "c", "d"},
	} {
		coll := db.Collection(c.coll)
		for _, d := range c.old {
			if _, err := coll.InsertOne(t.Context(), d); err != nil {
				t.Fatal(err)
			}
		}
		claim := func(key string) bool {
			t.Helper()
			won, err := mongox.ClaimVersion(t.Context(), coll, key, 1, func(context.Context) (int64, error) { return 1, nil })
			if err != nil {
				t.Fatal(err)
			}
			return won
		}
		if !claim("e") {
			t.Fatal("setup: new-format claim refused")
		}
		if err := mongox.UpgradeClaims(c.coll, c.atField, parse)(t.Context(), db); err != nil {
			t.Fatal(err)
		}
		cur, err := coll.Find(t.Context(), bson.M{})
		if err != nil {
			t.Fatal(err)
		}
		var all []bson.M
		if err := cur.All(t.Context(), &all); err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, d := range all {
			ids = append(ids, d["_id"].(string))
		}
		slices.Sort(ids)
		if want := []string{c.recent + "#2", "e#2"}; !slices.Equal(ids, want) {
			t.Fatalf("%s after the upgrade: %v, want %v", c.coll, ids, want)
		}
		// The rewritten recent claim still blocks its version; the settled
		// one is gone, so its slot is free again.
		if claim(c.recent) || claim("e") {
			t.Fatalf("%s: a recent claim stopped blocking its version", c.coll)
		}
		if !claim(c.settled) {
			t.Fatalf("%s: a settled old claim still blocks", c.coll)
		}
	}
}
