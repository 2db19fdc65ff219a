package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/mongox"

	"github.com/copydesk/copydesk/services/auth/internal/domain"
)

// RefreshTokens implements domain.TokenStore.
type RefreshTokens struct {
	coll     *mongo.Collection // refresh_tokens
	claims   *mongo.Collection // refresh_claims: one per spent token
	families *mongo.Collection // revoked_families: one per revoked family
	keep     time.Duration
}

// NewRefreshTokens returns the store on db. keep is how long the mark of
// a revoked family is kept: at least the refresh-token lifetime, so that
// it outlives every token of the family.
func NewRefreshTokens(db *mongo.Database, keep time.Duration) *RefreshTokens {
	return &RefreshTokens{
		coll: db.Collection(refreshColl), claims: db.Collection(claimsColl),
		families: db.Collection(familiesColl), keep: keep,
	}
}

var _ domain.TokenStore = (*RefreshTokens)(nil)

// refreshDoc is the stored form. rotated_at and revoked_at are written as
// null when unset so that {rotated_at: null} matches on every server.
type refreshDoc struct {
	ID        string     `bson:"_id"`
	FamilyID  string     `bson:"family_id"`
	UserID    string     `bson:"user_id"`
	CompanyID string     `bson:"company_id"`
	CreatedAt time.Time  `bson:"created_at"`
	ExpiresAt time.Time  `bson:"expires_at"`
	RotatedAt *time.Time `bson:"rotated_at"`
	RevokedAt *time.Time `bson:"revoked_at"`
}

func (d refreshDoc) domain() domain.RefreshToken {
	return domain.RefreshToken{
		Hash: d.ID, FamilyID: d.FamilyID, UserID: d.UserID, CompanyID: d.CompanyID,
		CreatedAt: d.CreatedAt, ExpiresAt: d.ExpiresAt, RotatedAt: d.RotatedAt, RevokedAt: d.RevokedAt,
	}
}

// Insert stores a new token.
func (s *RefreshTokens) Insert(ctx context.Context, t domain.RefreshToken) error {
	doc := refreshDoc{
		ID: t.Hash, FamilyID: t.FamilyID, UserID: t.UserID, CompanyID: t.CompanyID,
		CreatedAt: t.CreatedAt.UTC(), ExpiresAt: t.ExpiresAt.UTC(), RotatedAt: t.RotatedAt, RevokedAt: t.RevokedAt,
	}
	if _, err := s.coll.InsertOne(ctx, doc); err != nil {
		return fmt.Errorf("insert refresh token: %w", err)
	}
	return nil
}

// Get reads a token by hash.
func (s *RefreshTokens) Get(ctx context.Context, hash string) (domain.RefreshToken, error) {
	var d refreshDoc
	err := s.coll.FindOne(ctx, bson.M{"_id": hash}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return domain.RefreshToken{}, domain.ErrTokenUnknown
	}
	if err != nil {
		return domain.RefreshToken{}, fmt.Errorf("find refresh token: %w", err)
	}
	return d.domain(), nil
}

// Rotate spends a usable token. The atomic step is the insert of a claim
// whose _id is the token's hash: a unique insert is atomic on MongoDB and
// on FerretDB alike, while a conditional findOneAndUpdate is not atomic on
// FerretDB 1.24 (it reads, then writes; measured: 3 of 12 concurrent
// rotations "won"). rotated_at is then set on the token for readers.
func (s *RefreshTokens) Rotate(ctx context.Context, hash string, now time.Time) error {
	now = now.UTC()
	t, err := s.Get(ctx, hash)
	switch {
	case err != nil:
		return err
	case t.RevokedAt != nil:
		return domain.ErrTokenRevoked
	case t.RotatedAt != nil:
		return domain.ErrTokenRotated
	case !now.Before(t.ExpiresAt):
		return domain.ErrTokenExpired
	}
	_, err = s.claims.InsertOne(ctx, bson.M{"_id": hash, "family_id": t.FamilyID, "rotated_at": now, "expires_at": t.ExpiresAt})
	if mongox.IsDuplicateKey(err) {
		return domain.ErrTokenRotated
	}
	if err != nil {
		return fmt.Errorf("claim refresh token: %w", err)
	}
	if _, err := s.coll.UpdateOne(ctx, bson.M{"_id": hash, "rotated_at": nil}, bson.M{"$set": bson.M{"rotated_at": now}}); err != nil {
		// The claim holds; the token cannot be spent twice. Its rotated_at
		// stays unset, so a reuse shows as a lost claim instead.
		return fmt.Errorf("mark refresh token rotated: %w", err)
	}
	return nil
}

// RevokeFamily marks the family revoked (a unique insert: the mark is
// never lost), then revokes its tokens.
func (s *RefreshTokens) RevokeFamily(ctx context.Context, familyID string, now time.Time) (int64, error) {
	if err := s.markFamily(ctx, familyID, now); err != nil {
		return 0, err
	}
	return s.revoke(ctx, bson.M{"family_id": familyID, "revoked_at": nil}, now)
}

func (s *RefreshTokens) markFamily(ctx context.Context, familyID string, now time.Time) error {
	now = now.UTC()
	_, err := s.families.InsertOne(ctx, bson.M{"_id": familyID, "revoked_at": now, "expires_at": now.Add(s.keep)})
	if err != nil && !mongox.IsDuplicateKey(err) {
		return fmt.Errorf("mark family revoked: %w", err)
	}
	return nil
}

// FamilyRevoked reports whether the family was revoked.
func (s *RefreshTokens) FamilyRevoked(ctx context.Context, familyID string) (bool, error) {
	n, err := s.families.CountDocuments(ctx, bson.M{"_id": familyID})
	if err != nil {
		return false, fmt.Errorf("read revoked family: %w", err)
	}
	return n > 0, nil
}

// RevokeUser revokes every family of a user, then every token of the user.
// It filters by user only, not by company: user ids are unique across
// companies, and a revocation must also reach tokens issued while the user
// was in another company.
func (s *RefreshTokens) RevokeUser(ctx context.Context, userID string, now time.Time) (int64, error) {
	cur, err := s.coll.Find(ctx, bson.M{"user_id": userID, "revoked_at": nil},
		options.Find().SetProjection(bson.M{"family_id": 1}))
	if err != nil {
		return 0, fmt.Errorf("find user's refresh tokens: %w", err)
	}
	var docs []struct {
		FamilyID string `bson:"family_id"`
	}
	if err := cur.All(ctx, &docs); err != nil {
		return 0, fmt.Errorf("read user's refresh tokens: %w", err)
	}
	seen := map[string]bool{}
	for _, d := range docs {
		if !seen[d.FamilyID] {
			seen[d.FamilyID] = true
			if err := s.markFamily(ctx, d.FamilyID, now); err != nil {
				return 0, err
			}
		}
	}
	return s.revoke(ctx, bson.M{"user_id": userID, "revoked_at": nil}, now)
}

func (s *RefreshTokens) revoke(ctx context.Context, filter bson.M, now time.Time) (int64, error) {
	res, err := s.coll.UpdateMany(ctx, filter, bson.M{"$set": bson.M{"revoked_at": now.UTC()}})
	if err != nil {
		return 0, fmt.Errorf("revoke refresh tokens: %w", err)
	}
	return res.ModifiedCount, nil
}

// Purge deletes the tokens, claims and family marks that expired before
// now. It reports how many documents it deleted.
func (s *RefreshTokens) Purge(ctx context.Context, now time.Time) (int64, error) {
	var total int64
	for _, c := range []*mongo.Collection{s.coll, s.claims, s.families} {
		res, err := c.DeleteMany(ctx, bson.M{"expires_at": bson.M{"$lt": now.UTC()}})
		if err != nil {
			return total, fmt.Errorf("purge %s: %w", c.Name(), err)
		}
		total += res.DeletedCount
	}
	return total, nil
}
