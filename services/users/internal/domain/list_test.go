package domain

import "testing"

func TestListVisibility(t *testing.T) {
	t.Parallel()
	tests := []struct {
		role      string
		companyID func(w *world) string
		want      int
	}{
		{sa, func(*world) string { return "" }, 7},
		{sa, func(w *world) string { return w.b.ID }, 1},
		{ca, func(*world) string { return "" }, 5},
		{ca, func(w *world) string { return w.b.ID }, 5}, // forced to own company
		{cm, func(*world) string { return "" }, 5},
		{cli, func(*world) string { return "" }, 1},
	}
	for _, tt := range tests {
		t.Run(tt.role, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			p := w.who[tt.role]
			us, total, err := w.svc.ListUsers(t.Context(), p, UserFilter{CompanyID: tt.companyID(w)}, Page{})
			if err != nil || int(total) != tt.want || len(us) != tt.want {
				t.Fatalf("got %d users (total %d, err %v), want %d", len(us), total, err, tt.want)
			}
			for _, u := range us {
				if !p.IsSuperadmin() && u.CompanyID != p.CompanyID {
					t.Fatalf("%s sees a user of another company", tt.role)
				}
				if tt.role == cli && u.ID != p.UserID {
					t.Fatal("a client sees someone else")
				}
			}
		})
	}
	t.Run("companies", func(t *testing.T) {
		t.Parallel()
		w := newWorld(t)
		if cs, _, _ := w.svc.ListCompanies(t.Context(), w.who[sa], CompanyFilter{}, Page{}); len(cs) != 4 {
			t.Fatalf("superadmin sees %d companies, want 4", len(cs))
		}
		if cs, _, _ := w.svc.ListCompanies(t.Context(), w.who[ca], CompanyFilter{}, Page{}); len(cs) != 1 || cs[0].ID != w.a.ID {
			t.Fatalf("company_admin sees %v, want only its own", cs)
		}
		if _, _, err := w.svc.ListCompanies(t.Context(), w.who[cw], CompanyFilter{}, Page{}); outcome(err) != "403" {
			t.Fatalf("writer lists companies: %v", err)
		}
	})
}
