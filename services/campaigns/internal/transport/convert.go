package transport

import (
	campaignsv1 "github.com/copydesk/copydesk/gen/copydesk/campaigns/v1"
	"github.com/copydesk/copydesk/pkg/protoconv"
	"github.com/copydesk/copydesk/services/campaigns/internal/domain"
)

func toCampaign(c domain.Campaign) *campaignsv1.Campaign {
	return &campaignsv1.Campaign{
		Id: c.ID, Name: c.Name, Description: c.Description, Goal: c.Goal, Status: c.Status,
		StartAt: protoconv.TimestampPtr(c.StartAt), EndAt: protoconv.TimestampPtr(c.EndAt), Channels: protoconv.Strings(c.Channels), Audience: c.Audience,
		BudgetCents: float64(c.BudgetCents), Currency: c.Currency, AgentIds: protoconv.Strings(c.AgentIDs), Tags: protoconv.Strings(c.Tags),
		OwnerId: c.OwnerID, CompanyId: c.CompanyID, Version: int32(c.Version), CreatedBy: c.CreatedBy,
		CreatedAt: protoconv.Timestamp(c.CreatedAt), UpdatedAt: protoconv.Timestamp(c.UpdatedAt),
	}
}

func toHistory(h domain.HistoryEntry) *campaignsv1.CampaignHistoryEntry {
	return &campaignsv1.CampaignHistoryEntry{Id: h.ID, CampaignId: h.EntityID, ActorId: h.ActorID, Automatic: h.Automatic,
		At: protoconv.Timestamp(h.At), Action: h.Action, Field: h.Field, From: h.From, To: h.To, Note: h.Note, Version: int32(h.Version)}
}

func toSummary(s domain.Summary) *campaignsv1.CampaignSummary {
	out := &campaignsv1.CampaignSummary{
		CampaignId: s.Campaign.ID, Status: s.Campaign.Status, TotalTickets: protoconv.Total(s.Tickets.Total),
		TicketsByStatus: map[string]int32{}, OverdueTickets: protoconv.Total(s.Tickets.Overdue), DoneTickets: protoconv.Total(s.Done),
		Progress: s.Progress, TimeElapsed: s.TimeElapsed, StartAt: protoconv.TimestampPtr(s.Campaign.StartAt), EndAt: protoconv.TimestampPtr(s.Campaign.EndAt),
	}
	for k, v := range s.Tickets.ByStatus {
		out.TicketsByStatus[k] = protoconv.Total(v)
	}
	return out
}
