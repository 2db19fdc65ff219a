package domain

import (
	"testing"
)

func TestUsernameBase(t *testing.T) {
	t.Parallel()
	for email, want := range map[string]string{
		"jane.doe@x.test":   "jane.doe",
		"Jane+Tag@x.test":   "janetag",
		"al@x.test":         "al-user",
		"+++@x.test":        "user",
		"o'neil_x-1@x.test": "oneil_x-1",
		"a123456789012345678901234567890123456789012345678901234@x.test": "a12345678901234567890123456789012345678901",
	} {
		if got := UsernameBase(email); got != want {
			t.Errorf("UsernameBase(%q) = %q, want %q", email, got, want)
		}
		if !validUsername(NthUsername(UsernameBase(email), 999)) {
			t.Errorf("the 999th default of %q is not a valid username", email)
		}
	}
}

func TestCreateUserUsername(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := t.Context()
	root, admin := w.who[sa], w.who[ca]
	create := func(c Company, email, username string) (User, error) {
		return w.svc.CreateUser(ctx, root, NewUser{Email: email, FullName: "N", Role: cw, Password: "password-1",
			CompanyID: c.ID, Username: username})
	}
	if w.superadmin.Username != "root" {
		t.Fatalf("bootstrapped superadmin's username = %q, want root", w.superadmin.Username)
	}
	if w.target.Username != "target" || w.target.UsernameLower != "target" {
		t.Fatalf("default username = %q/%q, want the email's local part", w.target.Username, w.target.UsernameLower)
	}
	// The default takes the first free suffix; a deleted user's name is free.
	second, err := create(w.a, "TARGET@other.test", "")
	if err != nil || second.Username != "target2" {
		t.Fatalf("second default = %q, %v; want target2", second.Username, err)
	}
	if _, err := w.svc.DeleteUser(ctx, root, second.ID); err != nil {
		t.Fatal(err)
	}
	third, err := create(w.a, "target@third.test", "")
	if err != nil || third.Username != "target2" {
		t.Fatalf("default after the delete = %q, %v; want target2 again", third.Username, err)
	}
	// The same name in another company is fine; in the same one it is not,
	// whatever the case.
	tests := []struct {
		name, company, email, username string
		want, wantName                 string
	}{
		{"chosen, kept as typed", w.a.ID, "c1@x.test", "Jane.Doe", "ok", "Jane.Doe"},
		{"clash, other case", w.a.ID, "c2@x.test", "JANE.doe", "409", ""},
		{"same name, other company", w.b.ID, "c3@x.test", "jane.doe", "ok", "jane.doe"},
		{"too short", w.a.ID, "c4@x.test", "jd", "422:username", ""},
		{"too long", w.a.ID, "c5@x.test", "j234567890123456789012345678901234567890123456789012", "422:username", ""},
		{"bad character", w.a.ID, "c6@x.test", "jane@doe", "422:username", ""},
		{"space inside", w.a.ID, "c7@x.test", "jane doe", "422:username", ""},
	}
	for _, tt := range tests {
		c := w.a
		if tt.company == w.b.ID {
			c = w.b
		}
		u, err := create(c, tt.email, tt.username)
		if got := outcome(err); got != tt.want || (err == nil && u.Username != tt.wantName) {
			t.Errorf("%s: %s %q, want %s %q", tt.name, got, u.Username, tt.want, tt.wantName)
		}
	}
	// A company_admin may pick one too.
	if u, err := w.svc.CreateUser(ctx, admin, NewUser{Email: "c8@x.test", FullName: "N", Role: cw,
		Password: "password-1", Username: "picked"}); err != nil || u.Username != "picked" {
		t.Fatalf("company_admin create = %q, %v", u.Username, err)
	}
}

func TestUpdateUsername(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := t.Context()
	tests := []struct {
		name, who, id, username string
		want                    string
	}{
		{"writer renames itself", cw, w.who[cw].UserID, "me-new", "403"},
		{"writer sends its own name unchanged", cw, w.who[cw].UserID, "content_writer", "ok"},
		{"admin renames a user", ca, w.target.ID, "Renamed", "ok"},
		{"admin renames itself", ca, w.who[ca].UserID, "boss", "ok"},
		{"clash, other case", ca, w.target.ID, "BOSS", "409"},
		{"own name in other case", ca, w.target.ID, "RENAMED", "ok"},
		{"invalid", ca, w.target.ID, "no", "422:username"},
		{"user of another company", ca, w.bUser.ID, "other", "404"},
		{"superadmin renames anyone", sa, w.bUser.ID, "boss", "ok"},
	}
	for _, tt := range tests {
		u, err := w.svc.UpdateUser(ctx, w.who[tt.who], tt.id, UserPatch{Username: ptr(tt.username)})
		if got := outcome(err); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		} else if err == nil && u.Username != tt.username {
			t.Errorf("%s: stored %q, want %q", tt.name, u.Username, tt.username)
		}
	}
	if got, _ := w.st.GetUser(ctx, AllCompanies(), w.target.ID); got.UsernameLower != "renamed" {
		t.Fatalf("username_lower = %q, want renamed", got.UsernameLower)
	}
}
