package store

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/services/users/internal/domain"
)

type cutoffDoc struct {
	ID         bson.ObjectID `bson:"_id"`
	UserID     string        `bson:"user_id"`
	ValidAfter time.Time     `bson:"valid_after"`
	RecordedAt time.Time     `bson:"recorded_at"`
}

// AddCutoff inserts a session cut-off (insert only: nothing to race).
func (s *Store) AddCutoff(ctx context.Context, userID string, validAfter time.Time) error {
	d := cutoffDoc{ID: bson.NewObjectID(), UserID: userID, ValidAfter: validAfter.UTC(), RecordedAt: time.Now().UTC().Truncate(time.Millisecond)}
	if _, err := s.cutoffs.InsertOne(ctx, d); err != nil {
		return fmt.Errorf("record session cut-off: %w", err)
	}
	return nil
}

// CutoffsSince lists cut-offs recorded at or after since, oldest first.
func (s *Store) CutoffsSince(ctx context.Context, since time.Time, limit int) ([]domain.Cutoff, error) {
	cur, err := s.cutoffs.Find(ctx, bson.M{"recorded_at": bson.M{"$gte": since.UTC()}},
		options.Find().SetSort(bson.D{{Key: "recorded_at", Value: 1}, {Key: "_id", Value: 1}}).SetLimit(int64(limit)))
	if err != nil {
		return nil, fmt.Errorf("find session cut-offs: %w", err)
	}
	var docs []cutoffDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("decode session cut-offs: %w", err)
	}
	out := make([]domain.Cutoff, 0, len(docs))
	for _, d := range docs {
		out = append(out, domain.Cutoff{UserID: d.UserID, ValidAfter: d.ValidAfter.UTC(), RecordedAt: d.RecordedAt.UTC()})
	}
	return out, nil
}

// PurgeCutoffs deletes cut-offs recorded before a time.
func (s *Store) PurgeCutoffs(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.cutoffs.DeleteMany(ctx, bson.M{"recorded_at": bson.M{"$lt": before.UTC()}})
	if err != nil {
		return 0, fmt.Errorf("purge session cut-offs: %w", err)
	}
	return res.DeletedCount, nil
}

// Wrong current passwords of ChangePassword: one document per failure
// {key, at} in password_failures, counted in a window (inserts, so
// concurrent failures all count, on FerretDB too).

// AddPasswordFailure records one failure.
func (s *Store) AddPasswordFailure(ctx context.Context, key string, at time.Time) error {
	if _, err := s.pwFailures.InsertOne(ctx, bson.M{"key": key, "at": at.UTC()}); err != nil {
		return fmt.Errorf("record password failure: %w", err)
	}
	return nil
}

// PasswordFailures counts key's failures after since.
func (s *Store) PasswordFailures(ctx context.Context, key string, since time.Time) (int, error) {
	n, err := s.pwFailures.CountDocuments(ctx, bson.M{"key": key, "at": bson.M{"$gt": since.UTC()}})
	if err != nil {
		return 0, fmt.Errorf("count password failures: %w", err)
	}
	return int(n), nil
}

// ClearPasswordFailures forgets key's failures.
func (s *Store) ClearPasswordFailures(ctx context.Context, key string) error {
	if _, err := s.pwFailures.DeleteMany(ctx, bson.M{"key": key}); err != nil {
		return fmt.Errorf("clear password failures: %w", err)
	}
	return nil
}

// PurgePasswordFailures deletes failures before a time.
func (s *Store) PurgePasswordFailures(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.pwFailures.DeleteMany(ctx, bson.M{"at": bson.M{"$lt": before.UTC()}})
	if err != nil {
		return 0, fmt.Errorf("purge password failures: %w", err)
	}
	return res.DeletedCount, nil
}
