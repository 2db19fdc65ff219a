package apidoc

import "testing"

// Creates document the Idempotency-Key header; chat (a stream) does not.
func TestIdempotencyKeyDocumentedOnCreates(t *testing.T) {
	t.Parallel()
	b := build(t)
	has := func(id string) bool {
		op, ok := b.ops[id]
		if !ok {
			t.Fatalf("no operation %s", id)
		}
		params, _ := op["parameters"].(list)
		for _, p := range params {
			if p := p.(object); p["name"] == "Idempotency-Key" && p["in"] == "header" {
				return true
			}
		}
		return false
	}
	for _, id := range []string{"TicketService_CreateTicket", "CampaignService_CreateCampaign", "AgentService_CreateAgent"} {
		if !has(id) {
			t.Errorf("%s does not document Idempotency-Key", id)
		}
	}
	for _, id := range []string{"ChatService_Chat", "ChatService_StreamChat", "TicketService_ListTickets", tokenOp} {
		if has(id) {
			t.Errorf("%s documents Idempotency-Key, which it ignores", id)
		}
	}
}
