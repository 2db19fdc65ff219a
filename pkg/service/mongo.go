package service

import (
	"context"
	"log/slog"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/mongox"
)

const (
	connectTimeout    = 10 * time.Second // server selection and first ping
	disconnectTimeout = 5 * time.Second  // bound on closing at shutdown
)

// OpenMongo connects to c.MongoURI, applies ms to the database c.MongoDB
// and returns it with a close func that disconnects, bounded by a few
// seconds and not cut short by ctx being done (call it after Serve returns).
// On error nothing is left open.
func OpenMongo(ctx context.Context, c Common, log *slog.Logger, ms []mongox.Migration) (*mongo.Database, func(), error) {
	client, err := mongox.Connect(ctx, c.MongoURI, connectTimeout)
	if err != nil {
		return nil, nil, err
	}
	closeDB := func() {
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), disconnectTimeout)
		defer cancel()
		_ = client.Disconnect(dctx)
	}
	db := client.Database(c.MongoDB)
	if err := mongox.Migrate(ctx, db, log, ms); err != nil {
		closeDB()
		return nil, nil, err
	}
	return db, closeDB, nil
}
