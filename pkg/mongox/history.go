package mongox

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/history"
)

// History implements history.Store on a collection of its own (no array
// inside the entity that grows without bound). Entries name their entity
// in EntityField ("ticket_id", "campaign_id").
type History struct {
	coll        *mongo.Collection
	entityField string
}

// NewHistory returns the history kept in coll.
func NewHistory(coll *mongo.Collection, entityField string) *History {
	return &History{coll: coll, entityField: entityField}
}

var _ history.Store = (*History)(nil)

// historyDoc is the stored form, but for the entity id, whose field name
// is the History's.
type historyDoc struct {
	ID        bson.ObjectID `bson:"_id"`
	CompanyID string        `bson:"company_id"`
	ActorID   string        `bson:"actor_id"`
	Automatic bool          `bson:"automatic"`
	At        time.Time     `bson:"at"`
	Action    string        `bson:"action"`
	Field     string        `bson:"field"`
	From      string        `bson:"from"`
	To        string        `bson:"to"`
	Note      string        `bson:"note"`
	Version   int64         `bson:"version"`
}

// AppendHistory stores entries. An entry with an ID (an ObjectID hex,
// e.g. the id of the pending event it comes from) is stored under it, and
// one already stored counts as done: a relay that runs again after a
// failure adds nothing twice.
func (h *History) AppendHistory(ctx context.Context, entries []history.Entry) error {
	if len(entries) == 0 {
		return nil
	}
	docs := make([]any, 0, len(entries))
	for _, e := range entries {
		if err := RequireTenant(e.CompanyID); err != nil {
			return err
		}
		id := bson.NewObjectID()
		if e.ID != "" {
			var err error
			if id, err = bson.ObjectIDFromHex(e.ID); err != nil {
				return fmt.Errorf("history entry id %q: %w", e.ID, err)
			}
		}
		d := bson.D{{Key: "_id", Value: id}, {Key: "company_id", Value: e.CompanyID},
			{Key: h.entityField, Value: e.EntityID}, {Key: "actor_id", Value: e.ActorID}, {Key: "at", Value: e.At},
			{Key: "action", Value: e.Action}, {Key: "field", Value: e.Field}, {Key: "from", Value: e.From},
			{Key: "to", Value: e.To}, {Key: "note", Value: e.Note}}
		if e.Automatic {
			d = append(d, bson.E{Key: "automatic", Value: true})
		}
		if e.Version != 0 {
			d = append(d, bson.E{Key: "version", Value: e.Version})
		}
		docs = append(docs, d)
	}
	return InsertNew(ctx, h.coll, docs)
}

// ListHistory pages an entity's entries by time (ties by insertion order).
func (h *History) ListHistory(ctx context.Context, company, entityID string, p Page) ([]history.Entry, int64, error) {
	if err := RequireTenant(company); err != nil {
		return nil, 0, err
	}
	var docs []bson.Raw
	total, err := FindPage(ctx, h.coll, bson.M{"company_id": company, h.entityField: entityID},
		Page{Skip: p.Skip, Limit: p.Limit, Sort: "at", Desc: p.Desc}, &docs)
	if err != nil {
		return nil, 0, err
	}
	out := make([]history.Entry, 0, len(docs))
	for _, raw := range docs {
		var d historyDoc
		if err := bson.Unmarshal(raw, &d); err != nil {
			return nil, 0, fmt.Errorf("decode %s: %w", h.coll.Name(), err)
		}
		entity, _ := raw.Lookup(h.entityField).StringValueOK()
		out = append(out, history.Entry{ID: d.ID.Hex(), CompanyID: d.CompanyID, EntityID: entity, ActorID: d.ActorID,
			Automatic: d.Automatic, At: d.At.UTC(), Action: d.Action, Field: d.Field, From: d.From, To: d.To,
			Note: d.Note, Version: d.Version})
	}
	return out, total, nil
}
