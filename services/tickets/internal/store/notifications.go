package store

import (
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// Notifications implements domain.NotificationStore. Every query filters
// by recipient, and by company unless the recipient is a superadmin's
// (domain.Recipient.AnyCompany).
type Notifications struct{ coll *mongo.Collection }

// NewNotifications returns the store on db.
func NewNotifications(db *mongo.Database) *Notifications {
	return &Notifications{coll: db.Collection(notificationsColl)}
}

var _ domain.NotificationStore = (*Notifications)(nil)

type notificationDoc struct {
	ID           bson.ObjectID `bson:"_id"`
	CompanyID    string        `bson:"company_id"`
	UserID       string        `bson:"user_id"`
	TicketID     string        `bson:"ticket_id"`
	TicketNumber string        `bson:"ticket_number"`
	Type         string        `bson:"type"`
	Message      string        `bson:"message"`
	ActorID      string        `bson:"actor_id"`
	Read         bool          `bson:"read"`
	CreatedAt    time.Time     `bson:"created_at"`
	ReadAt       *time.Time    `bson:"read_at"`
}

func (d notificationDoc) domain() domain.Notification {
	return domain.Notification{ID: d.ID.Hex(), CompanyID: d.CompanyID, UserID: d.UserID, TicketID: d.TicketID,
		TicketNumber: d.TicketNumber, Type: d.Type, Message: d.Message, ActorID: d.ActorID, Read: d.Read,
		CreatedAt: d.CreatedAt.UTC(), ReadAt: d.ReadAt}
}

// InsertNotifications stores notifications, each under its id when it has
// one (then one stored already counts as done: a relay that runs again).
func (s *Notifications) InsertNotifications(ctx ctxT, ns []domain.Notification) error {
	docs := make([]any, 0, len(ns))
	for _, n := range ns {
		if err := mongox.RequireTenant(n.CompanyID); err != nil {
			return err
		}
		id, err := newOrID(n.ID)
		if err != nil {
			return err
		}
		docs = append(docs, notificationDoc{ID: id, CompanyID: n.CompanyID, UserID: n.UserID,
			TicketID: n.TicketID, TicketNumber: n.TicketNumber, Type: n.Type, Message: n.Message,
			ActorID: n.ActorID, CreatedAt: n.CreatedAt})
	}
	return mongox.InsertNew(ctx, s.coll, docs) // one stored already counts as done
}

func owner(r domain.Recipient) (bson.M, error) {
	if r.UserID == "" {
		return nil, errors.New("store: missing recipient")
	}
	if r.AnyCompany {
		return bson.M{"user_id": r.UserID}, nil
	}
	if err := mongox.RequireTenant(r.CompanyID); err != nil {
		return nil, err
	}
	return bson.M{"company_id": r.CompanyID, "user_id": r.UserID}, nil
}

// ListNotifications pages a user's notifications, newest first.
func (s *Notifications) ListNotifications(ctx ctxT, r domain.Recipient, unread *bool, p domain.Page) ([]domain.Notification, int64, error) {
	f, err := owner(r)
	if err != nil {
		return nil, 0, err
	}
	if unread != nil {
		f["read"] = !*unread
	}
	return mongox.List(ctx, s.coll, f, mongox.Page{Skip: p.Skip, Limit: p.Limit, Sort: "created_at", Desc: true}, notificationDoc.domain)
}

// CountUnread counts a user's unread notifications.
func (s *Notifications) CountUnread(ctx ctxT, r domain.Recipient) (int64, error) {
	f, err := owner(r)
	if err != nil {
		return 0, err
	}
	f["read"] = false
	return s.coll.CountDocuments(ctx, f)
}

// MarkRead marks one notification of the user read (read_at is the first
// time it was marked).
func (s *Notifications) MarkRead(ctx ctxT, r domain.Recipient, id string, now time.Time) (domain.Notification, error) {
	oid, err := mongox.ParseID(id)
	if err != nil {
		return domain.Notification{}, err
	}
	f, err := owner(r)
	if err != nil {
		return domain.Notification{}, err
	}
	f["_id"] = oid
	var d notificationDoc
	unread := bson.M{"read": false}
	for k, v := range f {
		unread[k] = v
	}
	err = s.coll.FindOneAndUpdate(ctx, unread, bson.M{"$set": bson.M{"read": true, "read_at": now}},
		options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		err = s.coll.FindOne(ctx, f).Decode(&d)
	}
	if err != nil {
		return domain.Notification{}, fmt.Errorf("notification %s: %w", id, mongox.NotFound(err))
	}
	return d.domain(), nil
}

// MarkAllRead marks every unread notification of the user read.
func (s *Notifications) MarkAllRead(ctx ctxT, r domain.Recipient, now time.Time) (int64, error) {
	f, err := owner(r)
	if err != nil {
		return 0, err
	}
	f["read"] = false
	res, err := s.coll.UpdateMany(ctx, f, bson.M{"$set": bson.M{"read": true, "read_at": now}})
	if err != nil {
		return 0, fmt.Errorf("mark notifications read: %w", err)
	}
	return res.ModifiedCount, nil
}
