package edge_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"

	campaignsv1 "github.com/copydesk/copydesk/gen/copydesk/campaigns/v1"
)

// deadlines records how long each call received by the fake campaigns
// service had before its deadline.
type deadlines struct {
	mu   sync.Mutex
	left map[string]time.Duration
}

func (d *deadlines) add(ctx context.Context, method string) {
	dl, ok := ctx.Deadline()
	d.mu.Lock()
	defer d.mu.Unlock()
	if ok {
		d.left[method] = time.Until(dl)
	} else {
		d.left[method] = -1 // no deadline
	}
}

type fakeCampaigns struct {
	campaignsv1.UnimplementedCampaignServiceServer
	d *deadlines
}

func (f fakeCampaigns) GetCampaign(ctx context.Context, _ *campaignsv1.GetCampaignRequest) (*campaignsv1.GetCampaignResponse, error) {
	f.d.add(ctx, "GetCampaign")
	return &campaignsv1.GetCampaignResponse{Campaign: &campaignsv1.Campaign{}}, nil
}

type fakePlans struct {
	campaignsv1.UnimplementedCampaignPlanServiceServer
	d *deadlines
}

func (f fakePlans) ListPlans(ctx context.Context, _ *campaignsv1.ListPlansRequest) (*campaignsv1.ListPlansResponse, error) {
	f.d.add(ctx, "ListPlans")
	return &campaignsv1.ListPlansResponse{}, nil
}

// Only the plan routes of the campaigns service get the proposal's long
// deadline; its other routes keep the edge's default 10 s.
func TestCampaignPlanRoutesAloneGetThePlanDeadline(t *testing.T) {
	t.Parallel()
	d := &deadlines{left: map[string]time.Duration{}}
	addr := startGRPC(t, func(s *grpc.Server) {
		campaignsv1.RegisterCampaignServiceServer(s, fakeCampaigns{d: d})
		campaignsv1.RegisterCampaignPlanServiceServer(s, fakePlans{d: d})
	})
	e := newEnv(t, envOpts{vars: map[string]string{"CAMPAIGNS_ADDR": addr}})
	auth := "Authorization: Bearer " + e.token(t)
	const id = "0123456789abcdef01234567"
	for _, path := range []string{"/api/campaigns/" + id, "/api/campaigns/" + id + "/plans"} {
		if r := e.do(t, http.MethodGet, path, "", auth); r.code != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, r.code, r.body)
		}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if left := d.left["GetCampaign"]; left <= 0 || left > 10*time.Second {
		t.Errorf("GetCampaign had %v left, want the default 10s", left)
	}
	if left := d.left["ListPlans"]; left <= 400*time.Second || left > 420*time.Second {
		t.Errorf("ListPlans had %v left, want the plan timeout (420s)", left)
	}
}
