package transport

import (
	campaignsv1 "github.com/copydesk/copydesk/gen/copydesk/campaigns/v1"
	"github.com/copydesk/copydesk/pkg/grpcserver"
	"github.com/copydesk/copydesk/services/campaigns/internal/domain"
)

// Policy lists every method of the campaigns service with the roles that
// may call it (ARCHITECTURE §3: managers CRUD, writers read, clients
// nothing). Finer rules (same company, the workflow's role table) are the
// domain's.
func Policy() grpcserver.Policy {
	readers, managers := domain.ReaderRoles, domain.ManagerRoles
	return grpcserver.Policy{Roles: map[string][]string{
		campaignsv1.CampaignService_CreateCampaign_FullMethodName:       managers,
		campaignsv1.CampaignService_GetCampaign_FullMethodName:          readers,
		campaignsv1.CampaignService_ListCampaigns_FullMethodName:        readers,
		campaignsv1.CampaignService_UpdateCampaign_FullMethodName:       managers,
		campaignsv1.CampaignService_DeleteCampaign_FullMethodName:       managers,
		campaignsv1.CampaignService_ChangeCampaignStatus_FullMethodName: managers,
		campaignsv1.CampaignService_GetCampaignSummary_FullMethodName:   readers,
		campaignsv1.CampaignService_ListCampaignHistory_FullMethodName:  readers,
		campaignsv1.CampaignService_CheckCampaigns_FullMethodName:       readers,
		campaignsv1.CampaignPlanService_CreatePlan_FullMethodName:       managers,
		campaignsv1.CampaignPlanService_ListPlans_FullMethodName:        readers,
		campaignsv1.CampaignPlanService_GetPlan_FullMethodName:          readers,
		campaignsv1.CampaignPlanService_UpdatePlan_FullMethodName:       managers,
		campaignsv1.CampaignPlanService_AcceptPlan_FullMethodName:       managers,
		campaignsv1.CampaignPlanService_RejectPlan_FullMethodName:       managers,
	}}
}
