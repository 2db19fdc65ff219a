package domain_test

import (
	"testing"

	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
	"github.com/copydesk/copydesk/services/tickets/internal/store"
)

func unread(t *testing.T, e *env, p principal.Principal) []domain.Notification {
	t.Helper()
	yes := true
	ns, _, _, err := e.svc.Notifications(t.Context(), p, &yes, domain.Page{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	return ns
}

func TestNotificationFanOutAndReadMarking(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	// Created by the client, assigned by the manager to the writer: the
	// client (follower) and the writer (new follower) hear of it, the
	// manager (actor, not a follower) does not.
	tk := e.newTicket(t)
	if got := unread(t, e, e.client); len(got) != 1 || got[0].Type != domain.NotifyAssigned || got[0].TicketNumber != tk.Ref() {
		t.Fatalf("client after assignment: %+v", got)
	}
	if got := unread(t, e, e.writer); len(got) != 1 || got[0].ActorID != e.manager.UserID {
		t.Fatalf("writer after assignment: %+v", got)
	}
	if got := unread(t, e, e.manager); len(got) != 0 {
		t.Fatalf("actor notified: %+v", got)
	}
	// The writer starts: only the client hears of it.
	tk, err := e.svc.ChangeStatus(t.Context(), e.writer, tk.ID, "in_progress", "", tk.Version)
	if err != nil {
		t.Fatal(err)
	}
	if got := unread(t, e, e.client); len(got) != 2 || got[0].Type != domain.NotifyStatusChanged {
		t.Fatalf("client after status change: %+v", got)
	}
	if got := unread(t, e, e.writer); len(got) != 1 {
		t.Fatalf("writer notified of own step: %+v", got)
	}
	// The client comments: only the writer hears of it.
	if _, err := e.svc.AddComment(t.Context(), e.client, tk.ID, "Please mention the sale"); err != nil {
		t.Fatal(err)
	}
	got := unread(t, e, e.writer)
	if len(got) != 2 || got[0].Type != domain.NotifyCommentAdded {
		t.Fatalf("writer after comment: %+v", got)
	}
	// Read one; another user cannot read it; read all.
	if _, err := e.svc.MarkRead(t.Context(), e.client, got[0].ID); kind(err) != "404" {
		t.Fatalf("someone else's notification: %v", err)
	}
	if _, err := e.svc.MarkRead(t.Context(), e.managerB, got[0].ID); kind(err) != "404" {
		t.Fatalf("other company: %v", err)
	}
	n, err := e.svc.MarkRead(t.Context(), e.writer, got[0].ID)
	if err != nil || !n.Read || n.ReadAt == nil {
		t.Fatalf("mark read: %+v %v", n, err)
	}
	if left := unread(t, e, e.writer); len(left) != 1 {
		t.Fatalf("unread after marking one: %d", len(left))
	}
	no := false
	read, total, unreadN, err := e.svc.Notifications(t.Context(), e.writer, &no, domain.Page{Limit: 100})
	if err != nil || len(read) != 1 || total != 1 || unreadN != 1 {
		t.Fatalf("read filter: %d %d %d %v", len(read), total, unreadN, err)
	}
	if c, err := e.svc.MarkAllRead(t.Context(), e.client); err != nil || c != 2 {
		t.Fatalf("read all: %d %v", c, err)
	}
	if left := unread(t, e, e.client); len(left) != 0 {
		t.Fatalf("unread after read all: %d", len(left))
	}
	if left := unread(t, e, e.writer); len(left) != 1 {
		t.Fatalf("read all touched another user: %d", len(left))
	}
}

func TestHistoryRecordsEveryChange(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tk := e.newTicket(t)
	title, prio := "Summer launch post", "high"
	tk, err := e.svc.Update(t.Context(), e.manager, tk.ID, domain.UpdateInput{Version: tk.Version, Title: &title, Priority: &prio})
	if err != nil {
		t.Fatal(err)
	}
	tk, err = e.svc.SetArchived(t.Context(), e.manager, tk.ID, true, tk.Version)
	if err != nil || !tk.Archived {
		t.Fatal(err)
	}
	hist, total, err := e.svc.History(t.Context(), e.client, tk.ID, domain.Page{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ action, field, from, to string }{
		{"created", "status", "", "open"},
		{"assigned", "assignee_id", "", e.writer.UserID},
		{"updated", "title", "Spring launch post", "Summer launch post"},
		{"updated", "priority", "normal", "high"},
		{"archived", "archived", "false", "true"},
	}
	if int(total) != len(want) {
		t.Fatalf("history has %d entries, want %d: %+v", total, len(want), hist)
	}
	for i, w := range want {
		h := hist[i]
		if h.Action != w.action || h.Field != w.field || h.From != w.from || h.To != w.to || h.ActorID == "" || h.At.IsZero() {
			t.Errorf("entry %d = %+v, want %+v", i, h, w)
		}
	}
}

// A superadmin's notifications are stored under the ticket's company, not
// the superadmin's own: they are listed and marked read all the same, and
// stay the superadmin's alone.
func TestSuperadminNotificationsFromAnotherCompany(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tk := e.newTicket(t)
	if _, err := e.svc.Follow(t.Context(), e.super, tk.ID, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.AddComment(t.Context(), e.client, tk.ID, "First draft, please"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.AddComment(t.Context(), e.client, tk.ID, "And a second thought"); err != nil {
		t.Fatal(err)
	}
	got := unread(t, e, e.super)
	if len(got) != 2 || got[0].Type != domain.NotifyCommentAdded || got[0].CompanyID != tk.CompanyID {
		t.Fatalf("superadmin's notifications: %+v", got)
	}
	// Nobody else reaches them, not even a user of the ticket's company.
	for _, p := range []principal.Principal{e.manager, e.managerB} {
		if _, err := e.svc.MarkRead(t.Context(), p, got[0].ID); kind(err) != "404" {
			t.Fatalf("%s marked the superadmin's notification: %v", p.Role, err)
		}
	}
	n, err := e.svc.MarkRead(t.Context(), e.super, got[0].ID)
	if err != nil || !n.Read {
		t.Fatalf("superadmin mark read: %+v %v", n, err)
	}
	_, total, unreadN, err := e.svc.Notifications(t.Context(), e.super, nil, domain.Page{Limit: 100})
	if err != nil || total != 2 || unreadN != 1 {
		t.Fatalf("superadmin list: total %d unread %d %v", total, unreadN, err)
	}
	if c, err := e.svc.MarkAllRead(t.Context(), e.super); err != nil || c != 1 {
		t.Fatalf("superadmin read all: %d %v", c, err)
	}
	if left := unread(t, e, e.super); len(left) != 0 {
		t.Fatalf("unread after read all: %d", len(left))
	}
	if left := unread(t, e, e.writer); len(left) != 3 { // assigned + 2 comments
		t.Fatalf("superadmin's read all touched the writer: %d unread", len(left))
	}
}

// A recipient without a company is refused unless it is a superadmin's.
func TestNotificationsNeedACompanyOutsideSuperadmin(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	noCompany := principal.Principal{UserID: e.writer.UserID, Role: principal.RoleContentWriter}
	if _, _, _, err := e.svc.Notifications(t.Context(), noCompany, nil, domain.Page{Limit: 10}); kind(err) != "403" {
		t.Fatalf("writer without company: %v", err)
	}
	if _, _, err := store.NewNotifications(e.db).ListNotifications(t.Context(), domain.Recipient{UserID: e.writer.UserID}, nil, domain.Page{Limit: 10}); err == nil {
		t.Fatal("store listed a recipient without company scope")
	}
}
