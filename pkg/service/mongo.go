package service

import (
	"context"
	"log/slog"
	"os"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/pkg/querycheck"
)

const (
	connectTimeout    = 10 * time.Second // server selection and first ping
	disconnectTimeout = 5 * time.Second  // bound on closing at shutdown
)

// OpenMongo connects to c.MongoURI, applies ms to the database c.MongoDB
// and returns it with a close func that disconnects, bounded by a few
// seconds and not cut short by ctx being done (call it after Serve returns).
// With COPYDESK_QUERY_LOG set (the e2e suite), the shape of every query is
// written under that directory for pkg/querycheck.
// On error nothing is left open.
func OpenMongo(ctx context.Context, c Common, log *slog.Logger, ms []mongox.Migration) (*mongo.Database, func(), error) {
	var more []*options.ClientOptions
	if dir := os.Getenv(querycheck.EnvLog); dir != "" {
		rec, err := querycheck.FileRecorder(dir, c.MongoDB)
		if err != nil {
			return nil, nil, err
		}
		more = append(more, options.Client().SetMonitor(rec.Monitor()))
	}
	client, err := mongox.Connect(ctx, c.MongoURI, connectTimeout, more...)
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
