// Package mongox holds the MongoDB helpers every store uses: connecting,
// ids, the filter of a tenancy.Scope that refuses a missing company
// (tenant.go), reads by id (Get) and pages (page.go) converted to domain
// values, the stored form of fields and the $set of partial updates (fields.go), escaping user text for
// $regex, numbered migrations (migrate.go), the exactly-once toolkit —
// numbered slots, leases and version claims in one claim format
// (claim.go) — and the change-log store of versioned entities
// (history.go). It uses only the subset of shared/MONGO_SUBSET.md so that
// the same code runs on MongoDB and FerretDB.
package mongox

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readpref"
	"go.mongodb.org/mongo-driver/v2/mongo/writeconcern"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/ids"
)

// Connect opens a client with majority writes (an acknowledged write is
// durable) and pings it within timeout; more options (e.g. a command
// monitor) are applied after these.
func Connect(ctx context.Context, uri string, timeout time.Duration, more ...*options.ClientOptions) (*mongo.Client, error) {
	opts := options.Client().ApplyURI(uri).
		SetWriteConcern(writeconcern.Majority()).
		SetServerSelectionTimeout(timeout).
		SetTimeout(30 * time.Second)
	c, err := mongo.Connect(append([]*options.ClientOptions{opts}, more...)...)
	if err != nil {
		return nil, fmt.Errorf("mongo connect: %w", err)
	}
	pctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := c.Ping(pctx, readpref.Primary()); err != nil {
		_ = c.Disconnect(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("mongo ping: %w", err)
	}
	return c, nil
}

// ParseID turns an id (pkg/ids) into an ObjectID; a malformed one is
// errs.ErrMalformedID. Transports have parsed client ids already (ids.Parse),
// so in a store this is a conversion that fails only on a bug.
func ParseID(id string) (bson.ObjectID, error) {
	canon, err := ids.Parse(id)
	if err != nil {
		return bson.ObjectID{}, err
	}
	return bson.ObjectIDFromHex(canon)
}

// FindID decodes into out the document id that filter (the caller's
// scope; it is not changed) lets through. A malformed id is
// errs.ErrMalformedID; a document that does not exist or is out of scope
// is errs.ErrNotFound, wrapped with the collection and id.
func FindID(ctx context.Context, coll *mongo.Collection, filter bson.M, id string, out any) error {
	oid, err := ParseID(id)
	if err != nil {
		return err
	}
	f := maps.Clone(filter)
	f["_id"] = oid
	if err := coll.FindOne(ctx, f).Decode(out); err != nil {
		return fmt.Errorf("%s %s: %w", coll.Name(), id, NotFound(err))
	}
	return nil
}

// Get is FindID of a stored form D, returned converted by conv (the
// store's domain form).
func Get[D, T any](ctx context.Context, coll *mongo.Collection, filter bson.M, id string, conv func(D) T) (T, error) {
	var d D
	if err := FindID(ctx, coll, filter, id, &d); err != nil {
		var zero T
		return zero, err
	}
	return conv(d), nil
}

// IsDuplicateKey reports a unique-index violation. On FerretDB a duplicate
// caused by an update is an InternalError, so callers check before updates.
func IsDuplicateKey(err error) bool { return mongo.IsDuplicateKeyError(err) }

// NotFound maps mongo.ErrNoDocuments to errs.ErrNotFound.
func NotFound(err error) error {
	if errors.Is(err, mongo.ErrNoDocuments) {
		return errs.ErrNotFound
	}
	return err
}

// PrefixRegex returns a case-sensitive, anchored $regex filter matching
// values that start with the lower-cased q, on a stored lower-cased field
// (ContainsRegex's case-insensitive match reads every value). Where the
// field leads the rest of an index's keys it is a key range; where it
// follows them (the cross-company lists: created_at, _id first) it is a
// key filter, each key checked without fetching its document. q is escaped
// and bounded to 100 characters, like ContainsRegex never cut inside one.
func PrefixRegex(q string) bson.M {
	return bson.M{"$regex": "^" + regexp.QuoteMeta(strings.ToLower(cutRunes(q)))}
}

// cutRunes bounds a search text to maxRegexRunes characters (runes, never
// cut inside one: half a character is invalid UTF-8, which BSON refuses,
// and the list would fail with a 500).
func cutRunes(q string) string {
	if utf8.RuneCountInString(q) > maxRegexRunes {
		q = string([]rune(q)[:maxRegexRunes])
	}
	return q
}

// ContainsRegex returns a case-insensitive $regex filter matching q as a
// literal substring; q is escaped and bounded to 100 characters (runes,
// never cut inside one: half a character is invalid UTF-8, which BSON
// refuses, and the list would fail with a 500).
func ContainsRegex(q string) bson.M {
	return bson.M{"$regex": regexp.QuoteMeta(strings.ToLower(cutRunes(q))), "$options": "i"}
}

// maxRegexRunes bounds the search text of ContainsRegex and PrefixRegex.
const maxRegexRunes = 100
