package store

import (
	"context"
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/users/internal/domain"
)

// usernameIndexes is the unique (company_id, username_lower) index the
// backfill makes possible.
var usernameIndexes = []mongo.IndexModel{{
	Keys:    bson.D{{Key: "company_id", Value: 1}, {Key: "username_lower", Value: 1}},
	Options: options.Index().SetName("company_username_unique").SetUnique(true),
}}

// backfillUsernames gives every user without a username the default one
// CreateUser would: the email's local part (domain.UsernameBase), with
// the first free numeric suffix in its company. Users are taken in
// (company_id, _id) order — creation order — so the suffixes are the same
// on every run and the oldest user keeps the bare name. A soft-deleted
// user gets one too, stored under its "deleted:<id>:" key like its email,
// so it takes no live name. Users that have a username keep it, which
// makes an interrupted run safe to repeat.
func backfillUsernames(ctx context.Context, db *mongo.Database) error {
	coll := db.Collection(UsersColl)
	cur, err := coll.Find(ctx, bson.M{},
		options.Find().SetSort(bson.D{{Key: "company_id", Value: 1}, {Key: "_id", Value: 1}}).
			SetProjection(bson.M{"company_id": 1, "email_lower": 1, "username_lower": 1, "deleted_at": 1}))
	if err != nil {
		return fmt.Errorf("find users: %w", err)
	}
	var docs []userDoc
	if err := cur.All(ctx, &docs); err != nil {
		return fmt.Errorf("decode users: %w", err)
	}
	taken := map[bson.ObjectID]map[string]bool{} // company → live usernames
	for _, d := range docs {
		if taken[d.CompanyID] == nil {
			taken[d.CompanyID] = map[string]bool{}
		}
		if d.UsernameLower != "" {
			taken[d.CompanyID][d.UsernameLower] = true
		}
	}
	for _, d := range docs {
		if d.UsernameLower != "" {
			continue
		}
		base := domain.UsernameBase(strings.TrimPrefix(d.EmailLower, deletedKey(d.ID.Hex(), "")))
		name, lower := base, deletedKey(d.ID.Hex(), base)
		if d.DeletedAt == nil {
			for n := 1; taken[d.CompanyID][name]; n++ {
				name = domain.NthUsername(base, n+1)
			}
			lower = name
			taken[d.CompanyID][name] = true
		}
		if _, err := coll.UpdateOne(ctx, bson.M{"_id": d.ID},
			bson.M{"$set": bson.M{"username": name, "username_lower": lower}}); err != nil {
			return fmt.Errorf("set username of %s: %w", d.ID.Hex(), err)
		}
	}
	return mongox.Indexes(UsersColl, usernameIndexes...)(ctx, db)
}
