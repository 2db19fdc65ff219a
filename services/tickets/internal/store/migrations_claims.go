package store

import (
	"fmt"
	"strconv"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/mongox"
)

// seedTicketNumbers (migration 7) moves ticket numbering from the
// per-company $inc counters to numbered slots: each company's sequence is
// seeded with the highest number it has used — the highest of its
// tickets' numbers and of its old counter (a counter can be ahead of the
// tickets when a create failed after counting) — so that no number is
// ever handed out again. The counters stay for replicas of the previous
// release still running; the unique (company_id, number) index settles
// any clash with them.
func seedTicketNumbers(ctx ctxT, db *mongo.Database) error {
	high := map[string]int64{}
	cur, err := db.Collection(ticketsColl).Find(ctx, bson.M{}, options.Find().SetProjection(bson.M{"company_id": 1, "number": 1}))
	if err != nil {
		return fmt.Errorf("read ticket numbers: %w", err)
	}
	defer func() { _ = cur.Close(ctx) }()
	for cur.Next(ctx) {
		var t struct {
			CompanyID string `bson:"company_id"`
			Number    int64  `bson:"number"`
		}
		if err := cur.Decode(&t); err != nil {
			return fmt.Errorf("decode ticket number: %w", err)
		}
		high[t.CompanyID] = max(high[t.CompanyID], t.Number)
	}
	if err := cur.Err(); err != nil {
		return fmt.Errorf("read ticket numbers: %w", err)
	}
	var counters []struct {
		CompanyID string `bson:"_id"`
		Seq       int64  `bson:"seq"`
	}
	ccur, err := db.Collection(countersColl).Find(ctx, bson.M{})
	if err != nil {
		return fmt.Errorf("read ticket counters: %w", err)
	}
	if err := ccur.All(ctx, &counters); err != nil {
		return fmt.Errorf("read ticket counters: %w", err)
	}
	for _, c := range counters {
		high[c.CompanyID] = max(high[c.CompanyID], c.Seq)
	}
	numbers := db.Collection(numbersColl)
	if _, err := numbers.Indexes().CreateMany(ctx, mongox.ClaimIndexes()); err != nil {
		return fmt.Errorf("ticket number indexes: %w", err)
	}
	for company, n := range high {
		if err := mongox.SeedNumber(ctx, numbers, company, n); err != nil {
			return fmt.Errorf("seed ticket numbers of %s: %w", company, err)
		}
	}
	return nil
}

// parseRevision reads an old revision claim "<ticket id>#<version>"
// (migration 8).
func parseRevision(id string, _ bson.Raw) (string, int64, bool) {
	i := strings.LastIndexByte(id, '#')
	if i < 0 {
		return "", 0, false
	}
	n, err := strconv.ParseInt(id[i+1:], 10, 64)
	return id[:i], n, err == nil
}
