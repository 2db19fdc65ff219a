package domain_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/services/campaigns/internal/domain"
	"github.com/copydesk/copydesk/services/campaigns/internal/store"
)

var errInjected = errors.New("injected failure")

// stepFaults fails the failAt-th side write of a relay (the history
// append, the clearing of the campaign); with after, the write lands and
// only its answer is lost (a crash right after the database applied it).
type stepFaults struct {
	n, failAt int
	after     bool
}

func (f *stepFaults) step(write func() error) error {
	f.n++
	if f.n != f.failAt {
		return write()
	}
	if f.after {
		_ = write()
	}
	return errInjected
}

type faultyCampaigns struct {
	domain.CampaignStore
	f *stepFaults
}

func (s faultyCampaigns) ClearPending(ctx context.Context, id string, version int64, done []string) (domain.Campaign, error) {
	var c domain.Campaign
	err := s.f.step(func() (err error) { c, err = s.CampaignStore.ClearPending(ctx, id, version, done); return err })
	return c, err
}

type faultyHistory struct {
	domain.HistoryStore
	f *stepFaults
}

func (s faultyHistory) AppendHistory(ctx context.Context, es []domain.HistoryEntry) error {
	return s.f.step(func() error { return s.HistoryStore.AppendHistory(ctx, es) })
}

// TestHistorySurvivesAFailureAtEitherStep: a change is answered even when
// its history append or the clearing of its pending entries fails (or
// lands and its answer is lost); the relay job then leaves exactly one
// entry per change, however often it runs.
func TestHistorySurvivesAFailureAtEitherStep(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	acts := map[string]func(svc *domain.Service) (string, error){
		"created": func(svc *domain.Service) (string, error) {
			c, err := svc.Create(ctx, e.manager, domain.CreateInput{Name: "Autumn push"})
			return c.ID, err
		},
		"updated": func(svc *domain.Service) (string, error) {
			c := e.create(t, e.manager, domain.CreateInput{})
			name := "Renamed"
			_, err := svc.Update(ctx, e.manager, c.ID, domain.UpdateInput{Version: c.Version, Name: &name})
			return c.ID, err
		},
		"deleted": func(svc *domain.Service) (string, error) {
			c := e.create(t, e.manager, domain.CreateInput{})
			_, err := svc.Delete(ctx, e.manager, c.ID, c.Version)
			return c.ID, err
		},
	}
	for action, act := range acts {
		for _, after := range []bool{false, true} {
			for step := 1; step <= 3; step++ { // 3: no failure
				f := &stepFaults{failAt: step, after: after}
				svc, err := domain.New(domain.Deps{Campaigns: faultyCampaigns{store.NewCampaigns(e.db), f},
					History: faultyHistory{store.NewHistory(e.db), f}, Directory: e.dir, Tickets: e.counter,
					Agents: foreignAgents{}, Log: e.log})
				if err != nil {
					t.Fatal(err)
				}
				id, err := act(svc)
				if err != nil {
					t.Fatalf("%s, failure at step %d (after: %v): the change failed: %v", action, step, after, err)
				}
				for range 2 {
					if _, err := e.svc.RelayPending(ctx, time.Now().Add(time.Hour), 100); err != nil {
						t.Fatal(err)
					}
				}
				n, err := e.db.Collection("campaign_history").CountDocuments(ctx, bson.M{"campaign_id": id, "action": action})
				if err != nil {
					t.Fatal(err)
				}
				left, err := e.db.Collection("campaigns").CountDocuments(ctx, bson.M{"_id": mustOID(t, id), "pending_since": bson.M{"$exists": true}})
				if err != nil {
					t.Fatal(err)
				}
				if n != 1 || left != 0 {
					t.Fatalf("%s, failure at step %d (after: %v): %d history entries (want 1), still pending: %v", action, step, after, n, left == 1)
				}
			}
		}
	}
}

func mustOID(t *testing.T, hex string) bson.ObjectID {
	t.Helper()
	id, err := bson.ObjectIDFromHex(hex)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
