package store

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/mongotest"
	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/auth/internal/domain"
)

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func migratedDB(t *testing.T) *mongo.Database {
	t.Helper()
	db := mongotest.DB(t)
	if err := mongox.Migrate(t.Context(), db, discardLogger(), Migrations); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

func token(hash, family string) domain.RefreshToken {
	return domain.RefreshToken{
		Hash: hash, FamilyID: family, UserID: "u1", CompanyID: "c1",
		CreatedAt: t0, ExpiresAt: t0.Add(time.Hour),
	}
}

func insert(t *testing.T, s *RefreshTokens, toks ...domain.RefreshToken) {
	t.Helper()
	for _, tok := range toks {
		if err := s.Insert(t.Context(), tok); err != nil {
			t.Fatalf("insert: %v", err)
		}
	}
}

func TestRotate(t *testing.T) {
	t.Parallel()
	s := NewRefreshTokens(migratedDB(t), 24*time.Hour)
	ctx := t.Context()
	insert(t, s, token("a", "f1"), token("b", "f1"), token("other", "f2"))

	if err := s.Rotate(ctx, "a", t0.Add(time.Minute)); err != nil {
		t.Fatalf("first rotate: %v", err)
	}
	got, err := s.Get(ctx, "a")
	if err != nil || got.RotatedAt == nil || !got.RotatedAt.Equal(t0.Add(time.Minute)) || got.RevokedAt != nil {
		t.Fatalf("after rotate: %+v, %v", got, err)
	}
	if err := s.Rotate(ctx, "a", t0.Add(2*time.Minute)); !errors.Is(err, domain.ErrTokenRotated) {
		t.Fatalf("second rotate: %v, want ErrTokenRotated", err)
	}
	if err := s.Rotate(ctx, "missing", t0); !errors.Is(err, domain.ErrTokenUnknown) {
		t.Fatalf("unknown: %v", err)
	}

	// Reuse revokes the family: every token of f1, none of f2.
	n, err := s.RevokeFamily(ctx, "f1", t0.Add(3*time.Minute))
	if err != nil || n != 2 {
		t.Fatalf("revoke family = %d, %v; want 2", n, err)
	}
	if err := s.Rotate(ctx, "b", t0.Add(4*time.Minute)); !errors.Is(err, domain.ErrTokenRevoked) {
		t.Fatalf("rotate revoked: %v, want ErrTokenRevoked", err)
	}
	if err := s.Rotate(ctx, "other", t0.Add(4*time.Minute)); err != nil {
		t.Fatalf("other family hit: %v", err)
	}
	if r, err := s.FamilyRevoked(ctx, "f1"); err != nil || !r {
		t.Fatalf("family f1 revoked = %v, %v", r, err)
	}
	if r, err := s.FamilyRevoked(ctx, "f2"); err != nil || r {
		t.Fatalf("family f2 revoked = %v, %v", r, err)
	}
	// Revoking again keeps the first revocation time.
	if n, _ := s.RevokeFamily(ctx, "f1", t0.Add(time.Hour)); n != 0 {
		t.Fatalf("revoked %d already revoked tokens", n)
	}
	if b, _ := s.Get(ctx, "b"); !b.RevokedAt.Equal(t0.Add(3 * time.Minute)) {
		t.Fatalf("revoked_at moved: %v", b.RevokedAt)
	}
}

func TestRotateExpired(t *testing.T) {
	t.Parallel()
	s := NewRefreshTokens(migratedDB(t), 24*time.Hour)
	insert(t, s, token("a", "f1"))
	if err := s.Rotate(t.Context(), "a", t0.Add(time.Hour)); !errors.Is(err, domain.ErrTokenExpired) {
		t.Fatalf("rotate at expiry: %v, want ErrTokenExpired", err)
	}
	if got, _ := s.Get(t.Context(), "a"); got.RotatedAt != nil {
		t.Fatal("expired token marked rotated")
	}
}

func TestConcurrentRotateExactlyOneWins(t *testing.T) {
	t.Parallel()
	s := NewRefreshTokens(migratedDB(t), 24*time.Hour)
	insert(t, s, token("a", "f1"))
	const n = 12
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		wins int
		errs []error
	)
	start := make(chan struct{})
	for range n {
		wg.Go(func() {
			<-start
			err := s.Rotate(t.Context(), "a", t0.Add(time.Minute))
			mu.Lock()
			defer mu.Unlock()
			if err == nil {
				wins++
			} else if !errors.Is(err, domain.ErrTokenRotated) {
				errs = append(errs, err)
			}
		})
	}
	close(start)
	wg.Wait()
	if wins != 1 || len(errs) != 0 {
		t.Fatalf("%d of %d concurrent rotations won (unexpected errors: %v); want exactly 1", wins, n, errs)
	}
}

func TestRevokeUserAndPurge(t *testing.T) {
	t.Parallel()
	s := NewRefreshTokens(migratedDB(t), 24*time.Hour)
	ctx := t.Context()
	mine1, mine2, theirs := token("a", "f1"), token("b", "f2"), token("c", "f3")
	theirs.UserID = "u2"
	old := token("old", "f4")
	old.ExpiresAt = t0.Add(-time.Second)
	insert(t, s, mine1, mine2, theirs, old)

	if n, err := s.RevokeUser(ctx, "u1", t0); err != nil || n != 3 { // a, b and old
		t.Fatalf("revoke user = %d, %v; want 3", n, err)
	}
	if c, _ := s.Get(ctx, "c"); c.RevokedAt != nil {
		t.Fatal("another user's token revoked")
	}
	for fam, want := range map[string]bool{"f1": true, "f2": true, "f3": false} {
		if r, _ := s.FamilyRevoked(ctx, fam); r != want {
			t.Errorf("family %s revoked = %v, want %v", fam, r, want)
		}
	}
	if n, err := s.Purge(ctx, t0); err != nil || n != 1 {
		t.Fatalf("purge = %d, %v; want 1", n, err)
	}
	if _, err := s.Get(ctx, "old"); !errors.Is(err, domain.ErrTokenUnknown) {
		t.Fatalf("expired token still there: %v", err)
	}
	if _, err := s.Get(ctx, "a"); err != nil {
		t.Fatalf("live token purged: %v", err)
	}
	// Claims and family marks go once they have expired too.
	if err := s.Rotate(ctx, "c", t0); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Purge(ctx, t0.Add(48*time.Hour)); err != nil || n != 3+1+3 { // a, b, c; c's claim; f1, f2, f4
		t.Fatalf("late purge = %d, %v; want 7", n, err)
	}
}

func TestMigrationsCreateIndexes(t *testing.T) {
	t.Parallel()
	db := migratedDB(t)
	cur, err := db.Collection(refreshColl).Indexes().List(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var idx []bson.M
	if err := cur.All(t.Context(), &idx); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, i := range idx {
		names[i["name"].(string)] = true
	}
	for _, want := range []string{"family_live", "user_live", "expires_at"} {
		if !names[want] {
			t.Errorf("index %s missing (have %v)", want, names)
		}
	}
	// A second run (another replica starting) is a no-op.
	if err := mongox.Migrate(context.WithoutCancel(t.Context()), db, discardLogger(), Migrations); err != nil {
		t.Fatalf("migrate again: %v", err)
	}
}
