package domain

import (
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/principal"
)

// TestPasswordChangedAt: the time auth ends sessions at is recorded by the
// user's own change and by an administrator's reset, and by nothing else.
func TestPasswordChangedAt(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := t.Context()
	t0 := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	w.svc.now = func() time.Time { return t0 }
	self := principal.Principal{UserID: w.target.ID, CompanyID: w.a.ID, Role: w.target.Role}
	changedAt := func() *time.Time {
		t.Helper()
		u, _, err := w.svc.LookupUser(ctx, svcCaller, w.target.ID)
		if err != nil {
			t.Fatal(err)
		}
		return u.PasswordChangedAt
	}
	if got := changedAt(); got != nil {
		t.Fatalf("new user: password_changed_at %v, want unset", got)
	}

	steps := []struct {
		name string
		at   time.Time
		do   func() error
		want *time.Time // nil: unchanged since the previous step
	}{
		{"wrong current password", t0.Add(time.Minute), func() error {
			if err := w.svc.ChangePassword(ctx, self, "", "wrong-password", "password-2"); outcome(err) != "422:current_password" {
				t.Fatalf("wrong current password: %v", err)
			}
			return nil
		}, nil},
		{"own name change", t0.Add(2 * time.Minute), func() error {
			_, err := w.svc.UpdateUser(ctx, self, w.target.ID, UserPatch{FullName: ptr("New Name")})
			return err
		}, nil},
		{"own change", t0.Add(3 * time.Minute), func() error {
			return w.svc.ChangePassword(ctx, self, "", "password-1", "password-2")
		}, ptr(t0.Add(3 * time.Minute))},
		{"admin role change", t0.Add(4 * time.Minute), func() error {
			_, err := w.svc.UpdateUser(ctx, w.who[ca], w.target.ID, UserPatch{Role: ptr(cm)})
			return err
		}, nil},
		{"admin reset", t0.Add(5 * time.Minute), func() error {
			_, err := w.svc.UpdateUser(ctx, w.who[ca], w.target.ID, UserPatch{Password: ptr("password-3")})
			return err
		}, ptr(t0.Add(5 * time.Minute))},
	}
	want := (*time.Time)(nil)
	for _, st := range steps {
		w.svc.now = func() time.Time { return st.at }
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if st.want != nil {
			want = st.want
		}
		got := changedAt()
		if (got == nil) != (want == nil) || got != nil && !got.Equal(*want) {
			t.Fatalf("after %s: password_changed_at %v, want %v", st.name, got, want)
		}
	}
}
