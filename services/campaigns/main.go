// Command campaigns serves copydesk.campaigns.v1: a company's campaigns,
// their workflow and history, the progress summary (ticket counts from the
// tickets service over gRPC) and the scheduler that starts and completes
// campaigns on time, safely with several replicas. See README.md.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	campaignsv1 "github.com/copydesk/copydesk/gen/copydesk/campaigns/v1"
	ticketsv1 "github.com/copydesk/copydesk/gen/copydesk/tickets/v1"
	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
	"github.com/copydesk/copydesk/pkg/authn"
	"github.com/copydesk/copydesk/pkg/config"
	"github.com/copydesk/copydesk/pkg/grpcclient"
	"github.com/copydesk/copydesk/pkg/logging"
	"github.com/copydesk/copydesk/pkg/service"
	"github.com/copydesk/copydesk/services/campaigns/internal/domain"
	"github.com/copydesk/copydesk/services/campaigns/internal/scheduler"
	"github.com/copydesk/copydesk/services/campaigns/internal/store"
	"github.com/copydesk/copydesk/services/campaigns/internal/transport"
)

func main() {
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "campaigns:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	c, err := loadConfig(config.FromEnv())
	if err != nil {
		return err
	}
	log := logging.New(os.Stderr, c.LogLevel, "campaigns")
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

	clientOpts := grpcclient.Options{Service: "campaigns", Tokens: tokens}
	usersConn, err := grpcclient.Dial(c.UsersAddr, clientOpts)
	if err != nil {
		return err
	}
	defer func() { _ = usersConn.Close() }()
	ticketsConn, err := grpcclient.Dial(c.TicketsAddr, clientOpts)
	if err != nil {
		return err
	}
	defer func() { _ = ticketsConn.Close() }()

	svc, err := domain.New(domain.Deps{
		Campaigns: store.NewCampaigns(db),
		History:   store.NewHistory(db),
		Directory: transport.NewDirectory(usersv1.NewDirectoryServiceClient(usersConn)),
		Tickets:   transport.NewTicketCounter(ticketsv1.NewTicketStatsServiceClient(ticketsConn)),
		Log:       log,
	})
	if err != nil {
		return err
	}

	// The scheduler stops when the server does, before Mongo disconnects
	// (deferred calls run last-in first-out: cancel, wait, disconnect).
	var workers sync.WaitGroup
	defer workers.Wait()
	wctx, cancelWorkers := context.WithCancel(ctx)
	defer cancelWorkers()
	if c.SchedulerEnabled {
		sch := scheduler.New(svc, store.NewLeases(db), c.SchedulerInterval, log)
		workers.Go(func() { sch.Run(wctx) })
	}

	srv := c.Server(campaignsv1.CampaignService_ServiceDesc.ServiceName, log, tokens, transport.Policy())
	campaignsv1.RegisterCampaignServiceServer(srv, transport.NewCampaignServer(svc))
	return srv.Serve(ctx)
}
