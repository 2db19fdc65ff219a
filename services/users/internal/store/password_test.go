package store_test

import (
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/users/internal/domain"
)

// TestPasswordChangedAt: the time of a password change is stored with the
// new hash, read back by every read, and kept by later updates that do
// not touch the password.
func TestPasswordChangedAt(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	ctx := t.Context()
	a := company(t, s, "A")
	u := user(t, s, a.ID, "pw@a.test", "Pat", principal.RoleContentWriter, now)
	in := domain.InCompany(a.ID)
	if got, _ := s.GetUser(ctx, in, u.ID); got.PasswordChangedAt != nil {
		t.Fatalf("new user: password_changed_at %v, want unset", got.PasswordChangedAt)
	}
	at := now.Add(time.Hour)
	upd, err := s.UpdateUser(ctx, in, u.ID, domain.UserPatch{PasswordHash: ptr("y"), PasswordChangedAt: &at, UpdatedAt: at})
	if err != nil || upd.PasswordHash != "y" || upd.PasswordChangedAt == nil || !upd.PasswordChangedAt.Equal(at) {
		t.Fatalf("update: %v %v err %v", upd.PasswordHash, upd.PasswordChangedAt, err)
	}
	if _, err := s.UpdateUser(ctx, in, u.ID, domain.UserPatch{FullName: ptr("Pat Renamed"), UpdatedAt: at.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	for name, sc := range map[string]domain.Scope{"company": in, "all companies": domain.AllCompanies()} {
		got, err := s.GetUser(ctx, sc, u.ID)
		if err != nil || got.PasswordChangedAt == nil || !got.PasswordChangedAt.Equal(at) || got.PasswordChangedAt.Location() != time.UTC {
			t.Fatalf("%s: password_changed_at %v err %v, want %v", name, got.PasswordChangedAt, err, at)
		}
	}
}
