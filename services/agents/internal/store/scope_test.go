package store_test

import (
	"log/slog"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/mongox"

	"github.com/copydesk/copydesk/pkg/mongotest"
	"github.com/copydesk/copydesk/services/agents/internal/domain"
	"github.com/copydesk/copydesk/services/agents/internal/store"
)

// Every store method refuses a missing tenant instead of reading all.
func TestStoresRefuseAMissingCompany(t *testing.T) {
	t.Parallel()
	db := mongotest.DB(t)
	ctx := t.Context()
	agents, convs := store.NewAgents(db), store.NewConversations(db)
	id := "6650000000000000000000c3"
	pg := domain.Page{Limit: 10, Sort: "created_at"}
	none := domain.Scope{}
	for what, err := range map[string]error{
		"create agent": func() error { _, err := agents.Create(ctx, domain.Agent{Name: "x"}); return err }(),
		"get agent":    func() error { _, err := agents.Get(ctx, none, id); return err }(),
		"list agents":  func() error { _, _, err := agents.List(ctx, none, domain.AgentFilter{}, pg); return err }(),
		"update agent": func() error { _, err := agents.Update(ctx, none, id, 1, domain.AgentChanges{}); return err }(),
		"versions":     func() error { _, _, err := agents.Versions(ctx, none, id, pg); return err }(),
		"conversation": func() error {
			_, err := convs.GetConversation(ctx, domain.ConversationScope{AllUsers: true}, id)
			return err
		}(),
		"no user": func() error {
			_, err := convs.GetConversation(ctx, domain.ConversationScope{Scope: domain.Company(id)}, id)
			return err
		}(),
		"add message": func() error { _, err := convs.AddMessage(ctx, "", domain.Message{}); return err }(),
		"messages":    func() error { _, _, err := convs.Messages(ctx, "", id, pg); return err }(),
		"recent":      func() error { _, err := convs.Recent(ctx, "", id, 5); return err }(),
		"start conv": func() error {
			_, _, err := convs.StartConversation(ctx, domain.Conversation{}, domain.Message{})
			return err
		}(),
	} {
		if err == nil {
			t.Errorf("%s without a company succeeded", what)
		}
	}
}

// TestPurgeVersionClaims: a version claim that ended before the cut-off
// goes, a later one stays.
func TestPurgeVersionClaims(t *testing.T) {
	t.Parallel()
	db := mongotest.DB(t)
	if err := mongox.Migrate(t.Context(), db, slog.New(slog.DiscardHandler), store.Migrations); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	claims := db.Collection("agent_revisions")
	for i, end := range []time.Time{now.Add(-25 * time.Hour), now.Add(-time.Hour)} {
		if won, err := mongox.TakeLease(t.Context(), claims, mongox.Lease{Key: "a", N: int64(i + 1), Until: end}, end.Add(-time.Minute), nil); err != nil || !won {
			t.Fatalf("setup claim: %v %v", won, err)
		}
	}
	if err := store.NewAgents(db).PurgeVersionClaims(t.Context(), now.Add(-24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	var left []struct {
		N int64 `bson:"n"`
	}
	cur, err := claims.Find(t.Context(), bson.M{})
	if err != nil || cur.All(t.Context(), &left) != nil || len(left) != 1 || left[0].N != 2 {
		t.Fatalf("left %+v, %v; want the claim that ended an hour ago", left, err)
	}
}
