package store

import (
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/mongox"
)

// Collection names.
const (
	ticketsColl       = "tickets"
	countersColl      = "ticket_counters" // until migration 7; superseded by numbersColl
	numbersColl       = "ticket_numbers"
	revisionsColl     = "ticket_revisions"
	leasesColl        = "webhook_leases"
	commentsColl      = "comments"
	historyColl       = "history"
	notificationsColl = "notifications"
	webhooksColl      = "webhooks"
	outboxColl        = "webhook_outbox"
	draftsColl        = "drafts"
	draftNumbersColl  = "draft_numbers"
	publishClaimsColl = "publish_claims"  // one publish per ticket version (mongox.TakeLease)
	requestsColl      = "ticket_requests" // idempotency keys of creates, read by _id only
	attachmentsColl   = "attachments"
)

var idx = mongox.Index

// Migrations are the database changes of the tickets service, in order.
var Migrations = []mongox.Migration{
	{Version: 1, Description: "ticket indexes (unique number per company)", Up: mongox.Indexes(ticketsColl,
		mongo.IndexModel{Keys: bson.D{{Key: "company_id", Value: 1}, {Key: "number", Value: 1}}, Options: options.Index().SetUnique(true).SetName("company_number_unique")},
		idx("company_id", "deleted", "archived", "-created_at"),
		idx("company_id", "status"),
		idx("company_id", "assignee_id"),
		idx("company_id", "campaign_id"),
		idx("company_id", "followers"),
	)},
	{Version: 2, Description: "comment and history indexes", Up: mongox.Steps(
		mongox.Indexes(commentsColl, idx("company_id", "ticket_id", "created_at")),
		mongox.Indexes(historyColl, idx("company_id", "ticket_id", "at")),
	)},
	{Version: 3, Description: "notification indexes", Up: mongox.Indexes(notificationsColl,
		idx("company_id", "user_id", "read", "-created_at"))},
	{Version: 4, Description: "webhook and outbox indexes", Up: mongox.Steps(
		mongox.Indexes(webhooksColl, idx("company_id", "active")),
		mongox.Indexes(outboxColl, idx("status", "next_attempt_at"), idx("webhook_id")),
	)},
	{Version: 5, Description: "webhook lease and ticket revision indexes", Up: mongox.Steps(
		mongox.Indexes(leasesColl, idx("expires_at")),
		mongox.Indexes(revisionsColl, idx("ticket_id")),
	)},
	{Version: 6, Description: "notifications by recipient across companies (superadmins)", Up: mongox.Indexes(notificationsColl,
		idx("user_id", "read", "-created_at"))},
	{Version: 7, Description: "ticket numbers as numbered slots, seeded from the highest number per company", Up: seedTicketNumbers},
	{Version: 8, Description: "ticket revision claims in the one claim format", Up: mongox.UpgradeClaims(revisionsColl, "at", parseRevision)},
	{Version: 9, Description: "drafts: one number per ticket, newest first", Up: mongox.Steps(
		mongox.Indexes(draftsColl,
			mongo.IndexModel{Keys: bson.D{{Key: "ticket_id", Value: 1}, {Key: "number", Value: 1}}, Options: options.Index().SetUnique(true).SetName("ticket_number_unique")},
			idx("company_id", "ticket_id", "-number")),
		mongox.Indexes(draftNumbersColl, mongox.ClaimIndexes()...),
	)},
	{Version: 10, Description: "publish claims", Up: mongox.Indexes(publishClaimsColl, mongox.ClaimIndexes()...)},
	{Version: 11, Description: "attachments of a ticket, newest first (reads, counts and deletes by company, ticket and id)", Up: mongox.Indexes(attachmentsColl,
		idx("company_id", "ticket_id", "-created_at"))},
	{Version: 12, Description: "every query served by an index: list indexes end with the sort and _id and hold the filters; title_lower; outbox claim and purge; unused indexes dropped", Up: servedQueries},
	{Version: 13, Description: "tickets with pending events, unrecorded drafts (the relay job)", Up: mongox.Steps(
		mongox.Indexes(ticketsColl, pendingIndex), mongox.Indexes(draftsColl, pendingIndex))},
	{Version: 14, Description: "queries of the merged features served by an index: the per-company outbox claim, attachment lists ending with _id, the start-up reseal of webhook secrets", Up: mongox.Steps(
		mongox.Indexes(outboxColl, idx("company_id", "status", "next_attempt_at", "_id", "locked_until")),
		mongox.Indexes(attachmentsColl, idx("company_id", "ticket_id", "-created_at", "-_id")),
		mongox.DropIndexes(attachmentsColl, "company_id_1_ticket_id_1_created_at_-1"),
		mongox.Indexes(webhooksColl, idx("secret_sealed.key_id"), idx("secret")),
	)},
	{Version: 15, Description: "the outbox's due companies are read through the per-company claim index: the claim index without the company goes", Up: mongox.DropIndexes(outboxColl, "status_1_next_attempt_at_1__id_1_locked_until_1")},
}
