package transport_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	llmv1 "github.com/copydesk/copydesk/gen/copydesk/llm/v1"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/llm/internal/provider"
)

func TestRolesAndCompanies(t *testing.T) {
	t.Parallel()
	h := start(t, provider.Offline{})
	ctx := t.Context()
	complete := func(c context.Context, company string) error {
		_, err := h.client.Complete(c, &llmv1.CompleteRequest{Prompt: "hi", CompanyId: company})
		return err
	}
	for _, tc := range []struct {
		name string
		err  func() error
		want codes.Code
	}{
		{"writer completes", func() error { return complete(h.as(t, ctx, principal.RoleContentWriter, acme), "") }, codes.OK},
		{"client may not", func() error { return complete(h.as(t, ctx, principal.RoleClient, acme), "") }, codes.PermissionDenied},
		{"no token", func() error { return complete(ctx, "") }, codes.Unauthenticated},
		{"user may not bill another company", func() error { return complete(h.as(t, ctx, principal.RoleCompanyAdmin, acme), other) }, codes.PermissionDenied},
		{"service must name the company", func() error { return complete(h.asService(t, ctx), "") }, codes.InvalidArgument},
		{"service bills the named company", func() error { return complete(h.asService(t, ctx), other) }, codes.OK},
		{"service may not read usage", func() error {
			_, err := h.client.GetUsage(h.asService(t, ctx), &llmv1.GetUsageRequest{})
			return err
		}, codes.PermissionDenied},
		{"writer may not change the budget", func() error {
			_, err := h.client.UpdateBudget(h.as(t, ctx, principal.RoleContentWriter, acme), &llmv1.UpdateBudgetRequest{RequestsPerMinute: proto.Int32(1)})
			return err
		}, codes.PermissionDenied},
		{"company admin may not read another company's budget", func() error {
			_, err := h.client.GetBudget(h.as(t, ctx, principal.RoleCompanyAdmin, acme), &llmv1.GetBudgetRequest{CompanyId: other})
			return err
		}, codes.NotFound},
		{"superadmin reads any company's usage", func() error {
			_, err := h.client.GetUsage(h.as(t, ctx, principal.RoleSuperadmin, acme), &llmv1.GetUsageRequest{CompanyId: other})
			return err
		}, codes.OK},
		{"fractional budget refused", func() error {
			_, err := h.client.UpdateBudget(h.as(t, ctx, principal.RoleCompanyAdmin, acme), &llmv1.UpdateBudgetRequest{MonthlyBudgetMicros: proto.Float64(1.5)})
			return err
		}, codes.InvalidArgument},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := status.Code(tc.err()); got != tc.want {
				t.Fatalf("code %v, want %v", got, tc.want)
			}
		})
	}
	recs := h.store.Records()
	if len(recs) != 2 || recs[0].CompanyID != acme || recs[1].CompanyID != other {
		t.Fatalf("billed %+v; want acme then other", recs)
	}
}

func TestStreamCompleteAndBudgetOverGRPC(t *testing.T) {
	t.Parallel()
	h := start(t, provider.Offline{})
	admin := h.as(t, t.Context(), principal.RoleCompanyAdmin, acme)
	stream, err := h.client.StreamComplete(admin, &llmv1.StreamCompleteRequest{Prompt: "tagline for red shoes"})
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	var last *llmv1.StreamCompleteResponse
	deltas := 0
	for {
		m, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if last != nil && last.GetDone() {
			t.Fatal("message after the final one")
		}
		if !m.GetDone() {
			deltas++
			text.WriteString(m.GetDelta())
		}
		if m.GetProvider() != "offline" {
			t.Fatalf("provider %q in %v", m.GetProvider(), m)
		}
		last = m
	}
	if deltas < 5 || !last.GetDone() || last.GetUsage().GetCompletionTokens() != int32(deltas) || !strings.Contains(text.String(), "red shoes") {
		t.Fatalf("%d deltas %q, final %v", deltas, text.String(), last)
	}

	b, err := h.client.UpdateBudget(admin, &llmv1.UpdateBudgetRequest{MonthlyBudgetMicros: proto.Float64(1), RequestsPerMinute: proto.Int32(50)})
	if err != nil || b.GetBudget().GetMonthlyBudgetMicros() != 1 || b.GetBudget().GetRequestsPerMinute() != 50 {
		t.Fatalf("budget %v (%v)", b, err)
	}
}
