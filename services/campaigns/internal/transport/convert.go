package transport

import (
	"time"

	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	campaignsv1 "github.com/copydesk/copydesk/gen/copydesk/campaigns/v1"
	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/services/campaigns/internal/domain"
)

func ts(t time.Time) *timestamppb.Timestamp {
	if t.IsZero() {
		return nil
	}
	return timestamppb.New(t)
}

func tsPtr(t *time.Time) *timestamppb.Timestamp {
	if t == nil {
		return nil
	}
	return timestamppb.New(*t)
}

func timePtr(t *timestamppb.Timestamp) *time.Time {
	if t == nil {
		return nil
	}
	v := t.AsTime()
	return &v
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func toCampaign(c domain.Campaign) *campaignsv1.Campaign {
	return &campaignsv1.Campaign{
		Id: c.ID, Name: c.Name, Description: c.Description, Goal: c.Goal, Status: c.Status,
		StartAt: tsPtr(c.StartAt), EndAt: tsPtr(c.EndAt), Channels: nonNil(c.Channels), Audience: c.Audience,
		BudgetCents: float64(c.BudgetCents), Currency: c.Currency, AgentIds: nonNil(c.AgentIDs), Tags: nonNil(c.Tags),
		OwnerId: c.OwnerID, CompanyId: c.CompanyID, Version: int32(c.Version), CreatedBy: c.CreatedBy,
		CreatedAt: ts(c.CreatedAt), UpdatedAt: ts(c.UpdatedAt),
	}
}

func toHistory(h domain.HistoryEntry) *campaignsv1.CampaignHistoryEntry {
	return &campaignsv1.CampaignHistoryEntry{Id: h.ID, CampaignId: h.CampaignID, ActorId: h.ActorID, Automatic: h.Automatic,
		At: ts(h.At), Action: h.Action, Field: h.Field, From: h.From, To: h.To, Note: h.Note, Version: int32(h.Version)}
}

func toSummary(s domain.Summary) *campaignsv1.CampaignSummary {
	out := &campaignsv1.CampaignSummary{
		CampaignId: s.Campaign.ID, Status: s.Campaign.Status, TotalTickets: total(s.Tickets.Total),
		TicketsByStatus: map[string]int32{}, OverdueTickets: total(s.Tickets.Overdue), DoneTickets: total(s.Done),
		Progress: s.Progress, TimeElapsed: s.TimeElapsed, StartAt: tsPtr(s.Campaign.StartAt), EndAt: tsPtr(s.Campaign.EndAt),
	}
	for k, v := range s.Tickets.ByStatus {
		out.TicketsByStatus[k] = total(v)
	}
	return out
}

// stringList turns a JSON array into strings; other values are a 422.
func stringList(field string, l *structpb.ListValue) (*[]string, error) {
	if l == nil {
		return nil, nil
	}
	out := make([]string, 0, len(l.GetValues()))
	for _, v := range l.GetValues() {
		s, ok := v.GetKind().(*structpb.Value_StringValue)
		if !ok {
			var val errs.Validator
			val.Add(field, "string_type", "%s must be a list of strings", field)
			return nil, val.Err()
		}
		out = append(out, s.StringValue)
	}
	return &out, nil
}

func total(n int64) int32 { return int32(min(n, 1<<31-1)) }
