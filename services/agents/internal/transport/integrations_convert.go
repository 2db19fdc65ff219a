package transport

import (
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	agentsv1 "github.com/copydesk/copydesk/gen/copydesk/agents/v1"
	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/protoconv"
	"github.com/copydesk/copydesk/services/agents/internal/integrations"
)

// toIntegration shows a connection; there is no field for its secret.
func toIntegration(it integrations.Integration) *agentsv1.Integration {
	return &agentsv1.Integration{Id: it.ID, CompanyId: it.CompanyID, Kind: it.Kind, Name: it.Name, ShopDomain: it.ShopDomain,
		ApiVersion: it.APIVersion, SyncIntervalMinutes: int32(it.SyncMinutes), SiteUrl: it.SiteURL, Username: it.Username,
		HasSecret: it.HasSecret, Active: it.Active, LastSyncedAt: optionalTime(it.LastSyncedAt),
		CreatedAt: protoconv.Timestamp(it.CreatedAt), UpdatedAt: protoconv.Timestamp(it.UpdatedAt)}
}

func toJob(j integrations.Job) *agentsv1.SyncJob {
	return &agentsv1.SyncJob{Id: j.ID, IntegrationId: j.IntegrationID, CompanyId: j.CompanyID, Trigger: j.Trigger, Mode: j.Mode,
		Status: j.Status, Fetched: int32(j.Fetched), Ingested: int32(j.Ingested), Unchanged: int32(j.Unchanged), Removed: int32(j.Removed),
		Failed: int32(j.Failed), Errors: protoconv.Strings(j.Errors), CreatedAt: protoconv.Timestamp(j.CreatedAt),
		StartedAt: optionalTime(j.StartedAt), FinishedAt: optionalTime(j.FinishedAt)}
}

func optionalTime(t time.Time) *timestamppb.Timestamp {
	if t.IsZero() {
		return nil
	}
	return protoconv.Timestamp(t)
}

func secretTwice() error {
	var v errs.Validator
	v.Add("application_password", "value_error", "send access_token or application_password, not both")
	return v.Err()
}
