// Command tickets serves the copydesk.tickets.v1 services: tickets and
// their workflow, followers, comments, history, notifications, webhooks,
// and the internal ticket counts. Assignees are checked with the users
// service over gRPC; webhook events are delivered from a Mongo outbox by
// background workers (safe with several replicas). See README.md.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	ticketsv1 "github.com/copydesk/copydesk/gen/copydesk/tickets/v1"
	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
	"github.com/copydesk/copydesk/pkg/authn"
	"github.com/copydesk/copydesk/pkg/config"
	"github.com/copydesk/copydesk/pkg/grpcclient"
	"github.com/copydesk/copydesk/pkg/logging"
	"github.com/copydesk/copydesk/pkg/service"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
	"github.com/copydesk/copydesk/services/tickets/internal/netguard"
	"github.com/copydesk/copydesk/services/tickets/internal/outbox"
	"github.com/copydesk/copydesk/services/tickets/internal/store"
	"github.com/copydesk/copydesk/services/tickets/internal/transport"
)

func main() {
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "tickets:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	c, err := loadConfig(config.FromEnv())
	if err != nil {
		return err
	}
	log := logging.New(os.Stderr, c.LogLevel, "tickets")
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	// The access-token TTL is unused here: the service only verifies user
	// tokens and issues its own short service tokens.
	tokens, err := authn.New(c.JWTSecret, c.JWTIssuer, 15*time.Minute)
	if err != nil {
		return err
	}
	db, closeDB, err := service.OpenMongo(ctx, c.Common, log, store.Migrations)
	if err != nil {
		return err
	}
	defer closeDB()

	usersConn, err := grpcclient.Dial(c.UsersAddr, grpcclient.Options{Service: "tickets", Tokens: tokens})
	if err != nil {
		return err
	}
	defer func() { _ = usersConn.Close() }()

	if c.WebhookAllowLoopback {
		log.Warn("WEBHOOK_ALLOW_LOOPBACK is on: webhooks may target loopback addresses (tests only)")
	}
	guard := &netguard.Guard{AllowLoopback: c.WebhookAllowLoopback}
	hooks := store.NewWebhooks(db)
	svc, err := domain.New(domain.Deps{
		Tickets:       store.NewTickets(db),
		Activity:      store.NewActivity(db),
		Notifications: store.NewNotifications(db),
		Webhooks:      hooks,
		Directory:     transport.NewDirectory(usersv1.NewDirectoryServiceClient(usersConn)),
		URLGuard:      guard,
		Log:           log,
	})
	if err != nil {
		return err
	}

	var workers sync.WaitGroup
	ocfg := outbox.Config{
		PollInterval: c.WebhookPollInterval, Lease: c.WebhookLease, Timeout: c.WebhookTimeout,
		BackoffBase: c.WebhookBackoffBase, BackoffMax: c.WebhookBackoffMax, MaxAttempts: c.WebhookMaxAttempts,
	}
	httpClient := guard.Client(c.WebhookTimeout)
	for range c.WebhookWorkers {
		w := outbox.NewWorker(hooks, httpClient, ocfg, log)
		workers.Go(func() { w.Run(ctx) })
	}
	defer workers.Wait()

	srv := c.Server(ticketsv1.TicketService_ServiceDesc.ServiceName, log, tokens, transport.Policy())
	ticketsv1.RegisterTicketServiceServer(srv, transport.NewTicketServer(svc))
	ticketsv1.RegisterTicketActivityServiceServer(srv, transport.NewActivityServer(svc))
	ticketsv1.RegisterNotificationServiceServer(srv, transport.NewNotificationServer(svc))
	ticketsv1.RegisterWebhookServiceServer(srv, transport.NewWebhookServer(svc))
	ticketsv1.RegisterTicketStatsServiceServer(srv, transport.NewStatsServer(svc))
	return srv.Serve(ctx)
}
